package nsn.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AugmentGrayscaleBlurNormalizeTest {

    private static final float EPS = 1e-6f;

    @Test
    void grayscaleIsRec601LumaInAllChannels() {
        // Pixels: red, (0.5, 0.4, 0.3), white, black.
        float[] img = {1, 0.5f, 1, 0, 0, 0.4f, 1, 0, 0, 0.3f, 1, 0};
        TestPlanes.inPlace(img, 3, p -> new RandomGrayscale(1f).apply(p, 3, 4, new SplittableRandom(0)));
        float[] luma = {0.299f, 0.4185f, 1f, 0f};
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < 4; i++) {
                assertEquals(luma[i], img[c * 4 + i], EPS);
            }
        }
    }

    @Test
    void grayscaleHappensWithItsProbabilityAndNotToOneChannel() {
        RandomGrayscale gray = new RandomGrayscale(0.2f);
        SplittableRandom rng = new SplittableRandom(5);
        int converted = 0;
        for (int n = 0; n < 10_000; n++) {
            float[] img = {1, 0, 0};
            TestPlanes.inPlace(img, 3, p -> gray.apply(p, 3, 1, rng));
            if (img[1] != 0) {
                converted++;
            }
        }
        assertEquals(0.2, converted / 10_000.0, 0.015);
        float[] single = {0.7f, 0.2f};
        SplittableRandom a = new SplittableRandom(8);
        TestPlanes.inPlace(single, 1, p -> new RandomGrayscale(1f).apply(p, 1, 2, a));
        assertArrayEquals(new float[] {0.7f, 0.2f}, single);
        assertEquals(new SplittableRandom(8).nextLong(), a.nextLong(), "no draw for one channel");
    }

    @Test
    void blurKernelIsANormalisedGaussian() {
        float[] k = GaussianBlur.kernel(1.0);
        assertEquals(7, k.length, "radius ⌈3σ⌉");
        float sum = 0;
        for (float v : k) {
            sum += v;
        }
        assertEquals(1f, sum, 1e-6f);
        for (int i = 0; i < 3; i++) {
            assertEquals(k[i], k[6 - i], 0f, "symmetric");
        }
        assertEquals(Math.exp(0.5), k[3] / k[4], 1e-5);
        assertEquals(Math.exp(2.0), k[3] / k[5], 1e-4);
        assertEquals(3, GaussianBlur.kernel(0.1).length, "radius at least 1");
    }

    @Test
    void blurKeepsAConstantImageAndTheMassOfAnImpulse() {
        int size = 15;
        float[] constant = new float[2 * size * size];
        Arrays.fill(constant, 0.6f);
        TestPlanes.inPlace(constant, 2, p -> GaussianBlur.blur(p, 2, size, 1.7));
        for (float v : constant) {
            assertEquals(0.6f, v, 1e-6f);
        }
        float[] impulse = new float[size * size];
        impulse[7 * size + 7] = 1f;
        TestPlanes.inPlace(impulse, 1, p -> GaussianBlur.blur(p, 1, size, 1.0));
        float[] k = GaussianBlur.kernel(1.0);
        double mass = 0;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                float v = impulse[y * size + x];
                mass += v;
                int dy = y - 7;
                int dx = x - 7;
                float expected = Math.abs(dx) <= 3 && Math.abs(dy) <= 3 ? k[dy + 3] * k[dx + 3] : 0f;
                assertEquals(expected, v, 1e-7f);
            }
        }
        assertEquals(1.0, mass, 1e-6);
    }

    @Test
    void blurHappensWithItsProbabilityAndSigmaScaledFromTheRange() {
        float[] img = new float[16];
        img[5] = 1f;
        float[] copy = img.clone();
        TestPlanes.inPlace(copy, 1, p -> new GaussianBlur(0f, 4).apply(p, 1, new SplittableRandom(1)));
        assertArrayEquals(img, copy);
        int size = 112;
        for (int seed = 0; seed < 5; seed++) {
            float[] impulse = new float[size * size];
            impulse[50 * size + 60] = 1f;
            float[] expected = impulse.clone();
            long s = seed;
            TestPlanes.inPlace(impulse, 1, p -> new GaussianBlur(1f, size).apply(p, 1, new SplittableRandom(s)));
            SplittableRandom replay = new SplittableRandom(seed);
            replay.nextDouble(); // blur or not
            double sigma = (0.1 + replay.nextDouble() * 1.9) / 2; // [0.1, 2] at 224 px, halved at 112 px
            assertTrue(sigma >= 0.05 && sigma <= 1.0);
            TestPlanes.inPlace(expected, 1, p -> GaussianBlur.blur(p, 1, size, sigma));
            assertArrayEquals(expected, impulse, 1e-7f);
        }
    }

    @Test
    void normalizeClampsThenSubtractsMeanAndDividesByStd() {
        float[] img = {0.75f, 1.5f, -0.1f, 0.5f, 0.2f, 0.6f};
        float[] dst = new float[8];
        new Normalize(new float[] {0.5f, 0.2f}, new float[] {0.25f, 0.4f}).apply(TestPlanes.split(img, 2), 2, 3, dst,
                2);
        assertArrayEquals(new float[] {0, 0, 1f, 2f, -2f, 0.75f, 0f, 1f}, dst, EPS);
        float[] single = new float[3];
        new Normalize(new float[] {0.5f}, new float[] {0.5f}).apply(new float[][] {{0f, 0.25f, 1f}}, 1, 3, single, 0);
        assertArrayEquals(new float[] {-1f, -0.5f, 1f}, single, EPS);
    }
}
