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
    void apply(float[] img, int channels, SplittableRandom rng) {
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
     * Separable blur of square planes of side {@code size} with reflected borders, in place. Each row is first
     * copied with its reflected border into a padded buffer and both passes add one weighted row at a time, so
     * that no index is reflected per tap and the loops vectorise; every output is still the sum over k = −r … r, in that order, of
     * {@code kernel[k + r] · pixel}, so the result is the same to the bit as a per-tap reflecting loop.
     */
    static void blur(float[] img, int channels, int size, double sigma) {
        float[] kernel = kernel(sigma);
        int radius = kernel.length / 2;
        int plane = size * size;
        float[] tmp = new float[plane];
        float[] padded = new float[size + 2 * radius];
        float[] acc = new float[size];
        int[] rows = new int[kernel.length];
        for (int c = 0; c < channels; c++) {
            int base = c * plane;
            for (int y = 0; y < size; y++) {
                int row = base + y * size;
                for (int i = 0; i < padded.length; i++) {
                    padded[i] = img[row + reflect(i - radius, size)];
                }
                Arrays.fill(acc, 0f);
                for (int k = 0; k < kernel.length; k++) {
                    float w = kernel[k];
                    for (int x = 0; x < size; x++) {
                        acc[x] += w * padded[x + k];
                    }
                }
                System.arraycopy(acc, 0, tmp, y * size, size);
            }
            for (int y = 0; y < size; y++) {
                for (int k = 0; k < kernel.length; k++) {
                    rows[k] = reflect(y + k - radius, size) * size;
                }
                Arrays.fill(acc, 0f);
                for (int k = 0; k < kernel.length; k++) {
                    float w = kernel[k];
                    int src = rows[k];
                    for (int x = 0; x < size; x++) {
                        acc[x] += w * tmp[src + x];
                    }
                }
                System.arraycopy(acc, 0, img, base + y * size, size);
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
