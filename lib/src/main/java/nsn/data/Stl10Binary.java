package nsn.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * STL-10 (Coates et al., 2011) from its official binary release ({@code stl10_binary.tar.gz}, directory
 * {@code stl10_binary/}): {@code train_X.bin}/{@code train_y.bin} (5,000 labelled images),
 * {@code test_X.bin}/{@code test_y.bin} (8,000) and {@code unlabeled_X.bin} (100,000, label -1), with class names in
 * {@code class_names.txt} when present. Images are 3×96×96; the file stores each channel's plane column-major (byte
 * {@code c·9216 + x·96 + y} is row {@code y}, column {@code x}), which this reader transposes to row-major CHW.
 * Labels are stored as 1..10 and returned as 0..9.
 *
 * <p>The image file is memory-mapped rather than loaded ({@code unlabeled_X.bin} is 2.7 GB), so opening is cheap and
 * {@link #readImage} reads only the requested image; it is safe to call from several threads. The reader checks
 * that the image file is a whole number of images, that there is one label per image and that labels lie in
 * 1..10. {@code data-scripts/stl10.sh} lays the files out. The {@link #fingerprint()} is the SHA-256 of the image
 * file's bytes followed by the labels as big-endian 32-bit integers; computing it reads the whole image file once.
 */
public final class Stl10Binary implements ImageDataset {

    /** The class names in label order, as in {@code class_names.txt}. */
    public static final List<String> CLASSES = List.of(
            "airplane", "bird", "car", "cat", "deer", "dog", "horse", "monkey", "ship", "truck");

    /** The directory name of the official release. */
    public static final String DIR_NAME = "stl10_binary";

    /** Image side in pixels. */
    public static final int SIZE = 96;

    private static final int PLANE = SIZE * SIZE;
    private static final int IMAGE_BYTES = 3 * PLANE;
    /** Images per memory map; a single map is limited to 2 GiB. */
    private static final int IMAGES_PER_MAP = Integer.MAX_VALUE / IMAGE_BYTES;

    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[IMAGE_BYTES]);

    private final String name;
    private final List<String> classes;
    private final MappedByteBuffer[] maps;
    /** 0-based labels, or -1 for every image of the unlabeled split. */
    private final int[] labels;
    private volatile String fingerprint;

    private Stl10Binary(String name, List<String> classes, MappedByteBuffer[] maps, int[] labels) {
        this.name = name;
        this.classes = classes;
        this.maps = maps;
        this.labels = labels;
    }

    /**
     * Opens one split; the image file is mapped, not read.
     *
     * @param dir the {@code stl10_binary} directory or its parent
     * @param split {@link Split#TRAIN}, {@link Split#TEST} or {@link Split#UNLABELED}
     * @return the split, named {@code stl10/train}, {@code stl10/test} or {@code stl10/unlabeled}
     * @throws DatasetFormatException if a file is missing or malformed
     */
    public static Stl10Binary load(Path dir, Split split) {
        Path root = Files.isDirectory(dir.resolve(DIR_NAME)) ? dir.resolve(DIR_NAME) : dir;
        if (!Files.isDirectory(root)) {
            throw new DatasetFormatException(dir, "missing: expected the STL-10 binary directory " + DIR_NAME
                    + " (lay it out with data-scripts/stl10.sh)");
        }
        String prefix = split.name().toLowerCase(Locale.ROOT);
        Path imagesFile = root.resolve(prefix + "_X.bin");
        if (!Files.isRegularFile(imagesFile)) {
            throw new DatasetFormatException(imagesFile, "missing: expected the STL-10 image file of the "
                    + prefix + " split");
        }
        try (FileChannel channel = FileChannel.open(imagesFile, StandardOpenOption.READ)) {
            long bytes = channel.size();
            if (bytes % IMAGE_BYTES != 0) {
                throw DatasetFormatException.expected(imagesFile, "a multiple of " + IMAGE_BYTES
                        + " bytes (3x96x96 per image)", bytes + " bytes");
            }
            int size = Math.toIntExact(bytes / IMAGE_BYTES);
            int[] labels;
            if (split == Split.UNLABELED) {
                labels = new int[size];
                Arrays.fill(labels, -1);
            } else {
                labels = readLabels(root.resolve(prefix + "_y.bin"), size, imagesFile);
            }
            MappedByteBuffer[] maps = new MappedByteBuffer[(size + IMAGES_PER_MAP - 1) / IMAGES_PER_MAP];
            for (int m = 0; m < maps.length; m++) {
                long start = (long) m * IMAGES_PER_MAP * IMAGE_BYTES;
                maps[m] = channel.map(FileChannel.MapMode.READ_ONLY, start, Math.min(bytes - start,
                        (long) IMAGES_PER_MAP * IMAGE_BYTES));
            }
            List<String> classes = ClassNameFiles.read(root.resolve("class_names.txt"), CLASSES);
            return new Stl10Binary("stl10/" + prefix, classes, maps, labels);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + imagesFile, e);
        }
    }

    /** Reads the 1-based label bytes and returns them 0-based. */
    private static int[] readLabels(Path file, int count, Path imagesFile) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new DatasetFormatException(file, "missing: expected " + count + " labels, one per image in "
                    + imagesFile.getFileName());
        }
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length != count) {
            throw DatasetFormatException.expected(file, count + " labels, one per image in "
                    + imagesFile.getFileName(), bytes.length + " labels");
        }
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            int label = Byte.toUnsignedInt(bytes[i]);
            if (label < 1 || label > CLASSES.size()) {
                throw DatasetFormatException.expected(file, "labels in 1.." + CLASSES.size(),
                        "label " + label + " at index " + i);
            }
            labels[i] = label - 1;
        }
        return labels;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public int channels() {
        return 3;
    }

    @Override
    public int height() {
        return SIZE;
    }

    @Override
    public int width() {
        return SIZE;
    }

    @Override
    public List<String> classes() {
        return classes;
    }

    @Override
    public int label(int index) {
        return labels[index];
    }

    @Override
    public void readImage(int index, byte[] dst, int offset) {
        Objects.checkIndex(index, labels.length);
        Objects.checkFromIndexSize(offset, IMAGE_BYTES, dst.length);
        byte[] columnMajor = SCRATCH.get();
        maps[index / IMAGES_PER_MAP].get((index % IMAGES_PER_MAP) * IMAGE_BYTES, columnMajor, 0, IMAGE_BYTES);
        for (int c = 0; c < 3; c++) {
            int plane = c * PLANE;
            for (int x = 0; x < SIZE; x++) {
                int column = plane + x * SIZE;
                for (int y = 0; y < SIZE; y++) {
                    dst[offset + plane + y * SIZE + x] = columnMajor[column + y];
                }
            }
        }
    }

    @Override
    public String fingerprint() {
        String result = fingerprint;
        if (result == null) {
            MessageDigest digest = Fingerprints.sha256();
            for (MappedByteBuffer map : maps) {
                digest.update(map.duplicate());
            }
            Fingerprints.updateLabels(digest, labels);
            result = Fingerprints.hex(digest);
            fingerprint = result;
        }
        return result;
    }

    @Override
    public String toString() {
        return name + " (" + size() + " images, 3x96x96, " + numClasses() + " classes)";
    }
}
