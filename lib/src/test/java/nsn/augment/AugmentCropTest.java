package nsn.augment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AugmentCropTest {

    @Test
    void successfulDrawsHaveScaleAndRatioInRange() {
        int height = 800;
        int width = 1000;
        RandomResizedCrop crop = new RandomResizedCrop(32, 0.2f, 1f, 0f);
        SplittableRandom rng = new SplittableRandom(11);
        double minFraction = 1;
        double maxFraction = 0;
        double minLogRatio = 1;
        double maxLogRatio = -1;
        for (int n = 0; n < 5000; n++) {
            RandomResizedCrop.Box b = crop.sampleBox(height, width, rng);
            assertTrue(b.x() >= 0 && b.y() >= 0 && b.x() + b.width() <= width && b.y() + b.height() <= height,
                    "box inside the image: " + b);
            assertEquals(Math.rint(b.x()), b.x());
            assertEquals(Math.rint(b.y()), b.y());
            double fraction = b.width() * b.height() / (height * width);
            double logRatio = Math.log(b.width() / b.height());
            // Widths and heights are rounded to whole pixels: ±0.5 px on sides of hundreds of pixels.
            assertTrue(fraction >= 0.2 - 0.005 && fraction <= 1 + 0.005, "area fraction " + fraction);
            assertTrue(logRatio >= Math.log(3.0 / 4.0) - 0.005 && logRatio <= Math.log(4.0 / 3.0) + 0.005,
                    "log ratio " + logRatio);
            minFraction = Math.min(minFraction, fraction);
            maxFraction = Math.max(maxFraction, fraction);
            minLogRatio = Math.min(minLogRatio, logRatio);
            maxLogRatio = Math.max(maxLogRatio, logRatio);
        }
        assertTrue(minFraction < 0.22 && maxFraction > 0.9, "scale range covered: " + minFraction + ".." + maxFraction);
        assertTrue(minLogRatio < -0.25 && maxLogRatio > 0.25, "ratio range covered");
    }

    @Test
    void positionsAreSpreadOverWhereTheBoxFits() {
        RandomResizedCrop crop = new RandomResizedCrop(8, 0.25f, 0.25f, 0f);
        SplittableRandom rng = new SplittableRandom(3);
        double sumCentre = 0;
        int n = 4000;
        for (int k = 0; k < n; k++) {
            RandomResizedCrop.Box b = crop.sampleBox(400, 400, rng);
            sumCentre += b.x() + b.width() / 2;
        }
        assertEquals(200, sumCentre / n, 5, "box centres average to the image centre");
    }

    @Test
    void fallsBackToTheCentreSquareWhenNoDrawFits() {
        // A 2 × 200 strip cannot hold 90 % of its area at a ratio within [3/4, 4/3].
        RandomResizedCrop crop = new RandomResizedCrop(8, 0.9f, 1f, 0f);
        RandomResizedCrop.Box b = crop.sampleBox(2, 200, new SplittableRandom(1));
        assertEquals(new RandomResizedCrop.Box(99, 0, 2, 2), b);
    }

    @Test
    void fullImageAtOwnSizeIsTheIdentityAndFlipMirrorsExactly() {
        int size = 4;
        byte[] src = new byte[2 * size * size];
        for (int i = 0; i < src.length; i++) {
            src[i] = (byte) (i * 37 + 5);
        }
        float[] plain = new float[src.length];
        float[] mirrored = new float[src.length];
        // Scale 1 on a square image leaves only the whole image (the fallback is the whole image too).
        TestPlanes.inPlace(plain, 2, p -> new RandomResizedCrop(size, 1f, 1f, 0f).apply(src, 0, 2, size, size,
                new SplittableRandom(2), p));
        TestPlanes.inPlace(mirrored, 2, p -> new RandomResizedCrop(size, 1f, 1f, 1f).apply(src, 0, 2, size, size,
                new SplittableRandom(2), p));
        for (int c = 0; c < 2; c++) {
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    int i = c * size * size + y * size + x;
                    int m = c * size * size + y * size + (size - 1 - x);
                    assertEquals((src[i] & 0xFF) * (1f / 255f), plain[i]);
                    assertEquals((src[m] & 0xFF) * (1f / 255f), mirrored[i]);
                }
            }
        }
    }

    @Test
    void flipOfAnyCropIsTheExactMirror() {
        byte[] src = AugmentationTest.gradientImage(3, 20);
        float[] a = new float[3 * 8 * 8];
        float[] b = new float[a.length];
        TestPlanes.inPlace(a, 3, p -> Pixels.cropResize(src, 0, 3, 20, 20, 3, 5, 11.5, 9, false, 8, p));
        TestPlanes.inPlace(b, 3, p -> Pixels.cropResize(src, 0, 3, 20, 20, 3, 5, 11.5, 9, true, 8, p));
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 8; y++) {
                for (int x = 0; x < 8; x++) {
                    assertEquals(a[c * 64 + y * 8 + x], b[c * 64 + y * 8 + 7 - x]);
                }
            }
        }
    }
}
