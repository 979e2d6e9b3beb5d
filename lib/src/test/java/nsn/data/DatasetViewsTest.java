package nsn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link ImageDataset#indexed} and {@link ImageDataset#concat}: read-through views over other datasets. */
class DatasetViewsTest {

    private static final List<String> CLASSES = List.of("a", "b", "c");

    /** {@code n} 1×2×2 images whose pixels start at {@code first} and labels cycle through the classes. */
    private static InMemoryImageDataset images(String name, int n, int first) {
        byte[] pixels = new byte[n * 4];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < 4; p++) {
                pixels[i * 4 + p] = (byte) (first + i * 4 + p);
            }
            labels[i] = i % 3;
        }
        return new InMemoryImageDataset(name, 1, 2, 2, CLASSES, pixels, labels);
    }

    private static byte[] read(ImageDataset d, int i) {
        byte[] out = new byte[d.imageBytes()];
        d.readImage(i, out, 0);
        return out;
    }

    @Test
    void indexedViewReadsTheSourceImagesAtTheIndices() {
        InMemoryImageDataset source = images("src", 6, 0);
        int[] idx = {4, 1, 1, 5};
        ImageDataset view = ImageDataset.indexed(source, idx);
        ImageDataset copy = source.subset(idx);
        assertEquals(4, view.size());
        assertEquals("src[subset of 4]", view.name());
        for (int i = 0; i < idx.length; i++) {
            assertArrayEquals(read(source, idx[i]), read(view, i), "image " + i);
            assertArrayEquals(read(copy, i), read(view, i), "same images as the in-memory subset");
            assertEquals(source.label(idx[i]), view.label(i));
        }
        idx[0] = 0; // the view keeps its own copy of the indices
        assertArrayEquals(read(source, 4), read(view, 0));
        assertEquals(view.fingerprint(), ImageDataset.indexed(source, new int[] {4, 1, 1, 5}).fingerprint());
        assertNotEquals(view.fingerprint(), ImageDataset.indexed(source, new int[] {4, 1, 5, 1}).fingerprint(),
                "the order of the indices is part of the fingerprint");
        assertThrows(IndexOutOfBoundsException.class, () -> ImageDataset.indexed(source, new int[] {6}));
    }

    @Test
    void concatReadsThePartsInOrderAndRefusesAMismatch() {
        InMemoryImageDataset a = images("a", 3, 0);
        InMemoryImageDataset empty = images("e", 0, 0);
        InMemoryImageDataset b = images("b", 2, 100);
        ImageDataset all = ImageDataset.concat("a+b", List.of(a, empty, b));
        assertEquals(5, all.size());
        assertEquals(CLASSES, all.classes());
        for (int i = 0; i < 5; i++) {
            ImageDataset part = i < 3 ? a : b;
            int j = i < 3 ? i : i - 3;
            assertArrayEquals(read(part, j), read(all, i), "image " + i);
            assertEquals(part.label(j), all.label(i), "label " + i);
        }
        assertThrows(IndexOutOfBoundsException.class, () -> all.label(5));
        assertNotEquals(all.fingerprint(), ImageDataset.concat("b+a", List.of(b, a)).fingerprint());
        InMemoryImageDataset rgb = new InMemoryImageDataset("rgb", 3, 2, 2, CLASSES, new byte[12], new int[] {0});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ImageDataset.concat("bad", List.of(a, rgb)));
        assertTrue(e.getMessage().contains("rgb") && e.getMessage().contains("does not match a"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ImageDataset.concat("none", List.of()));
    }
}
