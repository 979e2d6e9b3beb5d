package nsn.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import nsn.TestData;
import nsn.data.InMemoryImageDataset;
import org.junit.jupiter.api.Test;

class AugmentationTest {

    static final float[] MEAN = {0.5f, 0.5f, 0.5f};
    static final float[] STD = {0.25f, 0.25f, 0.25f};

    static byte[] gradientImage(int channels, int size) {
        byte[] img = new byte[channels * size * size];
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    img[c * size * size + y * size + x] = (byte) ((x * 8 + y * 2 + c * 40) & 0xFF);
                }
            }
        }
        return img;
    }

    @Test
    void evaluationTransformAtSameSizeOnlyNormalises() {
        byte[] img = gradientImage(3, 16);
        float[] out = new float[3 * 16 * 16];
        SemanticAugmentation.evaluation(16, MEAN, STD).apply(img, 0, 3, 16, 16, out, 0, null);
        for (int i = 0; i < out.length; i++) {
            assertEquals(((img[i] & 0xFF) / 255f - 0.5f) / 0.25f, out[i], 1e-5f);
        }
    }

    @Test
    void evaluationTransformOfALargerImageIsTheCentreCropOfTheProtocol() {
        // 32 px in, 28 px out: the centred 0.875 × 32 = 28 px square, copied pixel for pixel (as CenterCrop(224) of
        // a 256-px ImageNet image)
        byte[] img = gradientImage(3, 32);
        float[] out = new float[3 * 28 * 28];
        SemanticAugmentation.evaluation(28, MEAN, STD).apply(img, 0, 3, 32, 32, out, 0, null);
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 28; y++) {
                for (int x = 0; x < 28; x++) {
                    int src = img[c * 32 * 32 + (y + 2) * 32 + x + 2] & 0xFF;
                    assertEquals((src / 255f - 0.5f) / 0.25f, out[c * 28 * 28 + y * 28 + x], 1e-5f,
                            "channel " + c + " at " + y + "," + x);
                }
            }
        }
    }

    @Test
    void mocoViewsAreSeededAndDiffer() {
        byte[] img = gradientImage(3, 32);
        SemanticAugmentation aug = SemanticAugmentation.mocoV2(AugmentConfig.mocoV2(32, MEAN, STD));
        float[] a = new float[3 * 32 * 32];
        float[] b = new float[a.length];
        float[] c = new float[a.length];
        aug.apply(img, 0, 3, 32, 32, a, 0, new SplittableRandom(5));
        aug.apply(img, 0, 3, 32, 32, b, 0, new SplittableRandom(5));
        aug.apply(img, 0, 3, 32, 32, c, 0, new SplittableRandom(6));
        assertArrayEquals(a, b, "same seed, same view");
        assertFalse(Arrays.equals(a, c), "different seeds give different views");
        float lo = (0 - 0.5f) / 0.25f;
        float hi = (1 - 0.5f) / 0.25f;
        for (float v : a) {
            assertTrue(v >= lo - 1e-5f && v <= hi + 1e-5f, "normalised value in range");
        }
    }

    @Test
    void grayscaleWithProbabilityOneMakesChannelsEqual() {
        AugmentConfig cfg = new AugmentConfig(16, 0.5f, 1f, 0.5f, 1f, 0.4f, 0.4f, 0.4f, 0.1f, 1f, 0f, MEAN, STD);
        float[] out = new float[3 * 16 * 16];
        SemanticAugmentation.mocoV2(cfg).apply(gradientImage(3, 16), 0, 3, 16, 16, out, 0, new SplittableRandom(1));
        for (int i = 0; i < 256; i++) {
            assertEquals(out[i], out[256 + i], 1e-5f);
            assertEquals(out[i], out[512 + i], 1e-5f);
        }
    }

    @Test
    void withoutColorKeepsPixelColoursOfTheCrop() {
        AugmentConfig cfg = AugmentConfig.mocoV2(16, MEAN, STD).withoutColor();
        assertEquals(0f, cfg.jitterProb());
        assertEquals(0f, cfg.grayscaleProb());
    }

    @Test
    void blurAtLargeSizesOnly() {
        assertEquals(0f, AugmentConfig.mocoV2(32).blurProb());
        assertEquals(0.5f, AugmentConfig.mocoV2(224).blurProb());
        assertTrue(AugmentConfig.mocoV2(32).needsNormalization());
    }

    @Test
    void normalizationIsEstimatedFromRealData() {
        InMemoryImageDataset data = TestData.fashionTrain(2000);
        Normalization n = Normalization.estimate(data, 2000);
        // Fashion-MNIST's well-known statistics are mean 0.286, std 0.353.
        assertEquals(0.286f, n.mean()[0], 0.01f);
        assertEquals(0.353f, n.std()[0], 0.01f);
    }

    @Test
    void rejectsBadConfigs() {
        assertThrows(IllegalArgumentException.class,
                () -> new AugmentConfig(16, 0f, 1f, 0.5f, 1f, 0, 0, 0, 0, 0, 0, MEAN, STD));
        assertThrows(IllegalArgumentException.class,
                () -> new AugmentConfig(16, 0.2f, 1f, 1.5f, 1f, 0, 0, 0, 0, 0, 0, MEAN, STD));
        assertThrows(IllegalArgumentException.class,
                () -> new AugmentConfig(16, 0.2f, 1f, 0.5f, 1f, 0, 0, 0, 0, 0, 0, MEAN, new float[] {0, 1, 1}));
    }
}
