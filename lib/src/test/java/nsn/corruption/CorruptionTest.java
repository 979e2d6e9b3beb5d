package nsn.corruption;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import nsn.data.ByteImage;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The 15 corruptions: published parameters, severity validation, shape, determinism, hand-computed values of the
 * closed-form ones, noise statistics, and distortion growing with severity on synthetic and (when present) real
 * CIFAR-10 images.
 */
class CorruptionTest {

    private static final Set<String> RANDOM = Set.of("gaussian_noise", "shot_noise", "impulse_noise", "glass_blur",
            "motion_blur", "snow", "frost", "fog", "elastic_transform");

    /**
     * Published parameters for which a per-pixel distance does not grow with severity, so monotonicity is not
     * asserted: glass blur (CIFAR severity 5 blurs more than 4 with the same two sweeps, which smooths the pixel
     * jitter back towards the clean image; by correlation severities 2-3 also fall below 1) and elastic transform (CIFAR severity 1 is a pure affine jitter of 2.56 px, larger than the later
     * elastic fields; ImageNet severities 1-2 use sigma 170 px and alpha 488 px). Measured in docs/CORRUPTIONS.md.
     */
    private static final Set<String> NOT_MONOTONE_CIFAR = Set.of("glass_blur", "elastic_transform");

    @Test
    void fifteenCorruptionsInImageNetCOrderWithUniqueNames() {
        List<String> names = Corruption.all().stream().map(Corruption::name).toList();
        assertEquals(List.of("gaussian_noise", "shot_noise", "impulse_noise", "defocus_blur", "glass_blur",
                "motion_blur", "zoom_blur", "snow", "frost", "fog", "brightness", "contrast", "elastic_transform",
                "pixelate", "jpeg_compression"), names);
        assertEquals("jpeg_compression", Corruption.of("JPEG-Compression").name());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Corruption.of("spatter"));
        assertTrue(e.getMessage().contains("gaussian_noise"), e.getMessage());
    }

    @Test
    void parametersAreThePublishedOnes() {
        // make_imagenet_c.py / make_cifar_c.py of hendrycks/robustness
        assertEquals(List.of(0.38), Corruption.of("gaussian_noise").parameters(Scale.IMAGENET, 5));
        assertEquals(List.of(0.04), Corruption.of("gaussian_noise").parameters(Scale.CIFAR, 1));
        assertEquals(List.of(500.0), Corruption.of("shot_noise").parameters(Scale.CIFAR, 1));
        assertEquals(List.of(7.0), Corruption.of("jpeg_compression").parameters(Scale.IMAGENET, 5));
        assertEquals(List.of(80.0), Corruption.of("jpeg_compression").parameters(Scale.CIFAR, 1));
        assertEquals(List.of(1.5, 4.0, 2.0), Corruption.of("glass_blur").parameters(Scale.IMAGENET, 5));
        assertEquals(List.of(488.0, 244 * 0.7, 244 * 0.1), Corruption.of("elastic_transform")
                .parameters(Scale.IMAGENET, 1));
        assertEquals(List.of(0.3, 0.3, 1.25, 0.65, 14.0, 12.0, 0.8), Corruption.of("snow").parameters(Scale.CIFAR, 5));
        for (Corruption c : Corruption.all()) {
            for (int s = 1; s <= 5; s++) {
                assertEquals(c.parameterNames().size(), c.parameters(Scale.CIFAR, s).size(), c.name());
                assertEquals(c.parameterNames().size(), c.parameters(Scale.IMAGENET, s).size(), c.name());
            }
        }
        // np.arange(1, 1.16, 0.01) has 16 zooms (1.00 .. 1.15), np.arange(1, 1.31, 0.03) has 11
        assertEquals(16, ImageNetCCorruption.arange(1, 1.16, 0.01).length);
        assertEquals(11, ImageNetCCorruption.arange(1, 1.31, 0.03).length);
    }

    @Test
    void scaleFollowsImageSize() {
        assertEquals(Scale.CIFAR, Scale.forSize(28, 28));
        assertEquals(Scale.CIFAR, Scale.forSize(32, 32));
        assertEquals(Scale.CIFAR, Scale.forSize(84, 300));
        assertEquals(Scale.IMAGENET, Scale.forSize(85, 85));
        assertEquals(Scale.IMAGENET, Scale.forSize(96, 96));
        assertEquals(Scale.IMAGENET, Scale.forSize(224, 224));
    }

    @Test
    void severityOutsideOneToFiveIsRejectedNamingTheField() {
        ByteImage img = CorruptionBenchmark.syntheticImage(3, 8, 8, 1);
        for (int bad : new int[] {0, 6}) {
            for (Corruption c : Corruption.all()) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> c.apply(img, bad, 1L));
                assertEquals("severity must be in [1, 5], got " + bad, e.getMessage());
                assertThrows(IllegalArgumentException.class, () -> c.parameters(Scale.CIFAR, bad));
            }
        }
    }

    @Test
    void everyCorruptionKeepsShapeAndChangesTheImageAtEverySeverity() {
        List<ByteImage> images = List.of(CorruptionBenchmark.syntheticImage(3, 32, 32, 3),
                CorruptionBenchmark.syntheticImage(1, 28, 28, 4), CorruptionBenchmark.syntheticImage(3, 30, 40, 5));
        for (ByteImage img : images) {
            for (Corruption c : Corruption.all()) {
                for (int s = 1; s <= 5; s++) {
                    ByteImage out = c.apply(img, s, 11L);
                    String what = c.name() + " " + s + " on " + img;
                    assertEquals(img.channels(), out.channels(), what);
                    assertEquals(img.height(), out.height(), what);
                    assertEquals(img.width(), out.width(), what);
                    assertTrue(meanAbsDiff(img, out) > 0.1, what + " left the image unchanged");
                }
            }
        }
    }

    @Test
    void imagenetScaleOnA224ImageKeepsShape() {
        ByteImage img = CorruptionBenchmark.syntheticImage(3, 224, 224, 6);
        for (Corruption c : Corruption.all()) {
            ByteImage out = c.apply(img, 5, Scale.IMAGENET, new SplittableRandom(3));
            assertEquals(img.channels(), out.channels(), c.name());
            assertEquals(224, out.height(), c.name());
            assertEquals(224, out.width(), c.name());
            assertTrue(meanAbsDiff(img, out) > 1, c.name());
        }
    }

    @Test
    void sameSeedSameBytesOtherSeedOtherNoise() {
        ByteImage img = CorruptionBenchmark.syntheticImage(3, 32, 32, 7);
        for (Corruption c : Corruption.all()) {
            ByteImage a = c.apply(img, 3, 5L);
            ByteImage b = c.apply(img, 3, 5L);
            assertArrayEquals(a.pixels(), b.pixels(), c.name());
            ByteImage other = c.apply(img, 3, 6L);
            if (RANDOM.contains(c.name())) {
                assertFalse(java.util.Arrays.equals(a.pixels(), other.pixels()), c.name() + " ignores the seed");
            } else {
                assertArrayEquals(a.pixels(), other.pixels(), c.name() + " is deterministic");
            }
        }
    }

    @Test
    void distortionGrowsWithSeverityOnSyntheticImages() {
        List<ByteImage> rgb = new ArrayList<>();
        List<ByteImage> gray = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            rgb.add(CorruptionBenchmark.syntheticImage(3, 32, 32, 100 + i));
            gray.add(CorruptionBenchmark.syntheticImage(1, 28, 28, 200 + i));
        }
        assertGrowsWithSeverity(rgb, Scale.CIFAR, NOT_MONOTONE_CIFAR);
        assertGrowsWithSeverity(gray, Scale.CIFAR, NOT_MONOTONE_CIFAR);
    }

    @Test
    void distortionGrowsWithSeverityAtImagenetScale() {
        // Left out: elastic (published ImageNet severities 1-2 displace far more than 3-5), glass blur (severity 2
        // vs 1 and 4 vs 3 trade a stronger blur for fewer sweeps), and snow and pixelate, whose pixel distance is
        // flat between two severities on this smooth test card (see docs/CORRUPTIONS.md for real images).
        List<ByteImage> img = List.of(CorruptionBenchmark.syntheticImage(3, 224, 224, 9));
        Set<String> skip = Set.of("snow", "elastic_transform", "pixelate", "glass_blur");
        assertGrowsWithSeverity(img, Scale.IMAGENET, skip);
    }

    @Test
    void distortionGrowsWithSeverityOnRealCifar10() throws IOException {
        Path test = cifar10Test();
        Assumptions.assumeTrue(test != null, "CIFAR-10 JPEGs absent");
        List<ByteImage> images = new ArrayList<>();
        try (Stream<Path> classes = Files.list(test)) {
            for (Path cls : classes.sorted().limit(6).toList()) {
                try (Stream<Path> files = Files.list(cls)) {
                    Path f = files.sorted().findFirst().orElseThrow();
                    images.add(ByteImage.of(ImageIO.read(f.toFile())));
                }
            }
        }
        assertGrowsWithSeverity(images, Scale.CIFAR, NOT_MONOTONE_CIFAR);
    }

    /**
     * Mean distortion over the images and two seeds must increase from each severity to the next. The distance is
     * the mean absolute pixel difference, except for frost and fog, where it is 1 - Pearson correlation with the
     * clean image: frost's published image weight drops with severity (the output darkens less than it is covered),
     * and the correlation follows the frost-to-image weight ratio, which grows at every step; fog's ImageNet
     * severities 3 and 4 add fog of the same strength (2.5) and differ in the fractal's roughness (wibble decay 1.7
     * vs 1.5), which lowers the correlation but not necessarily the mean difference. Motion blur's CIFAR severities 3
     * and 4, radius 6 and 8 with sigma 2, differ only in taps below e^-18, so equality is allowed there.
     */
    private static boolean byCorrelation(Corruption c) {
        return c.name().equals("frost") || c.name().equals("fog");
    }

    private static void assertGrowsWithSeverity(List<ByteImage> images, Scale scale, Set<String> skip) {
        for (Corruption c : Corruption.all()) {
            if (skip.contains(c.name())) {
                continue;
            }
            double[] d = new double[6];
            for (int s = 1; s <= 5; s++) {
                for (int i = 0; i < images.size(); i++) {
                    for (int seed = 0; seed < 2; seed++) {
                        ByteImage out = c.apply(images.get(i), s, scale, new SplittableRandom(seed * 1000L + i));
                        d[s] += byCorrelation(c) ? 1 - correlation(images.get(i), out)
                                : meanAbsDiff(images.get(i), out);
                    }
                }
            }
            for (int s = 2; s <= 5; s++) {
                String what = c.name() + " at " + scale + ": severity " + (s - 1) + " -> " + s + " distances "
                        + java.util.Arrays.toString(d);
                boolean tie = c.name().equals("motion_blur") && scale == Scale.CIFAR && s == 4;
                if (tie) {
                    assertTrue(d[s] >= d[s - 1] - 1e-9, what);
                } else {
                    assertTrue(d[s] > d[s - 1], what);
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // Hand-computed values

    @Test
    void brightnessAddsToTheHsvValueKeepingHueAndSaturation() {
        // CIFAR severity 2 adds 0.1 to V. With H and S kept, hsv2rgb gives rgb * V'/V.
        // (200, 100, 50): V = 200/255, V' = 200/255 + 0.1 -> each channel * (V'/V), then np.uint8 truncation.
        // (0, 0, 0): gray, V' = 0.1 -> 25.5 -> 25. (250, 10, 10) at severity 5 (+0.3): V' clipped to 1.
        ByteImage img = new ByteImage(3, 1, 3, new byte[] {(byte) 200, 0, (byte) 250, 100, 0, 10, 50, 0, 10});
        ByteImage out = Corruption.of("brightness").apply(img, 2, Scale.CIFAR, new SplittableRandom(0));
        double v = 200 / 255.0;
        double ratio = (v + 0.1) / v;
        assertEquals((int) (200 / 255.0 * ratio * 255), out.get(0, 0, 0));
        assertEquals((int) (100 / 255.0 * ratio * 255), out.get(1, 0, 0));
        assertEquals((int) (50 / 255.0 * ratio * 255), out.get(2, 0, 0));
        assertEquals(225, out.get(0, 0, 0));
        assertEquals(112, out.get(1, 0, 0));
        assertEquals(56, out.get(2, 0, 0));
        assertEquals(25, out.get(0, 0, 1));
        assertEquals(25, out.get(2, 0, 1));
        ByteImage sev5 = Corruption.of("brightness").apply(img, 5, Scale.CIFAR, new SplittableRandom(0));
        assertEquals(255, sev5.get(0, 0, 2));
        assertEquals((int) (10 / 255.0 * (1 / (250 / 255.0)) * 255), sev5.get(1, 0, 2));
        // grayscale: x + c
        ByteImage g = new ByteImage(1, 1, 2, new byte[] {100, (byte) 240});
        ByteImage gout = Corruption.of("brightness").apply(g, 1, Scale.IMAGENET, new SplittableRandom(0));
        assertEquals((int) ((100 / 255.0 + 0.1) * 255), gout.get(0, 0, 0));
        assertEquals(255, gout.get(0, 0, 1));
    }

    @Test
    void contrastScalesAroundThePerChannelMean() {
        // CIFAR severity 1: c = 0.75. Channel 0 = {0, 100, 200, 255}, mean 138.75: (x - m) c + m, truncated.
        // Channel 1 = {10, 10, 10, 50}, mean 20.
        ByteImage img = new ByteImage(3, 2, 2, new byte[] {0, 100, (byte) 200, (byte) 255, 10, 10, 10, 50, 1, 1, 1,
            1});
        ByteImage out = Corruption.of("contrast").apply(img, 1, Scale.CIFAR, new SplittableRandom(0));
        assertEquals(34, out.get(0, 0, 0));   // 138.75 * 0.25 = 34.69
        assertEquals(109, out.get(0, 0, 1));  // -38.75 * 0.75 + 138.75 = 109.69
        assertEquals(184, out.get(0, 1, 0));  // 184.69
        assertEquals(225, out.get(0, 1, 1));  // 225.94
        assertEquals(12, out.get(1, 0, 0));   // (10 - 20) * 0.75 + 20 = 12.5
        assertEquals(42, out.get(1, 1, 1));   // 30 * 0.75 + 20 = 42.5
        assertEquals(1, out.get(2, 0, 0));    // constant channel unchanged
        // ImageNet severity 5: c = 0.05
        ByteImage five = Corruption.of("contrast").apply(img, 5, Scale.IMAGENET, new SplittableRandom(0));
        assertEquals((int) ((0 - 138.75) * 0.05 + 138.75), five.get(0, 0, 0));
    }

    @Test
    void pixelateAveragesBoxesAndRepeatsThem() {
        // 4x4 gray image, CIFAR severity 5: int(4 * 0.65) = 2, so 2x2 box means, then each mean repeated over its
        // 2x2 block. PIL resamples rows then columns and rounds half up after each pass: the bottom-right block
        // {100, 110; 140, 151} gives rows 105 and round(145.5) = 146, then round(125.5) = 126 (not round(125.25)).
        byte[] px = {0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120, (byte) 130, (byte) 140, (byte) 151};
        ByteImage out = Corruption.of("pixelate").apply(new ByteImage(1, 4, 4, px), 5, Scale.CIFAR,
                new SplittableRandom(0));
        int[][] expected = {{25, 25, 45, 45}, {25, 25, 45, 45}, {105, 105, 126, 126}, {105, 105, 126, 126}};
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                assertEquals(expected[y][x], out.get(0, y, x), "(" + y + "," + x + ")");
            }
        }
    }

    @Test
    void gaussianNoiseHasThePublishedStandardDeviation() {
        ByteImage gray = uniform(3, 64, 128);
        ByteImage out = Corruption.of("gaussian_noise").apply(gray, 3, Scale.CIFAR, new SplittableRandom(1));
        // sigma 0.08 of the unit range = 20.4 grey levels; truncation lowers the mean by 0.5
        assertEquals(0.08 * 255, std(out), 0.05 * 0.08 * 255);
        assertEquals(128 - 0.5, mean(out), 0.6);
    }

    @Test
    void shotNoiseIsPoissonWithThePublishedPhotonCount() {
        // x = 128/255, c photons: Poisson(x c) / c has mean x and std sqrt(x / c). Check c = 500 (PTRS branch) and
        // c = 3 (multiplication branch: mean x c = 1.5).
        ByteImage gray = uniform(3, 64, 128);
        double x = 128 / 255.0;
        ByteImage cifar1 = Corruption.of("shot_noise").apply(gray, 1, Scale.CIFAR, new SplittableRandom(2));
        assertEquals(Math.sqrt(x / 500) * 255, std(cifar1), 0.05 * Math.sqrt(x / 500) * 255);
        assertEquals(128 - 0.5, mean(cifar1), 0.5);
        ByteImage dark = uniform(3, 64, 20);
        double xd = 20 / 255.0;
        ByteImage in5 = Corruption.of("shot_noise").apply(dark, 5, Scale.IMAGENET, new SplittableRandom(3));
        // Poisson(0.235) / 3: values 0, 1/3, 2/3, 1 -> mean 20 grey levels (truncation of k/3 * 255 is exact: 0, 85,
        // 170, 255)
        assertEquals(xd * 255, mean(in5), 1.5);
        assertEquals(Math.sqrt(xd / 3) * 255, std(in5), 0.05 * Math.sqrt(xd / 3) * 255);
    }

    @Test
    void impulseNoiseReplacesThePublishedFractionBySaltOrPepper() {
        ByteImage gray = uniform(3, 64, 128);
        ByteImage out = Corruption.of("impulse_noise").apply(gray, 5, Scale.IMAGENET, new SplittableRandom(4));
        int salt = 0;
        int pepper = 0;
        for (byte b : out.pixels()) {
            int v = b & 0xFF;
            salt += v == 255 ? 1 : 0;
            pepper += v == 0 ? 1 : 0;
            assertTrue(v == 0 || v == 255 || v == 128, "value " + v);
        }
        int n = out.pixels().length;
        assertEquals(0.27, (salt + pepper) / (double) n, 0.01);
        assertEquals(0.5, salt / (double) (salt + pepper), 0.03);
    }

    @Test
    void jpegUsesTheQualityParameter() {
        ByteImage img = CorruptionBenchmark.syntheticImage(3, 32, 32, 12);
        ByteImage q80 = ImageNetCCorruption.jpeg(img, 80);
        assertArrayEquals(q80.pixels(), Corruption.of("jpeg_compression").apply(img, 1, Scale.CIFAR,
                new SplittableRandom(0)).pixels());
        assertTrue(meanAbsDiff(img, ImageNetCCorruption.jpeg(img, 7)) > meanAbsDiff(img, q80));
        ByteImage g = CorruptionBenchmark.syntheticImage(1, 28, 28, 13);
        assertEquals(1, Corruption.of("jpeg_compression").apply(g, 3, 0L).channels());
    }

    @Test
    void defocusDiskIsNormalisedAndRound() {
        double[] k = ImageNetCCorruption.disk(3, 0.1);
        assertEquals(17 * 17, k.length);
        double sum = 0;
        for (double v : k) {
            sum += v;
        }
        assertEquals(1.0, sum, 1e-9);
        assertTrue(k[8 * 17 + 8] > 0.03);        // centre: 1/29 of the disk of radius 3 (29 lattice points)
        assertEquals(0.0, k[0], 1e-12);          // corner outside
        assertEquals(21 * 21, ImageNetCCorruption.disk(10, 0.5).length);
    }

    @Test
    void frostLayerIsBrightBluishAndSeedDependent() {
        double[] a = FrostTexture.make(32, 32, Scale.CIFAR, new SplittableRandom(1));
        double[] b = FrostTexture.make(32, 32, Scale.CIFAR, new SplittableRandom(2));
        assertEquals(3 * 32 * 32, a.length);
        assertNotEquals(java.util.Arrays.hashCode(a), java.util.Arrays.hashCode(b));
        double r = 0;
        double bl = 0;
        for (int i = 0; i < 1024; i++) {
            r += a[i];
            bl += a[2048 + i];
            assertTrue(a[i] >= 0 && a[2048 + i] <= 1);
        }
        assertTrue(bl > r, "blue above red");
        assertTrue(bl / 1024 > 0.3 && bl / 1024 < 0.8, "mean blue " + bl / 1024);
    }

    // ------------------------------------------------------------------------------------------------------------

    static Path cifar10Test() {
        List<Path> candidates = new ArrayList<>();
        candidates.add(Path.of("..", "data", "cifar10", "test"));
        String env = System.getenv("NSN_DATA_DIR");
        if (env != null && !env.isBlank()) {
            candidates.add(Path.of(env, "cifar10", "test"));
        }
        return candidates.stream().filter(Files::isDirectory).findFirst().orElse(null);
    }

    static ByteImage uniform(int channels, int side, int value) {
        byte[] px = new byte[channels * side * side];
        java.util.Arrays.fill(px, (byte) value);
        return new ByteImage(channels, side, side, px);
    }

    static double meanAbsDiff(ByteImage a, ByteImage b) {
        double s = 0;
        for (int i = 0; i < a.pixels().length; i++) {
            s += Math.abs((a.pixels()[i] & 0xFF) - (b.pixels()[i] & 0xFF));
        }
        return s / a.pixels().length;
    }

    static double mean(ByteImage a) {
        double s = 0;
        for (byte v : a.pixels()) {
            s += v & 0xFF;
        }
        return s / a.pixels().length;
    }

    static double std(ByteImage a) {
        double m = mean(a);
        double s = 0;
        for (byte v : a.pixels()) {
            s += ((v & 0xFF) - m) * ((v & 0xFF) - m);
        }
        return Math.sqrt(s / a.pixels().length);
    }

    static double correlation(ByteImage a, ByteImage b) {
        double ma = mean(a);
        double mb = mean(b);
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < a.pixels().length; i++) {
            double x = (a.pixels()[i] & 0xFF) - ma;
            double y = (b.pixels()[i] & 0xFF) - mb;
            sab += x * y;
            saa += x * x;
            sbb += y * y;
        }
        return sab / Math.sqrt(saa * sbb + 1e-12);
    }
}
