package nsn.data;

import static nsn.data.DataAssertions.assertFormatError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistTest {

    private static final int PIXELS = 28 * 28;

    @TempDir
    Path dir;

    @Test
    void readsTheRealTrainingSplit() {
        Path real = RealData.fashionMnist().orElse(null);
        Assumptions.assumeTrue(real != null, "Fashion-MNIST not laid out (run data-scripts/fashion-mnist.sh)");
        InMemoryImageDataset train = FashionMnist.load(real, Split.TRAIN);
        assertEquals(60_000, train.size());
        assertEquals(10, train.numClasses());
        assertEquals("Ankle boot", train.classes().get(9));
        assertEquals(1, train.channels());
        assertEquals(28, train.height());
        assertEquals(28, train.width());
        assertEquals(9, train.label(0), "the first training image is an ankle boot");
        int[] histogram = new int[10];
        for (int i = 0; i < train.size(); i++) {
            histogram[train.label(i)]++;
        }
        int[] expected = new int[10];
        Arrays.fill(expected, 6000);
        assertArrayEquals(expected, histogram);

        byte[] pixels = new byte[train.size() * PIXELS];
        for (int i = 0; i < train.size(); i++) {
            train.readImage(i, pixels, i * PIXELS);
        }
        long sum = 0;
        int max = 0;
        int zeros = 0;
        for (byte b : pixels) {
            int v = b & 0xff;
            sum += v;
            max = Math.max(max, v);
            zeros += v == 0 ? 1 : 0;
        }
        double mean = sum / (double) pixels.length;
        assertTrue(mean > 70 && mean < 76, "mean pixel " + mean + " (Fashion-MNIST's is 72.94)");
        assertEquals(255, max);
        assertTrue(zeros > pixels.length / 3, "most of the background is black");
        assertEquals(64, train.fingerprint().length());
    }

    @Test
    void readsTheRealTestSplit() {
        Path real = RealData.fashionMnist().orElse(null);
        Assumptions.assumeTrue(real != null, "Fashion-MNIST not laid out (run data-scripts/fashion-mnist.sh)");
        InMemoryImageDataset test = FashionMnist.load(real, Split.TEST);
        assertEquals(10_000, test.size());
        assertEquals("fashion-mnist/test", test.name());
        int[] histogram = new int[10];
        for (int i = 0; i < test.size(); i++) {
            histogram[test.label(i)]++;
        }
        int[] expected = new int[10];
        Arrays.fill(expected, 1000);
        assertArrayEquals(expected, histogram);
    }

    @Test
    void readsCompressedAndRawFilesPixelForPixel() throws IOException {
        byte[] pixels = pattern(3);
        writeImages(dir.resolve("train-images-idx3-ubyte.gz"), 0x803, 3, 28, 28, pixels, 0);
        writeLabels(dir.resolve("train-labels-idx1-ubyte.gz"), new byte[] {9, 0, 4});
        writeImages(dir.resolve("t10k-images-idx3-ubyte"), 0x803, 1, 28, 28, pattern(1), 0);
        writeLabels(dir.resolve("t10k-labels-idx1-ubyte"), new byte[] {7});
        assertTrue(FashionMnist.isPresent(dir));

        InMemoryImageDataset train = FashionMnist.load(dir, Split.TRAIN);
        assertEquals(3, train.size());
        assertEquals(9, train.label(0));
        assertEquals(4, train.label(2));
        byte[] image = new byte[PIXELS];
        train.readImage(2, image, 0);
        assertArrayEquals(Arrays.copyOfRange(pixels, 2 * PIXELS, 3 * PIXELS), image);

        InMemoryImageDataset test = FashionMnist.load(dir, Split.TEST);
        assertEquals(1, test.size());
        assertEquals(7, test.label(0));
    }

    @Test
    void rejectsWrongMagic() throws IOException {
        Path images = dir.resolve("train-images-idx3-ubyte.gz");
        writeImages(images, 0x801, 1, 28, 28, pattern(1), 0);
        writeLabels(dir.resolve("train-labels-idx1-ubyte.gz"), new byte[] {1});
        assertFails(images, "expected IDX magic 0x00000803 (unsigned byte, 3 dims), found 0x00000801");
    }

    @Test
    void rejectsWrongImageSize() throws IOException {
        Path images = dir.resolve("train-images-idx3-ubyte.gz");
        writeImages(images, 0x803, 1, 27, 28, new byte[27 * 28], 0);
        writeLabels(dir.resolve("train-labels-idx1-ubyte.gz"), new byte[] {1});
        assertFails(images, "expected images of 28x28, found 27x28");
    }

    @Test
    void rejectsTruncatedImages() throws IOException {
        Path images = dir.resolve("train-images-idx3-ubyte.gz");
        writeImages(images, 0x803, 2, 28, 28, pattern(2), PIXELS + 10);
        writeLabels(dir.resolve("train-labels-idx1-ubyte.gz"), new byte[] {1, 2});
        assertFails(images, "truncated: expected 1568 bytes (2 images of 28x28), found 794");
    }

    @Test
    void rejectsATruncatedGzipStream() throws IOException {
        Path images = dir.resolve("train-images-idx3-ubyte.gz");
        writeImages(images, 0x803, 2, 28, 28, pattern(2), 0);
        byte[] gz = Files.readAllBytes(images);
        Files.write(images, Arrays.copyOf(gz, gz.length / 2));
        writeLabels(dir.resolve("train-labels-idx1-ubyte.gz"), new byte[] {1, 2});
        assertFails(images, "truncated: expected 1568 bytes (2 images of 28x28)");
    }

    @Test
    void rejectsTrailingBytes() throws IOException {
        Path labels = dir.resolve("train-labels-idx1-ubyte.gz");
        writeImages(dir.resolve("train-images-idx3-ubyte.gz"), 0x803, 1, 28, 28, pattern(1), 0);
        ByteBuffer header = ByteBuffer.allocate(8).putInt(0x801).putInt(1);
        gzip(labels, concat(header.array(), new byte[] {3, 4}));
        assertFails(labels, "expected the file to end after 1 data bytes (1 labels), found more");
    }

    @Test
    void rejectsMismatchedCounts() throws IOException {
        Path labels = dir.resolve("train-labels-idx1-ubyte.gz");
        writeImages(dir.resolve("train-images-idx3-ubyte.gz"), 0x803, 3, 28, 28, pattern(3), 0);
        writeLabels(labels, new byte[] {1, 2});
        assertFails(labels, "expected 3 labels, one per image in train-images-idx3-ubyte.gz, found 2 labels");
    }

    @Test
    void rejectsLabelsOutOfRange() throws IOException {
        Path labels = dir.resolve("train-labels-idx1-ubyte.gz");
        writeImages(dir.resolve("train-images-idx3-ubyte.gz"), 0x803, 2, 28, 28, pattern(2), 0);
        writeLabels(labels, new byte[] {1, 10});
        assertFails(labels, "expected labels in [0, 10), found label 10 at index 1");
    }

    @Test
    void rejectsMissingFiles() throws IOException {
        writeImages(dir.resolve("train-images-idx3-ubyte.gz"), 0x803, 1, 28, 28, pattern(1), 0);
        assertFails(dir.resolve("train-labels-idx1-ubyte.gz"), "missing: expected the Fashion-MNIST IDX file");
        assertTrue(!FashionMnist.isPresent(dir));
        assertThrows(IllegalArgumentException.class, () -> FashionMnist.load(dir, Split.UNLABELED));
    }

    private void assertFails(Path file, String problem) {
        assertFormatError(() -> FashionMnist.load(dir, Split.TRAIN), file, problem);
    }

    /** {@code n} images whose pixel values depend on image, row and column. */
    private static byte[] pattern(int n) {
        byte[] pixels = new byte[n * PIXELS];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 7 + i / PIXELS * 13);
        }
        return pixels;
    }

    /** Writes an IDX3 file; {@code keep > 0} keeps only that many payload bytes (a truncated file). */
    private static void writeImages(Path file, int magic, int count, int rows, int cols, byte[] pixels, int keep)
            throws IOException {
        ByteBuffer header = ByteBuffer.allocate(16).putInt(magic).putInt(count).putInt(rows).putInt(cols);
        byte[] payload = keep > 0 ? Arrays.copyOf(pixels, keep) : pixels;
        write(file, concat(header.array(), payload));
    }

    private static void writeLabels(Path file, byte[] labels) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(8).putInt(0x801).putInt(labels.length);
        write(file, concat(header.array(), labels));
    }

    private static void write(Path file, byte[] data) throws IOException {
        if (file.toString().endsWith(".gz")) {
            gzip(file, data);
        } else {
            Files.write(file, data);
        }
    }

    private static void gzip(Path file, byte[] data) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(data);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }
}
