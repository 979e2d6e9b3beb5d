package nsn.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import nsn.TestData;
import nsn.TestTextures;
import nsn.augment.AugmentConfig;
import nsn.augment.Normalization;
import nsn.augment.SemanticAugmentation;
import nsn.data.ImageDataset;
import nsn.data.ImageFolderDataset;
import nsn.experiment.Experiments;
import nsn.model.Encoder;
import nsn.model.EncoderConfig;
import nsn.model.ResNet;
import nsn.negatives.NonSemanticNegatives;
import nsn.negatives.TextureDatasets;
import nsn.report.Progress;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/** Invariants of §2.4's similarities on real CIFAR-10 images through a randomly initialised ResNet-18 (width 16). */
public class HardnessTest {

    private static final EncoderConfig ENCODER = new EncoderConfig(18, 16, ResNet.Stem.SMALL_STRIDED, 3, 32, 32, true);

    private static ImageDataset cifarTest(int n) {
        Path dir = TestData.dataRoot().resolve("cifar10").resolve("test");
        Assumptions.assumeTrue(Files.isDirectory(dir), "CIFAR-10 JPEGs are not laid out in " + dir);
        ImageDataset all = ImageFolderDataset.builder().setRoot(dir).optChannels(3).optName("cifar10/test").build();
        return Experiments.subset(all, n, 3);
    }

    @Test
    void identityViewsOfOneEncoderArePerfectPositivesAndEverySimilarityIsACosine(@TempDir Path tmp) {
        ImageDataset images = cifarTest(20);
        ImageDataset textures = TextureDatasets.aligned(images,
                TestTextures.write(images, TestTextures::flipVertically, tmp.resolve("textures")));
        Normalization norm = Normalization.estimate(images, 20);
        SemanticAugmentation identity = SemanticAugmentation.evaluation(32, norm.mean(), norm.std());
        try (NDManager m = NDManager.newBaseManager(); Encoder encoder = Encoder.create(ENCODER, m, 5)) {
            Hardness.Setup setup = new Hardness.Setup(encoder, encoder, identity, NonSemanticNegatives.patches(2, 10),
                    textures);
            Hardness.Result r = Hardness.measure("random", setup, images, 8, 1, m, Progress.silent());
            assertEquals(List.of(Hardness.Kind.values()), r.kinds());
            for (float s : r.values(Hardness.Kind.POSITIVE)) {
                assertEquals(1.0, s, 1e-5, "an image and itself under the identity augmentation");
            }
            assertEquals(20, r.values(Hardness.Kind.TEXTURE).length);
            assertEquals(20, r.values(Hardness.Kind.PATCH).length);
            assertEquals(8 * 7 + 8 * 7 + 4 * 3, r.values(Hardness.Kind.NEGATIVE).length,
                    "every ordered pair of distinct images within batches of 8, 8 and 4");
            for (Hardness.Kind kind : r.kinds()) {
                for (float s : r.values(kind)) {
                    assertTrue(s >= -1 - 1e-5 && s <= 1 + 1e-5, kind + " similarity " + s + " is not a cosine");
                }
            }
            assertTrue(r.mean(Hardness.Kind.PATCH) < 1 - 1e-4, "a patch negative is not the image itself");
            assertTrue(r.mean(Hardness.Kind.TEXTURE) < 1 - 1e-4, "the upside-down 'texture' is not the image");
            assertInvariants(List.of(r));
        }
    }

    @Test
    void positiveTextureAndPatchSimilaritiesDoNotDependOnTheBatchSize() {
        ImageDataset images = cifarTest(12);
        AugmentConfig aug = AugmentConfig.mocoV2(32).withNormalization(Normalization.estimate(images, 12));
        try (NDManager m = NDManager.newBaseManager(); Encoder query = Encoder.create(ENCODER, m, 5);
                Encoder key = Encoder.create(ENCODER, m, 6)) {
            Hardness.Setup setup = new Hardness.Setup(query, key, SemanticAugmentation.mocoV2(aug),
                    NonSemanticNegatives.patches(2, 10), null);
            Hardness.Result small = Hardness.measure("b4", setup, images, 4, 9, m, Progress.silent());
            Hardness.Result large = Hardness.measure("b12", setup, images, 12, 9, m, Progress.silent());
            assertFalse(small.similarities().containsKey(Hardness.Kind.TEXTURE), "no textures, no texture kind");
            for (Hardness.Kind kind : List.of(Hardness.Kind.POSITIVE, Hardness.Kind.PATCH)) {
                assertArrayEquals(small.values(kind), large.values(kind), 1e-4f, kind.label());
            }
            assertEquals(3 * 4 * 3, small.values(Hardness.Kind.NEGATIVE).length);
            assertEquals(12 * 11, large.values(Hardness.Kind.NEGATIVE).length);
            float[] mocoPositive = small.values(Hardness.Kind.POSITIVE);
            assertTrue(mocoPositive[0] < 1 - 1e-4, "two MoCo-v2 views through two encoders differ");
            assertInvariants(List.of(small, large));
            assertThrows(IllegalArgumentException.class,
                    () -> Hardness.measure("b1", setup, images, 1, 9, m, Progress.silent()));
        }
    }

    @Test
    void histogramTableAndCsvOfHandPickedValues() {
        long[] counts = Hardness.histogram(new float[] {1f, -1f, 0f, 0.5f, -0.25f}, 4);
        // bins [-1,-0.5) [-0.5,0) [0,0.5) [0.5,1]: -1 | -0.25 | 0 | 0.5 and 1
        assertArrayEquals(new long[] {1, 1, 1, 2}, counts);
        Hardness.Result r = new Hardness.Result("hand", Map.of(Hardness.Kind.POSITIVE, new float[] {0.94257f},
                Hardness.Kind.NEGATIVE, new float[] {0.00036f, 0f}));
        assertEquals(0.00018, r.mean(Hardness.Kind.NEGATIVE), 1e-9);
        assertTrue(Double.isNaN(r.mean(Hardness.Kind.PATCH)));
        String printed = Hardness.table("t", List.of(r)).printAll();
        assertTrue(printed.contains("0.94257") && printed.contains("0.00018"), printed);
        assertInvariants(List.of(r));
    }

    /** Table means equal the arrays' means; each model's and kind's CSV bins sum to its number of pairs. */
    public static void assertInvariants(List<Hardness.Result> results) {
        Table table = Hardness.table("t", results);
        assertEquals(results.size(), table.rowCount());
        for (int row = 0; row < results.size(); row++) {
            Hardness.Result r = results.get(row);
            assertEquals(r.model(), table.stringColumn("model").get(row));
            for (Hardness.Kind kind : r.kinds()) {
                double sum = 0;
                for (float v : r.values(kind)) {
                    sum += v;
                }
                assertEquals(sum / r.values(kind).length, table.doubleColumn(kind.label()).get(row), 1e-12,
                        kind.label());
            }
        }
        String csv = Hardness.histogramCsv(results, 50);
        Map<String, Long> sums = new HashMap<>();
        String[] lines = csv.split("\n");
        assertEquals("model,kind,bin_low,bin_high,count", lines[0]);
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].split(",");
            sums.merge(f[0] + "/" + f[1], Long.parseLong(f[4]), Long::sum);
        }
        int expectedRows = 0;
        for (Hardness.Result r : results) {
            for (Hardness.Kind kind : r.kinds()) {
                assertEquals((long) r.values(kind).length, sums.get(r.model() + "/" + kind.label()),
                        r.model() + " " + kind.label());
                expectedRows += 50;
            }
        }
        assertEquals(expectedRows, lines.length - 1);
    }
}
