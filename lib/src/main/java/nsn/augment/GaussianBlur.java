package nsn.augment;

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

    /** Separable blur of square planes of side {@code size} with reflected borders, in place. */
    static void blur(float[] img, int channels, int size, double sigma) {
        float[] kernel = kernel(sigma);
        int radius = kernel.length / 2;
        float[] tmp = new float[size * size];
        int plane = size * size;
        for (int c = 0; c < channels; c++) {
            int base = c * plane;
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    float acc = 0;
                    for (int k = -radius; k <= radius; k++) {
                        acc += kernel[k + radius] * img[base + y * size + reflect(x + k, size)];
                    }
                    tmp[y * size + x] = acc;
                }
            }
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    float acc = 0;
                    for (int k = -radius; k <= radius; k++) {
                        acc += kernel[k + radius] * tmp[reflect(y + k, size) * size + x];
                    }
                    img[base + y * size + x] = acc;
                }
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
