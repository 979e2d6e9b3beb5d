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
}
