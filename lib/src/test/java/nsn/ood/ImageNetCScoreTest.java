package nsn.ood;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ImageNet-C's metrics against hand-computed values and AlexNet's published errors. */
class ImageNetCScoreTest {

    /**
     * AlexNet's per-corruption errors as google-research/augmix {@code imagenet.py} lists them ({@code ALEXNET_ERR},
     * "taken from hendrycks/robustness"): an independent copy the per-severity table must average to.
     */
    private static final double[] AUGMIX_ALEXNET_ERR = {0.886428, 0.894468, 0.922640, 0.819880, 0.826268,
        0.785948, 0.798360, 0.866816, 0.826572, 0.819324, 0.564592, 0.853204, 0.646056, 0.717840, 0.606500};

    @Test
    void perSeverityErrorsAverageToThePublishedPerCorruptionErrors() {
        assertEquals(15, ImageNetC.CORRUPTIONS.size());
        for (int c = 0; c < 15; c++) {
            assertEquals(AUGMIX_ALEXNET_ERR[c], ImageNetCScore.alexNetMeanError(ImageNetC.CORRUPTIONS.get(c)), 1e-9,
                    ImageNetC.CORRUPTIONS.get(c));
        }
        assertEquals(0.69528, ImageNetCScore.alexNetError("gaussian_noise", 1), 0);
        assertEquals(0.74778, ImageNetCScore.alexNetError("jpeg_compression", 5), 0);
        assertThrows(IllegalArgumentException.class, () -> ImageNetCScore.alexNetError("spatter", 1));
        assertThrows(IllegalArgumentException.class, () -> ImageNetCScore.alexNetError("fog", 6));
    }

    /** A model with AlexNet's errors everywhere has CE 1 on every corruption, mCE 1 and relative mCE 1. */
    @Test
    void alexNetItselfScoresOne() {
        Map<String, Map<Integer, Double>> top1 = new HashMap<>();
        for (String c : ImageNetC.CORRUPTIONS) {
            Map<Integer, Double> m = new HashMap<>();
            for (int s = 1; s <= 5; s++) {
                m.put(s, 1 - ImageNetCScore.alexNetError(c, s));
            }
            top1.put(c, m);
        }
        ImageNetCScore score = ImageNetCScore.of(top1, 1 - ImageNetCScore.ALEXNET_CLEAN_ERROR);
        assertTrue(score.complete());
        assertEquals(1, score.mce(), 1e-12);
        assertEquals(1, score.relativeMce(), 1e-12);
        score.ce().values().forEach(v -> assertEquals(1, v, 1e-12));
        // mean top-1 = 1 - mean of the 15 published per-corruption errors (sum 11.834896 / 15)
        assertEquals(1 - 11.834896 / 15, score.meanTop1(), 1e-9);
        assertEquals(List.copyOf(ImageNetC.CORRUPTIONS), List.copyOf(score.top1().keySet()), "benchmark order");
    }

    /**
     * Two severities of Gaussian noise (top-1 0.5 and 0.25), one of fog (0.4) and an extra corruption, which enters
     * no mean: by hand, CE_gauss = (0.5 + 0.75) / (0.69528 + 0.82542) = 0.821990, CE_fog = 0.6 / 0.84378 =
     * 0.711086, mCE = 0.766538; with clean top-1 0.8, relative CE_gauss = (0.3 + 0.55) / (0.26050 + 0.39064) =
     * 1.305403, relative CE_fog = 0.4 / 0.40900 = 0.977995, relative mCE = 1.141699.
     */
    @Test
    void partialBenchmarkByHand() {
        Map<String, Map<Integer, Double>> top1 = new LinkedHashMap<>();
        top1.put("fog", Map.of(3, 0.4));
        top1.put("speckle_noise", Map.of(1, 0.0));
        top1.put("gaussian_noise", Map.of(2, 0.25, 1, 0.5));
        ImageNetCScore s = ImageNetCScore.of(top1, 0.8);
        assertFalse(s.complete());
        assertEquals((0.5 + 0.25 + 0.4) / 3, s.meanTop1(), 1e-12, "the extra corruption enters no mean");
        assertEquals(0.8219898730847635, s.ce().get("gaussian_noise"), 1e-12);
        assertEquals(0.7110858280594468, s.ce().get("fog"), 1e-12);
        assertEquals(0.7665378505721051, s.mce(), 1e-12);
        assertEquals(1.3054028319562616, s.relativeCe().get("gaussian_noise"), 1e-12);
        assertEquals(1.1416989709903558, s.relativeMce(), 1e-12);
        assertEquals(List.of("gaussian_noise", "fog", "speckle_noise"), List.copyOf(s.top1().keySet()));
        assertEquals(List.of(1, 2), List.copyOf(s.top1().get("gaussian_noise").keySet()));
        assertEquals(0.25, s.top1("gaussian_noise", 2), 0);
        assertTrue(Double.isNaN(s.top1("fog", 1)));
        assertFalse(s.ce().containsKey("speckle_noise"));

        ImageNetCScore noClean = ImageNetCScore.of(top1, Double.NaN);
        assertTrue(noClean.relativeCe().isEmpty());
        assertTrue(Double.isNaN(noClean.relativeMce()));
        assertEquals(s.mce(), noClean.mce(), 0);
    }

    @Test
    void rejectsBadInput() {
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> ImageNetCScore.of(Map.of("rain", Map.of(1, 0.5)), 0.5)).getMessage().contains("rain"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> ImageNetCScore.of(Map.of("fog", Map.of(6, 0.5)), 0.5)).getMessage().startsWith("severity"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> ImageNetCScore.of(Map.of("fog", Map.of(1, 1.5)), 0.5)).getMessage().contains("fog/1"));
        ImageNetCScore onlyExtra = ImageNetCScore.of(Map.of("saturate", Map.of(1, 0.5)), 0.5);
        assertTrue(Double.isNaN(onlyExtra.meanTop1()) && Double.isNaN(onlyExtra.mce()));
    }

    /** Two seeds: the summary holds the mean and sample std over seeds, in percent. */
    @Test
    void reportAggregatesSeeds(@TempDir Path tmp) throws Exception {
        ImageNetCScore a = ImageNetCScore.of(Map.of("fog", Map.of(1, 0.5), "snow", Map.of(1, 0.7)), 0.9);
        ImageNetCScore b = ImageNetCScore.of(Map.of("fog", Map.of(1, 0.3), "snow", Map.of(1, 0.5)), 0.9);
        List<ImageNetCReport.Row> rows = List.of(new ImageNetCReport.Row("MoCo, k=2", List.of(0L, 1L),
                List.of(a, b)));
        List<Path> files = ImageNetCReport.write(tmp, "imagenet-c", rows);
        List<String> summary = Files.readAllLines(files.get(0));
        assertTrue(summary.get(0).startsWith("method,seeds,complete,mean_top1_mean,mean_top1_std,mce_mean,mce_std"),
                summary.get(0));
        assertTrue(summary.get(0).contains("ce_snow_mean"), "standard corruptions in benchmark order");
        String[] f = summary.get(1).replace("\"MoCo, k=2\"", "X").split(",");
        assertEquals("2", f[1]);
        assertEquals("false", f[2]);
        assertEquals(50.0, Double.parseDouble(f[3]), 1e-4, "mean of 0.6 and 0.4 (4 decimals written)");
        assertEquals(100 * Math.sqrt(0.02), Double.parseDouble(f[4]), 1e-4, "sample std of 0.6 and 0.4");
        assertEquals(100 * (a.mce() + b.mce()) / 2, Double.parseDouble(f[5]), 1e-4);
        List<String> sets = Files.readAllLines(files.get(1));
        assertEquals("method,corruption,severity,seeds,top1_mean,top1_std", sets.get(0));
        assertEquals(List.of("\"MoCo, k=2\",snow,1,2,60.0000,14.1421", "\"MoCo, k=2\",fog,1,2,40.0000,14.1421"),
                sets.subList(1, 3));
        assertTrue(Files.readString(files.get(2)).contains("\"mce\""));
        assertThrows(IllegalArgumentException.class, () -> new ImageNetCReport.Row("x", List.of(0L), List.of()));
    }
}
