package nsn.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads the IDX files of MNIST-style datasets: a big-endian header (magic {@code 0x000008NN} where {@code 08} means
 * unsigned bytes and {@code NN} is the number of dimensions, then one 32-bit size per dimension) followed by the
 * data. Files ending in {@code .gz} are decompressed on the fly.
 */
final class IdxFiles {

    /** Magic of an unsigned-byte IDX file with 3 dimensions (images). */
    static final int IMAGES_MAGIC = 0x00000803;
    /** Magic of an unsigned-byte IDX file with 1 dimension (labels). */
    static final int LABELS_MAGIC = 0x00000801;

    private IdxFiles() {
    }

    /** The images of an IDX3 file: {@code count} images of {@code rows × cols} bytes each. */
    record Images(int count, byte[] pixels) {
    }

    /**
     * Reads an IDX3 image file.
     *
     * @param file the file, gzip-compressed when its name ends in {@code .gz}
     * @param rows the expected image height
     * @param cols the expected image width
     */
    static Images readImages(Path file, int rows, int cols) {
        try (InputStream in = open(file)) {
            checkMagic(file, readInt(file, in), IMAGES_MAGIC, "unsigned byte, 3 dims");
            int count = readInt(file, in);
            int fileRows = readInt(file, in);
            int fileCols = readInt(file, in);
            if (count < 0) {
                throw DatasetFormatException.expected(file, "a non-negative image count", Integer.toString(count));
            }
            if (fileRows != rows || fileCols != cols) {
                throw DatasetFormatException.expected(file, "images of " + rows + "x" + cols,
                        fileRows + "x" + fileCols);
            }
            long length = (long) count * rows * cols;
            if (length > Integer.MAX_VALUE - 8) {
                throw DatasetFormatException.expected(file, "at most " + (Integer.MAX_VALUE - 8) / (rows * cols)
                        + " images of " + rows + "x" + cols, count + " images");
            }
            byte[] pixels = readPayload(file, in, (int) length, count + " images of " + rows + "x" + cols);
            return new Images(count, pixels);
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    /**
     * Reads an IDX1 label file and checks every label lies in {@code [0, numClasses)}.
     *
     * @param file the file, gzip-compressed when its name ends in {@code .gz}
     * @param numClasses the number of classes
     */
    static int[] readLabels(Path file, int numClasses) {
        try (InputStream in = open(file)) {
            checkMagic(file, readInt(file, in), LABELS_MAGIC, "unsigned byte, 1 dim");
            int count = readInt(file, in);
            if (count < 0) {
                throw DatasetFormatException.expected(file, "a non-negative label count", Integer.toString(count));
            }
            byte[] bytes = readPayload(file, in, count, count + " labels");
            int[] labels = new int[count];
            for (int i = 0; i < count; i++) {
                labels[i] = Byte.toUnsignedInt(bytes[i]);
                if (labels[i] >= numClasses) {
                    throw DatasetFormatException.expected(file,
                            "labels in [0, " + numClasses + ")", "label " + labels[i] + " at index " + i);
                }
            }
            return labels;
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    private static InputStream open(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        return file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(in, 1 << 16) : in;
    }

    private static void checkMagic(Path file, int magic, int expected, String meaning) {
        if (magic != expected) {
            throw DatasetFormatException.expected(file,
                    String.format("IDX magic 0x%08X (%s)", expected, meaning), String.format("0x%08X", magic));
        }
    }

    private static int readInt(Path file, InputStream in) throws IOException {
        byte[] b = readData(file, in, 4, "a 4-byte header field");
        return ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
    }

    /** Reads exactly {@code length} bytes; a short read is a format error. */
    private static byte[] readData(Path file, InputStream in, int length, String what) throws IOException {
        byte[] data = new byte[length];
        int read = 0;
        try {
            while (read < length) {
                int n = in.read(data, read, length - read);
                if (n < 0) {
                    break;
                }
                read += n;
            }
        } catch (EOFException e) {
            throw new DatasetFormatException(file, "truncated: expected " + length + " bytes (" + what
                    + "), the compressed stream ended after " + read, e);
        }
        if (read < length) {
            throw new DatasetFormatException(file,
                    "truncated: expected " + length + " bytes (" + what + "), found " + read);
        }
        return data;
    }

    /** Reads {@code length} bytes of payload that must end the file. */
    private static byte[] readPayload(Path file, InputStream in, int length, String what) throws IOException {
        byte[] data = readData(file, in, length, what);
        if (in.read() >= 0) {
            throw new DatasetFormatException(file,
                    "expected the file to end after " + length + " data bytes (" + what + "), found more");
        }
        return data;
    }

    private static DatasetFormatException unreadable(Path file, IOException e) {
        return new DatasetFormatException(file, "unreadable: " + e, e);
    }
}
