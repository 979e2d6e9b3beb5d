package nsn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class InMemoryImageDatasetTest {

    private static final List<String> CLASSES = List.of("a", "b", "c");

    /** {@code n} 1x2x2 images whose pixels are {@code 4i .. 4i+3}, with label {@code i % 3}. */
    private static InMemoryImageDataset dataset(int n) {
        byte[] pixels = new byte[n * 4];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < 4; p++) {
                pixels[4 * i + p] = (byte) (4 * i + p);
            }
            labels[i] = i % 3;
        }
        return new InMemoryImageDataset("toy", 1, 2, 2, CLASSES, pixels, labels);
    }

    private static byte[] image(ImageDataset dataset, int index) {
        byte[] image = new byte[dataset.imageBytes()];
        dataset.readImage(index, image, 0);
        return image;
    }

    @Test
    void subsetAndHeadSelectImagesAndLabels() {
        InMemoryImageDataset toy = dataset(10);
        InMemoryImageDataset subset = toy.subset(new int[] {7, 2, 7});
        assertEquals("toy[subset of 3]", subset.name());
        assertEquals(3, subset.size());
        assertArrayEquals(image(toy, 7), image(subset, 0));
        assertArrayEquals(image(toy, 2), image(subset, 1));
        assertEquals(1, subset.label(0));
        assertEquals(2, subset.label(1));

        InMemoryImageDataset head = toy.head(4);
        assertEquals("toy[0:4]", head.name());
        assertEquals(4, head.size());
        assertArrayEquals(image(toy, 3), image(head, 3));
        assertEquals(10, toy.head(100).size());
        assertThrows(IndexOutOfBoundsException.class, () -> toy.subset(new int[] {10}));
        assertThrows(IllegalArgumentException.class, () -> toy.head(-1));
    }

    @Test
    void cacheCopiesAnyDatasetOnTwoThreads() {
        InMemoryImageDataset toy = dataset(101);
        assertSame(toy, toy.cache());
        ImageDataset view = new ImageDataset() {
            @Override
            public String name() {
                return "view";
            }

            @Override
            public int size() {
                return toy.size();
            }

            @Override
            public int channels() {
                return 1;
            }

            @Override
            public int height() {
                return 2;
            }

            @Override
            public int width() {
                return 2;
            }

            @Override
            public List<String> classes() {
                return CLASSES;
            }

            @Override
            public int label(int index) {
                return toy.label(index);
            }

            @Override
            public void readImage(int index, byte[] dst, int offset) {
                toy.readImage(index, dst, offset);
            }

            @Override
            public String fingerprint() {
                return "not used";
            }
        };
        InMemoryImageDataset cached = view.cache();
        assertEquals("view", cached.name());
        assertEquals(toy.fingerprint(), cached.fingerprint(), "same pixels and labels, same fingerprint");
        for (int i = 0; i < toy.size(); i++) {
            assertArrayEquals(image(toy, i), image(cached, i));
            assertEquals(toy.label(i), cached.label(i));
        }
    }

    @Test
    void fingerprintCoversPixelsAndLabels() {
        InMemoryImageDataset toy = dataset(5);
        assertEquals(64, toy.fingerprint().length());
        assertEquals(toy.fingerprint(), dataset(5).fingerprint());
        assertNotEquals(toy.fingerprint(), toy.head(4).fingerprint());
        byte[] pixels = new byte[20];
        for (int i = 0; i < 20; i++) {
            pixels[i] = (byte) i;
        }
        InMemoryImageDataset relabelled = new InMemoryImageDataset("toy", 1, 2, 2, CLASSES, pixels,
                new int[] {0, 1, 2, 0, 2});
        assertNotEquals(toy.fingerprint(), relabelled.fingerprint());
    }

    @Test
    void rejectsInconsistentShapesAndLabels() {
        assertThrows(IllegalArgumentException.class,
                () -> new InMemoryImageDataset("x", 1, 2, 2, CLASSES, new byte[7], new int[2]));
        assertThrows(IllegalArgumentException.class,
                () -> new InMemoryImageDataset("x", 1, 2, 2, CLASSES, new byte[4], new int[] {3}));
        assertThrows(IllegalArgumentException.class,
                () -> new InMemoryImageDataset("x", 2, 2, 2, CLASSES, new byte[8], new int[] {0}));
        assertEquals(-1, new InMemoryImageDataset("x", 1, 2, 2, CLASSES, new byte[4], new int[] {-1}).label(0));
    }
}
