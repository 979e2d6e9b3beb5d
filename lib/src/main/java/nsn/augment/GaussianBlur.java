package nsn.augment;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Gaussian blur applied with probability {@code p}, as MoCo-v2's {@code RandomApply([GaussianBlur([.1, 2.])],
 * p=0.5)} (SimCLR's blur): σ is uniform in [0.1, 2] at 224 px and scaled with the output size. Differs from
 * torchvision's {@code GaussianBlur} in the kernel size, here 2⌈3σ⌉ + 1 (at least 3) rather than fixed, and
 * matches it in the reflected borders and the separable, normalised kernel.
 */
final class GaussianBlur {

    private final float p;
    private final int size;

    GaussianBlur(float p, int size) {
        this.p = p;
        this.size = size;
    }

    /** Draws whether to blur and σ, and blurs {@code img} ({@code channels} planes of {@code size²}) in place. */
    void apply(float[][] img, int channels, SplittableRandom rng) {
        if (rng.nextDouble() < p) {
            double sigma = (0.1 + rng.nextDouble() * 1.9) * size / 224.0;
            blur(img, channels, size, sigma);
        }
    }

    /** The normalised kernel {@code exp(−i² / 2σ²)} for i in [−r, r], r = max(1, ⌈3σ⌉). */
    static float[] kernel(double sigma) {
        int radius = Math.max(1, (int) Math.ceil(3 * sigma));
        float[] kernel = new float[2 * radius + 1];
        float total = 0;
        for (int i = -radius; i <= radius; i++) {
            kernel[i + radius] = (float) Math.exp(-(i * i) / (2 * sigma * sigma));
            total += kernel[i + radius];
        }
        for (int i = 0; i < kernel.length; i++) {
            kernel[i] /= total;
        }
        return kernel;
    }

    /**
     * Separable blur of square planes of side {@code size} with reflected borders, in place. Every output is the sum
     * over k = −r … r, in that order and starting from 0, of {@code kernel[k + r] · pixel}, so the result is the same
     * to the bit as a per-pixel, per-tap loop; the loops are arranged to vectorise. Each plane is copied with its
     * reflected left and right borders into rows of {@code size + 2r} floats; the horizontal pass then runs over
     * that whole padded plane at once (the {@code 2r} trailing columns of each row come out as unused values), and
     * the vertical pass over all rows whose taps stay inside, four taps per sweep; the {@code r} rows at the top and
     * bottom reflect their taps row by row.
     */
    static void blur(float[][] img, int channels, int size, double sigma) {
        float[] kernel = kernel(sigma);
        int radius = kernel.length / 2;
        int stride = size + 2 * radius;
        int n = size * stride;
        float[] padded = Pixels.scratch(Pixels.BLUR, n);
        float[] horizontal = Pixels.scratch(Pixels.BLUR + 1, n);
        float[] vertical = Pixels.scratch(Pixels.BLUR + 2, n);
        int[] column = new int[stride];
        for (int i = 0; i < stride; i++) {
            column[i] = reflect(i - radius, size);
        }
        int inner = Math.max(0, size - 2 * radius);
        for (int c = 0; c < channels; c++) {
            float[] plane = img[c];
            for (int y = 0; y < size; y++) {
                int to = y * stride;
                int from = y * size;
                for (int i = 0; i < stride; i++) {
                    padded[to + i] = plane[from + column[i]];
                }
            }
            Arrays.fill(horizontal, 0f);
            taps(horizontal, padded, 0, n - 2 * radius, 0, 1, kernel);
            Arrays.fill(vertical, 0f);
            if (inner > 0) {
                taps(vertical, horizontal, radius * stride, (radius + inner) * stride, -radius * stride, stride,
                        kernel);
            }
            for (int y = 0; y < size; y++) {
                int row = y * stride;
                if (y < radius || y >= radius + inner) {
                    for (int k = 0; k < kernel.length; k++) {
                        float w = kernel[k];
                        int source = reflect(y + k - radius, size) * stride;
                        for (int x = 0; x < size; x++) {
                            vertical[row + x] += w * horizontal[source + x];
                        }
                    }
                }
                System.arraycopy(vertical, row, plane, y * size, size);
            }
        }
    }

    /**
     * {@code acc[j] += Σ_k kernel[k] · src[j + shift + k · step]} for j in [from, to), the terms added one at a time
     * in order of k; up to four taps per sweep over {@code acc}, so that it is read and written a quarter as often.
     */
    private static void taps(float[] acc, float[] src, int from, int to, int shift, int step, float[] kernel) {
        int k = 0;
        for (; k + 4 <= kernel.length; k += 4) {
            float w0 = kernel[k];
            float w1 = kernel[k + 1];
            float w2 = kernel[k + 2];
            float w3 = kernel[k + 3];
            int d0 = shift + k * step;
            int d1 = d0 + step;
            int d2 = d1 + step;
            int d3 = d2 + step;
            for (int j = from; j < to; j++) {
                acc[j] = (((acc[j] + w0 * src[j + d0]) + w1 * src[j + d1]) + w2 * src[j + d2]) + w3 * src[j + d3];
            }
        }
        for (; k < kernel.length; k++) {
            float w = kernel[k];
            int d = shift + k * step;
            for (int j = from; j < to; j++) {
                acc[j] += w * src[j + d];
            }
        }
    }

    private static int reflect(int i, int n) {
        if (n == 1) {
            return 0;
        }
        while (i < 0 || i >= n) {
            i = i < 0 ? -i : 2 * n - 2 - i;
        }
        return i;
    }
}
