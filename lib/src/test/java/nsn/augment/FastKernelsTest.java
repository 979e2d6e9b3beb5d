package nsn.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The optimised kernels (blur, crop-resize, and the jitter, grayscale and normalisation loops over separate planes)
 * give the same floats, to the bit, as the plain per-pixel loops over one CHW array they replaced (kept below as the
 * reference), so that the speed-ups change no view.
 */
class FastKernelsTest {

    /** The former blur: per output pixel, per tap, with the border index reflected each time. */
    private static void referenceBlur(float[] img, int channels, int size, double sigma) {
        float[] kernel = GaussianBlur.kernel(sigma);
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

    /** The former crop-resize: every coordinate computed per output pixel and channel. */
    private static void referenceCropResize(byte[] src, int srcOffset, int channels, int height, int width,
            double x0, double y0, double cw, double ch, boolean flip, int out, float[] dst) {
        double sx = cw / out;
        double sy = ch / out;
        int plane = height * width;
        for (int oy = 0; oy < out; oy++) {
            double fy = y0 + (oy + 0.5) * sy - 0.5;
            fy = Math.min(Math.max(fy, 0), height - 1);
            int y1 = (int) fy;
            int y2 = Math.min(y1 + 1, height - 1);
            float wy = (float) (fy - y1);
            for (int ox = 0; ox < out; ox++) {
                int tx = flip ? out - 1 - ox : ox;
                double fx = x0 + (tx + 0.5) * sx - 0.5;
                fx = Math.min(Math.max(fx, 0), width - 1);
                int x1 = (int) fx;
                int x2 = Math.min(x1 + 1, width - 1);
                float wx = (float) (fx - x1);
                for (int c = 0; c < channels; c++) {
                    int base = srcOffset + c * plane;
                    float a = src[base + y1 * width + x1] & 0xFF;
                    float b = src[base + y1 * width + x2] & 0xFF;
                    float d = src[base + y2 * width + x1] & 0xFF;
                    float e = src[base + y2 * width + x2] & 0xFF;
                    float top = a + (b - a) * wx;
                    float bottom = d + (e - d) * wx;
                    dst[c * out * out + oy * out + ox] = (top + (bottom - top) * wy) * (1f / 255f);
                }
            }
        }
    }

    private static float clamp(float v) {
        return Math.min(Math.max(v, 0f), 1f);
    }

    private static float luma(float[] img, int plane, int i) {
        return 0.299f * img[i] + 0.587f * img[plane + i] + 0.114f * img[2 * plane + i];
    }

    /** The former per-pixel colour loops over one CHW array: 0 contrast, 1 saturation, 2 hue, 3 grayscale. */
    private static void referenceColour(int op, float[] img, int channels, int plane, float f, float cos, float sin) {
        switch (op) {
            case 0 -> {
                double sum = 0;
                for (int i = 0; i < plane; i++) {
                    sum += channels == 3 ? luma(img, plane, i) : img[i];
                }
                float m = (float) (sum / plane);
                for (int i = 0; i < img.length; i++) {
                    img[i] = clamp((img[i] - m) * f + m);
                }
            }
            case 1 -> {
                for (int i = 0; i < plane; i++) {
                    float y = luma(img, plane, i);
                    for (int c = 0; c < 3; c++) {
                        img[c * plane + i] = clamp((img[c * plane + i] - y) * f + y);
                    }
                }
            }
            case 2 -> {
                for (int p = 0; p < plane; p++) {
                    float r = img[p];
                    float g = img[plane + p];
                    float b = img[2 * plane + p];
                    float y = 0.299f * r + 0.587f * g + 0.114f * b;
                    float i = 0.596f * r - 0.274f * g - 0.322f * b;
                    float q = 0.211f * r - 0.523f * g + 0.312f * b;
                    float i2 = i * cos - q * sin;
                    float q2 = i * sin + q * cos;
                    img[p] = clamp(y + 0.956f * i2 + 0.621f * q2);
                    img[plane + p] = clamp(y - 0.272f * i2 - 0.647f * q2);
                    img[2 * plane + p] = clamp(y - 1.106f * i2 + 1.703f * q2);
                }
            }
            default -> {
                for (int i = 0; i < plane; i++) {
                    float y = luma(img, plane, i);
                    img[i] = y;
                    img[plane + i] = y;
                    img[2 * plane + i] = y;
                }
            }
        }
    }

    @Test
    void colourGrayscaleAndNormalizeAreBitIdenticalToTheFlatLoops() {
        SplittableRandom rng = new SplittableRandom(4);
        for (int trial = 0; trial < 40; trial++) {
            int plane = 1 + rng.nextInt(3000);
            int channels = trial % 4 == 3 ? 1 : 3;
            float[] img = new float[channels * plane];
            for (int i = 0; i < img.length; i++) {
                // mostly inside [0, 1], some outside so that the clamps matter
                img[i] = (float) (rng.nextDouble() * 1.2 - 0.1);
            }
            float f = (float) (rng.nextDouble() * 2);
            double angle = (rng.nextDouble() * 2 - 1) * 0.2 * Math.PI;
            float cos = (float) Math.cos(angle);
            float sin = (float) Math.sin(angle);
            for (int op = 0; op < (channels == 3 ? 4 : 1); op++) {
                float[] expected = img.clone();
                referenceColour(op, expected, channels, plane, f, cos, sin);
                float[] actual = img.clone();
                int o = op;
                TestPlanes.inPlace(actual, channels, p -> {
                    switch (o) {
                        case 0 -> ColorJitter.contrast(p, channels, plane, f);
                        case 1 -> ColorJitter.saturation(p, plane, f);
                        case 2 -> ColorJitter.rotateHue(p, plane, cos, sin);
                        default -> RandomGrayscale.toGray(p, plane);
                    }
                });
                assertArrayEquals(expected, actual, 0f, "trial " + trial + ", op " + op);
            }
            float[] mean = {0.485f, 0.456f, 0.406f};
            float[] std = {0.229f, 0.224f, 0.225f};
            int offset = rng.nextInt(5);
            float[] expected = new float[offset + img.length];
            for (int c = 0; c < channels; c++) {
                float inv = 1f / std[c];
                for (int i = 0; i < plane; i++) {
                    expected[offset + c * plane + i] = (clamp(img[c * plane + i]) - mean[c]) * inv;
                }
            }
            float[] actual = new float[expected.length];
            new Normalize(mean, std).apply(TestPlanes.split(img, channels), channels, plane, actual, offset);
            assertArrayEquals(expected, actual, 0f, "normalize, trial " + trial);
        }
    }

    @Test
    void blurIsBitIdenticalToThePerTapLoop() {
        SplittableRandom rng = new SplittableRandom(3);
        // sizes down to below the kernel radius (multiple reflections), sigmas over MoCo's range at 224 and 32 px
        int[] sizes = {1, 2, 5, 13, 32, 224};
        double[] sigmas = {0.1, 0.33, 1.05, 2.0, 2.7};
        for (int size : sizes) {
            for (double sigma : sigmas) {
                for (int channels : new int[] {1, 3}) {
                    float[] img = new float[channels * size * size];
                    for (int i = 0; i < img.length; i++) {
                        img[i] = (float) rng.nextDouble();
                    }
                    float[] expected = img.clone();
                    referenceBlur(expected, channels, size, sigma);
                    TestPlanes.inPlace(img, channels, p -> GaussianBlur.blur(p, channels, size, sigma));
                    assertArrayEquals(expected, img, 0f, "size " + size + ", sigma " + sigma + ", C " + channels);
                }
            }
        }
    }

    @Test
    void cropResizeIsBitIdenticalToThePerPixelLoop() {
        SplittableRandom rng = new SplittableRandom(5);
        for (int trial = 0; trial < 60; trial++) {
            int channels = trial % 2 == 0 ? 3 : 1;
            int height = 1 + rng.nextInt(90);
            int width = 1 + rng.nextInt(90);
            int offset = rng.nextInt(7);
            byte[] src = new byte[offset + channels * height * width];
            rng.nextBytes(src);
            // boxes inside, on and (for the clamping) beyond the border, up- and downscaled
            double x0 = rng.nextDouble() * width - 2;
            double y0 = rng.nextDouble() * height - 2;
            double cw = 0.5 + rng.nextDouble() * width * 1.2;
            double ch = 0.5 + rng.nextDouble() * height * 1.2;
            int out = 1 + rng.nextInt(64);
            boolean flip = rng.nextBoolean();
            float[] expected = new float[channels * out * out];
            float[] actual = new float[expected.length];
            referenceCropResize(src, offset, channels, height, width, x0, y0, cw, ch, flip, out, expected);
            TestPlanes.inPlace(actual, channels, p -> Pixels.cropResize(src, offset, channels, height, width, x0, y0, cw,
                    ch, flip, out, p));
            assertArrayEquals(expected, actual, 0f, "trial " + trial);
        }
    }

    @Test
    void aThreadsSecondViewIsTheSameAsOnAFreshThread() throws Exception {
        // the per-thread scratch image must not carry anything from one view (or one size) to the next
        SemanticAugmentation big = SemanticAugmentation.mocoV2(AugmentConfig.mocoV2(64, new float[] {0.5f},
                new float[] {0.25f}));
        SemanticAugmentation small = SemanticAugmentation.mocoV2(AugmentConfig.mocoV2(16, new float[] {0.5f},
                new float[] {0.25f}));
        byte[] src = new byte[3 * 40 * 50];
        new SplittableRandom(9).nextBytes(src);
        float[][] fresh = new float[2][];
        Thread t = new Thread(() -> fresh[0] = view(small, src, 3, 11));
        t.start();
        t.join();
        Thread u = new Thread(() -> fresh[1] = view(big, src, 1, 12));
        u.start();
        u.join();
        for (int round = 0; round < 3; round++) {
            view(big, src, 3, round);
            assertArrayEquals(fresh[0], view(small, src, 3, 11), 0f);
            view(small, src, 1, round);
            assertArrayEquals(fresh[1], view(big, src, 1, 12), 0f);
        }
    }

    private static float[] view(SemanticAugmentation a, byte[] src, int channels, long seed) {
        float[] dst = new float[channels * a.outputSize() * a.outputSize()];
        a.apply(src, 0, channels, 40, 50, dst, 0, new SplittableRandom(seed));
        return dst;
    }
}
