package nsn.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AugmentColorJitterTest {

    private static final float EPS = 1e-6f;

    @Test
    void factorsAreUniformInOneMinusToOnePlusStrength() {
        SplittableRandom rng = new SplittableRandom(4);
        float lo = Float.MAX_VALUE;
        float hi = -Float.MAX_VALUE;
        for (int i = 0; i < 10_000; i++) {
            float f = ColorJitter.factor(0.4f, rng);
            assertTrue(f >= 0.6f - EPS && f <= 1.4f + EPS, "factor " + f);
            lo = Math.min(lo, f);
            hi = Math.max(hi, f);
        }
        assertTrue(lo < 0.61f && hi > 1.39f, "range covered: " + lo + ".." + hi);
        for (int i = 0; i < 1000; i++) {
            float f = ColorJitter.factor(1.5f, rng);
            assertTrue(f >= 0f && f <= 2.5f + EPS, "strength above 1 starts at 0: " + f);
        }
    }

    @Test
    void brightnessMultipliesAndClamps() {
        float[] img = {0.2f, 0.4f, 0.8f, 0.6f};
        TestPlanes.inPlace(img, 1, p -> ColorJitter.brightness(p, 1, 4, 1.5f));
        assertArrayEquals(new float[] {0.3f, 0.6f, 1f, 0.9f}, img, EPS);
    }

    @Test
    void contrastBlendsWithTheMeanOfAGrayImage() {
        float[] img = {0.2f, 0.4f, 0.6f, 0.8f}; // mean 0.5
        TestPlanes.inPlace(img, 1, p -> ColorJitter.contrast(p, 1, 4, 0.5f));
        assertArrayEquals(new float[] {0.35f, 0.45f, 0.55f, 0.65f}, img, EPS);
    }

    @Test
    void contrastBlendsWithTheMeanLumaOfAColourImage() {
        // Red, green, blue and white: lumas 0.299, 0.587, 0.114 and 1, mean 0.5.
        float[] img = {1, 0, 0, 1, 0, 1, 0, 1, 0, 0, 1, 1};
        TestPlanes.inPlace(img, 3, p -> ColorJitter.contrast(p, 3, 4, 0.5f));
        float[] expected = {0.75f, 0.25f, 0.25f, 0.75f, 0.25f, 0.75f, 0.25f, 0.75f, 0.25f, 0.25f, 0.75f, 0.75f};
        assertArrayEquals(expected, img, EPS);
    }

    @Test
    void saturationBlendsEachPixelWithItsLuma() {
        // Pixel 0 is pure red (luma 0.299), pixel 1 is (0.5, 0.4, 0.3) with luma 0.4185.
        float[] half = {1, 0.5f, 0, 0.4f, 0, 0.3f};
        TestPlanes.inPlace(half, 3, p -> ColorJitter.saturation(p, 2, 0.5f));
        assertArrayEquals(new float[] {0.6495f, 0.45925f, 0.1495f, 0.40925f, 0.1495f, 0.35925f}, half, EPS);
        float[] twice = {1, 0.5f, 0, 0.4f, 0, 0.3f};
        TestPlanes.inPlace(twice, 3, p -> ColorJitter.saturation(p, 2, 2f));
        assertArrayEquals(new float[] {1f, 0.5815f, 0f, 0.3815f, 0f, 0.1815f}, twice, EPS);
        float[] none = {1, 0.5f, 0, 0.4f, 0, 0.3f};
        TestPlanes.inPlace(none, 3, p -> ColorJitter.saturation(p, 2, 0f));
        assertArrayEquals(new float[] {0.299f, 0.4185f, 0.299f, 0.4185f, 0.299f, 0.4185f}, none, EPS);
    }

    @Test
    void hueRotationKeepsGraysAndLumaAndIsNearlyIdentityAtZero() {
        float[] img = {0.3f, 0.5f, 0.3f, 0.2f, 0.3f, 0.9f}; // pixel 0 gray, pixel 1 coloured
        float lumaBefore = 0.299f * 0.5f + 0.587f * 0.2f + 0.114f * 0.9f;
        float[] same = img.clone();
        TestPlanes.inPlace(same, 3, p -> ColorJitter.rotateHue(p, 2, 1f, 0f));
        assertArrayEquals(img, same, 2e-3f);
        TestPlanes.inPlace(img, 3, p -> ColorJitter.rotateHue(p, 2, (float) Math.cos(1.0), (float) Math.sin(1.0)));
        assertEquals(0.3f, img[0], 1e-3f);
        assertEquals(0.3f, img[2], 1e-3f);
        assertEquals(0.3f, img[4], 1e-3f);
        assertEquals(lumaBefore, 0.299f * img[1] + 0.587f * img[3] + 0.114f * img[5], 2e-3f);
        assertTrue(Math.abs(img[1] - 0.5f) > 0.05f, "the coloured pixel changes hue");
    }

    @Test
    void drawsTheProbabilityThenTheOrderThenTheFactor() {
        float[] img = {0.1f, 0.3f, 0.5f, 0.7f};
        float[] jittered = img.clone();
        TestPlanes.inPlace(jittered, 1, p -> new ColorJitter(1f, 0.4f, 0f, 0f, 0f).apply(p, 1, 4, new SplittableRandom(9)));
        SplittableRandom replay = new SplittableRandom(9);
        replay.nextDouble(); // apply or not
        for (int i = 3; i > 0; i--) {
            replay.nextInt(i + 1); // order
        }
        float f = (float) (0.6 + replay.nextDouble() * 0.8);
        for (int i = 0; i < img.length; i++) {
            assertEquals(Math.min(img[i] * f, 1f), jittered[i], EPS);
        }
    }

    @Test
    void probabilityZeroLeavesTheImage() {
        float[] img = {0.1f, 0.3f, 0.5f, 0.7f, 0.2f, 0.4f, 0.6f, 0.8f, 0f, 1f, 0.5f, 0.5f};
        float[] copy = img.clone();
        SplittableRandom rng = new SplittableRandom(1);
        for (int i = 0; i < 100; i++) {
            TestPlanes.inPlace(copy, 3, p -> new ColorJitter(0f, 0.4f, 0.4f, 0.4f, 0.1f).apply(p, 3, 4, rng));
        }
        assertArrayEquals(img, copy);
    }

    @Test
    void withoutColorNeverChangesColours() {
        int src = 20;
        int out = 16;
        byte[] img = new byte[3 * src * src];
        int[] rgb = {200, 100, 50};
        for (int c = 0; c < 3; c++) {
            Arrays.fill(img, c * src * src, (c + 1) * src * src, (byte) rgb[c]);
        }
        float[] mean = {0.5f, 0.5f, 0.5f};
        float[] std = {0.25f, 0.25f, 0.25f};
        AugmentConfig withColor = AugmentConfig.mocoV2(out, mean, std);
        SemanticAugmentation plain = SemanticAugmentation.mocoV2(withColor.withoutColor());
        SemanticAugmentation coloured = SemanticAugmentation.mocoV2(withColor);
        float[] view = new float[3 * out * out];
        int changed = 0;
        for (int seed = 0; seed < 200; seed++) {
            plain.apply(img, 0, 3, src, src, view, 0, new SplittableRandom(seed));
            for (int c = 0; c < 3; c++) {
                float expected = (rgb[c] / 255f - 0.5f) / 0.25f;
                for (int i = 0; i < out * out; i++) {
                    assertEquals(expected, view[c * out * out + i], EPS, "seed " + seed);
                }
            }
            coloured.apply(img, 0, 3, src, src, view, 0, new SplittableRandom(seed));
            if (Math.abs(view[0] - (rgb[0] / 255f - 0.5f) / 0.25f) > 1e-3f) {
                changed++;
            }
        }
        assertTrue(changed > 100, "with colour augmentation most views change colour: " + changed);
    }
}
