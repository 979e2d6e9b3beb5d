package nsn.negatives;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PatchNegativesTest {

    /** A view whose every pixel value encodes its own position: value = c*1000 + y*size + x. */
    static float[] coordinateView(int channels, int size) {
        float[] v = new float[channels * size * size];
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < size * size; i++) {
                v[c * size * size + i] = c * 1000 + i;
            }
        }
        return v;
    }

    @Test
    void everyTileIsAContiguousPatchOfTheSourceInAllChannels() {
        int size = 28;
        int channels = 3;
        float[] view = coordinateView(channels, size);
        for (long seed = 0; seed < 20; seed++) {
            float[] out = new float[view.length];
            NonSemanticNegatives.patches(2, 9).generate(view, 0, channels, size, out, 0, new SplittableRandom(seed));
            // Find d: the first column where the source column jumps is a tile border.
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    int src = (int) out[y * size + x];
                    int sy = src / size;
                    int sx = src % size;
                    assertTrue(sy >= 0 && sy < size && sx >= 0 && sx < size, "pixel comes from inside the view");
                    for (int c = 1; c < channels; c++) {
                        assertEquals(c * 1000 + src, out[c * size * size + y * size + x],
                                "channels of a pixel come from the same source pixel");
                    }
                    // Within a tile, moving right moves right in the source.
                    if (x + 1 < size) {
                        int right = (int) out[y * size + x + 1];
                        boolean sameTile = right == src + 1 && right / size == sy;
                        boolean newTile = !sameTile;
                        assertTrue(sameTile || newTile);
                    }
                }
            }
        }
    }

    @Test
    void tilesHaveTheDrawnPatchSizeAndCoverTheView() {
        int size = 20;
        float[] view = coordinateView(1, size);
        float[] out = new float[view.length];
        NonSemanticNegatives.patches(5, 5).generate(view, 0, 1, size, out, 0, new SplittableRandom(3));
        for (int ty = 0; ty < 4; ty++) {
            for (int tx = 0; tx < 4; tx++) {
                int origin = (int) out[(ty * 5) * size + tx * 5];
                for (int r = 0; r < 5; r++) {
                    for (int c = 0; c < 5; c++) {
                        assertEquals(origin + r * size + c, (int) out[(ty * 5 + r) * size + tx * 5 + c],
                                "tile (" + ty + "," + tx + ") is one 5x5 patch");
                    }
                }
            }
        }
    }

    @Test
    void sameSeedSameNegativeAndOffsetsAreRespected() {
        float[] view = coordinateView(1, 16);
        float[] padded = new float[view.length + 7];
        System.arraycopy(view, 0, padded, 7, view.length);
        float[] a = new float[view.length];
        float[] b = new float[view.length + 3];
        NonSemanticNegatives.patches(2, 6).generate(view, 0, 1, 16, a, 0, new SplittableRandom(11));
        NonSemanticNegatives.patches(2, 6).generate(padded, 7, 1, 16, b, 3, new SplittableRandom(11));
        assertArrayEquals(a, java.util.Arrays.copyOfRange(b, 3, b.length));
    }

    @Test
    void paperRangeScalesWithImageSize() {
        assertEquals("patches[16, 72]", NonSemanticNegatives.patchesScaledTo(224).toString());
        assertEquals("patches[2, 9]", NonSemanticNegatives.patchesScaledTo(28).toString());
        assertEquals("patches[2, 10]", NonSemanticNegatives.patchesScaledTo(32).toString());
        assertThrows(IllegalArgumentException.class, () -> NonSemanticNegatives.patches(0, 3));
        assertThrows(IllegalArgumentException.class, () -> NonSemanticNegatives.patches(5, 3));
    }
}
