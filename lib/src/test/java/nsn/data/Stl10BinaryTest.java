package nsn.data;

import static nsn.data.DataAssertions.assertFormatError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Stl10BinaryTest {

    private static final int SIDE = 96;
    private static final int PLANE = SIDE * SIDE;
    private static final int IMAGE = 3 * PLANE;

    @TempDir
    Path parent;

    /** Pixel (channel c, row y, column x) of image n: rows and columns weigh differently, so a transpose shows. */
    private static int pixel(int n, int c, int y, int x) {
        return (n * 29 + c * 71 + y * 3 + x * 11) & 0xff;
    }

    /** Writes {@code n} images in STL-10's on-disk order: per channel, column-major. */
    private static byte[] columnMajorImages(int n) {
        byte[] bytes = new byte[n * IMAGE];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < 3; c++) {
                for (int x = 0; x < SIDE; x++) {
                    for (int y = 0; y < SIDE; y++) {
                        bytes[i * IMAGE + c * PLANE + x * SIDE + y] = (byte) pixel(i, c, y, x);
                    }
                }
            }
        }
        return bytes;
    }

    private Path writeSplit(String split, int n, byte[] labels) throws IOException {
        Path dir = Files.createDirectories(parent.resolve(Stl10Binary.DIR_NAME));
        Files.write(dir.resolve(split + "_X.bin"), columnMajorImages(n));
        if (labels != null) {
            Files.write(dir.resolve(split + "_y.bin"), labels);
        }
        return dir;
    }

    @Test
    void transposesColumnMajorPlanesToRowMajorChw() throws IOException {
        writeSplit("train", 3, new byte[] {1, 10, 4});
        Stl10Binary train = Stl10Binary.load(parent, Split.TRAIN);
        assertEquals("stl10/train", train.name());
        assertEquals(3, train.size());
        assertEquals(List.of(3, 96, 96), List.of(train.channels(), train.height(), train.width()));
        assertEquals(Stl10Binary.CLASSES, train.classes());
        assertEquals(0, train.label(0));
        assertEquals(9, train.label(1));
        assertEquals(3, train.label(2));
        byte[] image = new byte[IMAGE + 5];
        for (int i = 0; i < 3; i++) {
            train.readImage(i, image, 5);
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < SIDE; y++) {
                    for (int x = 0; x < SIDE; x++) {
                        assertEquals(pixel(i, c, y, x), image[5 + c * PLANE + y * SIDE + x] & 0xff,
                                "image " + i + " channel " + c + " row " + y + " column " + x);
                    }
                }
            }
        }
    }

    @Test
    void placesASingleMarkedPixel() throws IOException {
        Path dir = Files.createDirectories(parent.resolve(Stl10Binary.DIR_NAME));
        byte[] bytes = new byte[IMAGE];
        bytes[PLANE + 5 * SIDE + 2] = (byte) 200; // green, column 5, row 2 in the file's column-major order
        Files.write(dir.resolve("test_X.bin"), bytes);
        Files.write(dir.resolve("test_y.bin"), new byte[] {7});
        byte[] image = new byte[IMAGE];
        Stl10Binary.load(dir, Split.TEST).readImage(0, image, 0);
        assertEquals(200, image[PLANE + 2 * SIDE + 5] & 0xff, "row 2, column 5 of the green plane");
        image[PLANE + 2 * SIDE + 5] = 0;
        assertArrayEquals(new byte[IMAGE], image, "every other pixel is 0");
    }

    @Test
    void unlabeledSplitHasLabelMinusOne() throws IOException {
        Path dir = writeSplit("unlabeled", 2, null);
        Files.writeString(dir.resolve("class_names.txt"), String.join("\n", Stl10Binary.CLASSES) + "\n");
        Stl10Binary unlabeled = Stl10Binary.load(dir, Split.UNLABELED);
        assertEquals(2, unlabeled.size());
        assertEquals(-1, unlabeled.label(0));
        assertEquals(-1, unlabeled.label(1));
        assertEquals(Stl10Binary.CLASSES, unlabeled.classes());
    }

    @Test
    void pretrainingDrawsFromTrainThenUnlabeledAndProbesOnTrainAlone() throws IOException {
        writeSplit("train", 3, new byte[] {1, 2, 3});
        writeSplit("unlabeled", 2, null);
        Stl10Binary train = Stl10Binary.load(parent, Split.TRAIN);
        ImageDataset pretraining = nsn.experiment.DatasetSpec.STL10.pretraining(parent, train);
        assertEquals(5, pretraining.size());
        assertEquals("stl10/train+unlabeled", pretraining.name());
        byte[] a = new byte[IMAGE];
        byte[] b = new byte[IMAGE];
        Stl10Binary unlabeled = Stl10Binary.load(parent, Split.UNLABELED);
        for (int i = 0; i < 5; i++) {
            pretraining.readImage(i, a, 0);
            (i < 3 ? train : unlabeled).readImage(i < 3 ? i : i - 3, b, 0);
            assertArrayEquals(b, a, "image " + i);
            assertEquals(i < 3 ? i : -1, pretraining.label(i), "label " + i);
        }
        assertSame(train, nsn.experiment.DatasetSpec.CIFAR10.pretraining(parent, train),
                "other datasets pretrain on their training split itself");
    }

    @Test
    void readsConcurrentlyAndCachesIdentically() throws Exception {
        int n = 40;
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (byte) (1 + i % 10);
        }
        writeSplit("train", n, labels);
        Stl10Binary train = Stl10Binary.load(parent, Split.TRAIN);
        InMemoryImageDataset cached = train.cache();
        assertEquals(n, cached.size());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> reads = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                reads.add(pool.submit(() -> {
                    byte[] a = new byte[IMAGE];
                    byte[] b = new byte[IMAGE];
                    for (int round = 0; round < 5; round++) {
                        for (int i = 0; i < n; i++) {
                            train.readImage(i, a, 0);
                            cached.readImage(i, b, 0);
                            assertArrayEquals(b, a);
                            assertEquals(cached.label(i), train.label(i));
                        }
                    }
                }));
            }
            for (Future<?> read : reads) {
                read.get();
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(train.fingerprint(), Stl10Binary.load(parent, Split.TRAIN).fingerprint());
        labels[0] = 2;
        Files.write(parent.resolve(Stl10Binary.DIR_NAME).resolve("train_y.bin"), labels);
        assertNotEquals(train.fingerprint(), Stl10Binary.load(parent, Split.TRAIN).fingerprint());
    }

    @Test
    void rejectsAPartialImageFile() throws IOException {
        Path dir = writeSplit("train", 2, new byte[] {1, 2});
        Path images = dir.resolve("train_X.bin");
        Files.write(images, new byte[IMAGE + 100]);
        assertFormatError(() -> Stl10Binary.load(dir, Split.TRAIN), images,
                "expected a multiple of 27648 bytes (3x96x96 per image), found 27748 bytes");
    }

    @Test
    void rejectsALabelCountThatDiffersFromTheImageCount() throws IOException {
        Path dir = writeSplit("test", 3, new byte[] {1, 2});
        assertFormatError(() -> Stl10Binary.load(dir, Split.TEST), dir.resolve("test_y.bin"),
                "expected 3 labels, one per image in test_X.bin, found 2 labels");
    }

    @Test
    void rejectsLabelsOutsideOneToTen() throws IOException {
        Path dir = writeSplit("train", 2, new byte[] {1, 11});
        assertFormatError(() -> Stl10Binary.load(dir, Split.TRAIN), dir.resolve("train_y.bin"),
                "expected labels in 1..10, found label 11 at index 1");
        Files.write(dir.resolve("train_y.bin"), new byte[] {0, 1});
        assertFormatError(() -> Stl10Binary.load(dir, Split.TRAIN), dir.resolve("train_y.bin"),
                "expected labels in 1..10, found label 0 at index 0");
    }

    @Test
    void rejectsMissingFiles() throws IOException {
        Path dir = writeSplit("train", 1, null);
        assertFormatError(() -> Stl10Binary.load(dir, Split.TRAIN), dir.resolve("train_y.bin"),
                "missing: expected 1 labels, one per image in train_X.bin");
        assertFormatError(() -> Stl10Binary.load(dir, Split.TEST), dir.resolve("test_X.bin"),
                "missing: expected the STL-10 image file of the test split");
        Path nowhere = parent.resolve("nowhere");
        assertFormatError(() -> Stl10Binary.load(nowhere, Split.TEST), nowhere,
                "missing: expected the STL-10 binary directory stl10_binary");
    }
}
