package nsn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ImageResizerTest {

    @Test
    void keepsAnImageOfTheTargetSize() {
        byte[] src = new byte[2 * 3 * 5];
        for (int i = 0; i < src.length; i++) {
            src[i] = (byte) (i * 8);
        }
        byte[] dst = new byte[src.length + 1];
        ImageResizer.resizeCenterCrop(src, 2, 3, 5, 3, 5, dst, 1);
        assertArrayEquals(src, Arrays.copyOfRange(dst, 1, dst.length));
    }

    @Test
    void averagesOverTheReductionInsteadOfAliasing() {
        // Columns 255, 0, 0 repeating, reduced 3x: sampling would see only the zeros; the widened triangle filter
        // sees a third of 255 in every output pixel away from the border.
        int width = 9;
        byte[] src = new byte[3 * width];
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < width; x++) {
                src[y * width + x] = (byte) (x % 3 == 0 ? 255 : 0);
            }
        }
        byte[] dst = new byte[3];
        ImageResizer.resizeCenterCrop(src, 1, 3, width, 1, 3, dst, 0);
        assertEquals(85, dst[1] & 0xff);
    }

    @Test
    void interpolatesLinearlyWhenEnlarging() {
        byte[] src = {0, 100};
        byte[] dst = new byte[8];
        ImageResizer.resizeCenterCrop(src, 1, 1, 2, 2, 4, dst, 0);
        // Output centres fall at source coordinates 0.25, 0.75, 1.25, 1.75 (pixel centres at 0.5 and 1.5).
        assertArrayEquals(new byte[] {0, 25, 75, 100, 0, 25, 75, 100}, dst);
    }

    /** Normalised triangle weights of output pixel {@code i} over {@code in} source pixels (double precision). */
    private static double[] weights(int in, int out, int start, int i) {
        double ratio = in / (double) out;
        double support = Math.max(ratio, 1.0);
        double center = (start + i + 0.5) * ratio;
        double[] w = new double[in];
        double total = 0;
        for (int j = 0; j < in; j++) {
            w[j] = Math.max(0, 1 - Math.abs((j + 0.5 - center) / support));
            total += w[j];
        }
        for (int j = 0; j < in; j++) {
            w[j] /= total;
        }
        return w;
    }

    @Test
    void equalsTheTwoDimensionalFilterComputedInDoubles() {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(11);
        int h = 37;
        int w = 53;
        byte[] src = new byte[3 * h * w];
        for (int i = 0; i < src.length; i++) {
            src[i] = (byte) rng.nextInt(256);
        }
        int[][] targets = {{20, 16}, {24, 70}, {30, 30}};
        long equal = 0;
        long total = 0;
        for (int[] t : targets) {
            int th = t[0];
            int tw = t[1];
            byte[] dst = new byte[3 * th * tw];
            ImageResizer.resizeCenterCrop(src, 3, h, w, th, tw, dst, 0);
            double scale = Math.max(th / (double) h, tw / (double) w);
            int rh = Math.max(th, (int) Math.round(h * scale));
            int rw = Math.max(tw, (int) Math.round(w * scale));
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < th; y++) {
                    double[] wy = weights(h, rh, (int) Math.round((rh - th) / 2.0), y);
                    for (int x = 0; x < tw; x++) {
                        double[] wx = weights(w, rw, (int) Math.round((rw - tw) / 2.0), x);
                        double sum = 0;
                        for (int sy = 0; sy < h; sy++) {
                            for (int sx = 0; sx < w; sx++) {
                                sum += wy[sy] * wx[sx] * (src[(c * h + sy) * w + sx] & 0xff);
                            }
                        }
                        long expected = Math.min(255, Math.max(0, Math.round(sum)));
                        int got = dst[(c * th + y) * tw + x] & 0xff;
                        assertTrue(Math.abs(got - expected) <= 1, th + "x" + tw + " c" + c + " (" + y + ", " + x
                                + "): " + got + " against " + sum);
                        equal += got == expected ? 1 : 0;
                        total++;
                    }
                }
            }
        }
        assertTrue(equal >= total - total / 1000, equal + " of " + total + " equal to the rounded double sum");
    }

    /**
     * The vertical-first resize as a plain loop per output pixel and channel: the vertical taps summed in float per
     * source column, in order, then the horizontal taps over those sums, rounded with {@code Math.round}.
     */
    private static byte[] referenceResize(byte[] src, int channels, int h, int w, int th, int tw) {
        double scale = Math.max(th / (double) h, tw / (double) w);
        int rh = Math.max(th, (int) Math.round(h * scale));
        int rw = Math.max(tw, (int) Math.round(w * scale));
        byte[] dst = new byte[channels * th * tw];
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < th; y++) {
                float[] wy = floats(weights(h, rh, (int) Math.round((rh - th) / 2.0), y));
                for (int x = 0; x < tw; x++) {
                    float[] wx = floats(weights(w, rw, (int) Math.round((rw - tw) / 2.0), x));
                    float sum = 0;
                    for (int sx = 0; sx < w; sx++) {
                        if (wx[sx] == 0) {
                            continue;
                        }
                        float vertical = 0;
                        for (int sy = 0; sy < h; sy++) {
                            if (wy[sy] != 0) {
                                vertical += wy[sy] * (src[(c * h + sy) * w + sx] & 0xff);
                            }
                        }
                        sum += wx[sx] * vertical;
                    }
                    dst[(c * th + y) * tw + x] = (byte) Math.min(255, Math.max(0, Math.round(sum)));
                }
            }
        }
        return dst;
    }

    private static float[] floats(double[] weights) {
        float[] f = new float[weights.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) weights[i];
        }
        return f;
    }

    @Test
    void isThePerPixelVerticalFirstLoopToTheBit() {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(12);
        // reductions, enlargements and mixed, aspect ratios both ways, sizes not a multiple of the transpose block
        int[][] cases = {{37, 53, 20, 16}, {53, 37, 24, 24}, {9, 11, 30, 30}, {40, 120, 13, 17}, {200, 150, 64, 64},
            {31, 33, 31, 33}, {5, 300, 3, 9}};
        for (int[] t : cases) {
            for (int channels : new int[] {1, 3}) {
                byte[] src = new byte[channels * t[0] * t[1]];
                rng.nextBytes(src);
                byte[] dst = new byte[2 + channels * t[2] * t[3]];
                ImageResizer.resizeCenterCrop(src, channels, t[0], t[1], t[2], t[3], dst, 2);
                assertArrayEquals(referenceResize(src, channels, t[0], t[1], t[2], t[3]),
                        Arrays.copyOfRange(dst, 2, dst.length), Arrays.toString(t) + " C " + channels);
            }
        }
    }

    @Test
    void roundsToBytesAsMathRoundDoes() {
        // every float from -2 to 300 (about 1.1 billion), where the sums of the resize lie
        int from = Float.floatToRawIntBits(-2f);
        for (int bits = from; bits != 0x7fffffff; bits--) { // -2 up to -0
            float v = Float.intBitsToFloat(bits);
            if ((byte) Math.min(255, Math.max(0, Math.round(v))) != ImageResizer.toByte(v)) {
                assertEquals((byte) Math.min(255, Math.max(0, Math.round(v))), ImageResizer.toByte(v), "at " + v);
            }
        }
        for (int bits = 0; Float.intBitsToFloat(bits) <= 300f; bits++) {
            float v = Float.intBitsToFloat(bits);
            if ((byte) Math.min(255, Math.max(0, Math.round(v))) != ImageResizer.toByte(v)) {
                assertEquals((byte) Math.min(255, Math.max(0, Math.round(v))), ImageResizer.toByte(v), "at " + v);
            }
        }
        assertEquals(0, ImageResizer.toByte(0.49999997f));
        assertEquals(1, ImageResizer.toByte(0.5f));
        assertEquals(-1, ImageResizer.toByte(254.5f)); // 255 as a signed byte
        assertEquals(0, ImageResizer.toByte(Float.NaN));
    }
}
