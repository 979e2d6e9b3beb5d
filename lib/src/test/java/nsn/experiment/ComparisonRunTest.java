package nsn.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import nsn.TestData;
import nsn.data.ImageDataset;
import nsn.data.Split;
import nsn.eval.LinearEvalConfig;
import nsn.model.EncoderConfig;
import nsn.model.ResNet;
import nsn.train.MocoConfig;
import nsn.train.PretrainConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import tech.tablesaw.api.Table;

/**
 * The comparison runner and the experiments built on it, on real Fashion-MNIST (CIFAR-10 for the colour shortcut) at
 * a tiny scale: ResNet-10 at width 16, 256 pretraining images, one epoch, a 2-epoch probe on 500 images.
 */
class ComparisonRunTest {

    /** A tiny grid on Fashion-MNIST writing to {@code out}. */
    static GridConfig tinyGrid(Path out, List<Long> seeds) {
        QuickstartConfig small = QuickstartConfig.medium();
        PretrainConfig p = small.pretrain();
        EncoderConfig enc = new EncoderConfig(10, 16, ResNet.Stem.SMALL_STRIDED, 1, 28, 32, true);
        PretrainConfig tiny = new PretrainConfig(enc, new MocoConfig(256, 0.99f, 0.2f, 2f, 1), p.augment(), 2, 9, 1,
                64, 0.05f, 0.9f, 1e-4f, 0, 2, 5);
        QuickstartConfig q = small.withPretrain(tiny).withPretrainImages(256)
                .withLinear(new LinearEvalConfig(2, 100, 0.1f, 0.9f, 0f)).withDataDir(TestData.dataRoot())
                .withOutputDir(out).withQuiet(true).withDevice("cpu");
        return new GridConfig(q, seeds, 500, 500, List.of());
    }

    private static double[][] numbers(Comparison.Result r) {
        return r.rows().stream().flatMap(row -> java.util.Arrays.stream(row.top1())).toArray(double[][]::new);
    }

    /**
     * Two arms × two seeds with the in-domain test set passed again as an out-of-domain set: the files are written,
     * the OOD column equals the in-domain one exactly, the aggregates are the per-seed mean and sample std, and a
     * second run of the same folder reads every run back without training or writing a checkpoint.
     */
    @Test
    void runsEveryArmAndSeedThenReusesThem(@TempDir Path tmp) throws Exception {
        TestData.fashionMnistDir();
        GridConfig grid = tinyGrid(tmp, List.of(1L, 2L));
        PretrainConfig p = grid.base().pretrain();
        List<Arm> arms = List.of(Arm.of("MoCo-v2 - k = 256", p.withMoco(GridPresets.moco(p, 256, 0f, 0))),
                Arm.of("+ Patch-based - α = 2", p.withMoco(GridPresets.moco(p, 256, 2f, 1))));
        ImageDataset test = DatasetSpec.FASHION_MNIST.load(TestData.dataRoot(), Split.TEST);
        Comparison.Result r = Comparison.run("test", "tiny", grid, arms, Map.of("copy", test));

        assertEquals(List.of("fashion-mnist", "copy"), r.sets());
        assertEquals(List.of("MoCo-v2 - k = 256", "+ Patch-based - α = 2"),
                r.rows().stream().map(Comparison.Row::label).toList());
        assertEquals(0, r.reusedRuns());
        for (Comparison.Row row : r.rows()) {
            assertArrayEquals(row.values(0), row.values(1), 0.0, "the same images give the same accuracy");
            double[] v = row.values(0);
            for (double x : v) {
                assertTrue(x > 0.2 && x <= 1, "top-1 " + x);
            }
            assertEquals((v[0] + v[1]) / 2, row.stats(0).mean(), 1e-12);
            assertEquals(Math.abs(v[0] - v[1]) / Math.sqrt(2), row.stats(0).std(), 1e-12);
        }
        Table t = r.table();
        assertEquals(List.of("method", "fashion-mnist top-1 (%)", "copy top-1 (%)", "seeds"), t.columnNames());
        assertEquals(2, t.rowCount());
        assertEquals(2, t.intColumn("seeds").get(0));
        assertTrue(t.stringColumn("fashion-mnist top-1 (%)").get(0).contains(" ± "), t.print());
        assertEquals(List.of("method", "fashion-mnist_mean", "fashion-mnist_std", "copy_mean", "copy_std", "seeds"),
                r.numericTable().columnNames());

        for (String f : List.of("table.csv", "table.txt", "results.json", "provenance.json")) {
            assertTrue(Files.exists(tmp.resolve(f)), f);
        }
        assertEquals("method,seeds,fashion-mnist_mean,fashion-mnist_std,copy_mean,copy_std",
                Files.readAllLines(tmp.resolve("table.csv")).get(0));
        Path run = tmp.resolve("plus-patch-based-alpha-2").resolve("seed-2");
        for (String f : List.of("results.json", "provenance.json", "metrics.csv", "checkpoint.bin")) {
            assertTrue(Files.exists(run.resolve(f)), run.resolve(f).toString());
        }
        JsonObject perRun = JsonParser.parseString(Files.readString(run.resolve("results.json"))).getAsJsonObject();
        assertEquals(r.row("+ Patch-based - α = 2").values(0)[1],
                perRun.getAsJsonObject("top1").get("fashion-mnist").getAsDouble(), 0.0);
        JsonObject grid1 = JsonParser.parseString(Files.readString(tmp.resolve("results.json"))).getAsJsonObject();
        assertEquals(2, grid1.getAsJsonArray("rows").size());

        FileTime written = Files.getLastModifiedTime(run.resolve("checkpoint.bin"));
        Comparison.Result again = Comparison.run("test", "tiny", grid, arms, Map.of("copy", test));
        assertEquals(4, again.reusedRuns());
        assertArrayEquals(numbers(r), numbers(again));
        assertEquals(written, Files.getLastModifiedTime(run.resolve("checkpoint.bin")), "no new checkpoint");

        // a run killed after pretraining (no results.json) is probed again from its finished checkpoint
        Files.delete(run.resolve("results.json"));
        Comparison.Result resumed = Comparison.run("test", "tiny", grid, arms, Map.of("copy", test));
        assertEquals(3, resumed.reusedRuns());
        assertArrayEquals(numbers(r), numbers(resumed));
        assertEquals(written, Files.getLastModifiedTime(run.resolve("checkpoint.bin")), "not pretrained again");
        JsonObject again1 = JsonParser.parseString(Files.readString(run.resolve("results.json"))).getAsJsonObject();
        assertEquals(1, again1.get("pretrain_resumed_from_epoch").getAsInt());
        assertEquals(perRun.get("pretrain_final_loss").getAsDouble(), again1.get("pretrain_final_loss").getAsDouble(),
                1e-6, "the final loss is read back from metrics.csv");

        // the same folder with another recipe is refused rather than mixed
        GridConfig other = grid.withLinearTrainImages(400);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Comparison.run("test", "tiny", other, arms, Map.of("copy", test)));
        assertTrue(e.getMessage().contains("another configuration"), e.getMessage());
    }

    /** Table 1 without the texture row: seven rows in the paper's order, one seed shown as n=1. */
    @Test
    void table1RunsEveryRow(@TempDir Path tmp) {
        TestData.fashionMnistDir();
        GridConfig grid = tinyGrid(tmp, List.of(3L));
        Table1Config config = new Table1Config(grid, false, null);
        Table1Experiment.Result r = Table1Experiment.run(config);
        Table t = r.table();
        assertEquals(List.of("MoCo-v2 - k = 256", "+ Patch-based - α = 2", "+ Patch-based - α = 3",
                "MoCo-v2 - k = 128", "+ Patch-based - α = 2 (k = 128)", "BYOL", "+ Patch-based - α = 0.05",
                Arm.RANDOM_INIT), t.stringColumn("method").asList());
        assertEquals(List.of("method", "fashion-mnist top-1 (%)", "seeds"), t.columnNames());
        assertTrue(t.stringColumn(1).get(0).endsWith("(n=1)"), t.print());
        assertTrue(Files.exists(tmp.resolve("byol").resolve("seed-3").resolve("checkpoint.bin")));
        // the reference row probes the seed's random initialisation: nothing is pretrained or checkpointed
        Path random = tmp.resolve("random-init").resolve("seed-3");
        assertTrue(Files.exists(random.resolve("results.json")));
        assertFalse(Files.exists(random.resolve("checkpoint.bin")));
        double randomTop1 = r.comparison().row(Arm.RANDOM_INIT).stats(0).mean();
        assertTrue(randomTop1 > 0.1 && randomTop1 < 1, "a real probe of a real backbone: " + randomTop1);
    }

    /** The queue sweep: four runs, a table per K and a chart with two series at the K values. */
    @Test
    void queueSweepPlotsBothSeries(@TempDir Path tmp) {
        TestData.fashionMnistDir();
        QueueSizeConfig config = new QueueSizeConfig(tinyGrid(tmp, List.of(1L)), List.of(64, 128));
        QueueSizeExperiment.Result r = QueueSizeExperiment.run(config);
        XYChart chart = r.chart();
        assertEquals(2, chart.getSeriesMap().size());
        for (String s : List.of(QueueSizeExperiment.BASELINE, QueueSizeExperiment.PATCH)) {
            assertArrayEquals(new double[] {64, 128}, chart.getSeriesMap().get(s).getXData(), 0.0);
            assertEquals(null, chart.getSeriesMap().get(s).getExtraValues(), "no error bars with one seed");
        }
        assertEquals(100 * r.comparison().row("MoCo-v2 - k = 128").stats(0).mean(),
                chart.getSeriesMap().get(QueueSizeExperiment.BASELINE).getYData()[1], 1e-9);
        Table t = r.table();
        assertEquals(List.of(64, 128), t.intColumn("K").asList());
        assertTrue(Files.exists(tmp.resolve(QueueSizeExperiment.PNG)));
        assertTrue(Files.exists(tmp.resolve(QueueSizeExperiment.CSV)));
        assertEquals(4, r.comparison().rows().size());
    }

    /**
     * The texture row: without a texture folder, Table 1 writes the textures of exactly the images the seeds
     * pretrain on (the union over seeds) under {@code <out>/textures}, and the texture arm trains on them.
     */
    @Test
    void texturesOfThePretrainingSubsetsAreWrittenAndUsed(@TempDir Path tmp) throws Exception {
        TestData.fashionMnistDir();
        GridConfig grid = tinyGrid(tmp, List.of(1L, 2L));
        grid = grid.withBase(grid.base().withPretrainImages(64));
        Table1Config config = new Table1Config(grid, true, null);
        Path textures = Table1Experiment.writeTextures(config);
        assertEquals(tmp.resolve("textures"), textures);
        ImageDataset train = DatasetSpec.FASHION_MNIST.load(TestData.dataRoot(), Split.TRAIN);
        java.util.Set<Integer> union = new java.util.TreeSet<>();
        for (long seed : grid.seeds()) {
            for (int i : Experiments.subsetIndices(train.size(), 64, seed)) {
                union.add(i);
                assertTrue(Files.exists(textures.resolve(nsn.negatives.TextureDatasetLayout.outputName(train, i))));
            }
        }
        try (var files = Files.walk(textures)) {
            assertEquals(union.size(), files.filter(f -> f.toString().endsWith(".png")).count(),
                    "only the pretraining images get a texture");
        }
        Arm texture = Table1Experiment.arms(config, textures).get(1);
        assertEquals("+ Texture-based - α = 2", texture.label());
        Comparison.Result r = Comparison.run("test", "texture", grid.withSeeds(List.of(2L)), List.of(texture));
        assertTrue(r.rows().get(0).values(0)[0] > 0.2);
        JsonObject prov = JsonParser.parseString(Files.readString(tmp.resolve(texture.slug()).resolve("seed-2")
                .resolve("provenance.json"))).getAsJsonObject();
        assertTrue(prov.getAsJsonObject("datasets").has("textures of fashion-mnist/train[subset of 64]"),
                prov.toString());
    }

    /** Table 3 on CIFAR-10 (colour): two rows, trained without colour jitter. */
    @Test
    void colorShortcutRunsBothRows(@TempDir Path tmp) throws Exception {
        TestData.cifar10TrainDir();
        GridConfig fm = tinyGrid(tmp, List.of(1L));
        QuickstartConfig base = fm.base().withDataset("cifar10");
        PretrainConfig p = base.pretrain();
        EncoderConfig enc = new EncoderConfig(10, 16, ResNet.Stem.SMALL_STRIDED, 3, 32, 32, true);
        base = base.withPretrain(new PretrainConfig(enc, p.moco(), p.augment(), p.patchMin(), p.patchMax(), 1, 64,
                0.05f, 0.9f, 1e-4f, 0, 2, 5));
        ColorShortcutConfig config = new ColorShortcutConfig(fm.withBase(base));
        ColorShortcutExperiment.Result r = ColorShortcutExperiment.run(config);
        assertEquals(List.of(ColorShortcutExperiment.BASELINE, ColorShortcutExperiment.PATCH, Arm.RANDOM_INIT),
                r.table().stringColumn("method").asList());
        assertEquals(List.of("cifar10"), r.comparison().sets());
        assertTrue(Double.isFinite(r.improvementPoints()));
        JsonObject prov = JsonParser.parseString(Files.readString(tmp.resolve("plus-patch-based-alpha-2")
                .resolve("seed-1").resolve("provenance.json"))).getAsJsonObject();
        JsonObject augment = prov.getAsJsonObject("config").getAsJsonObject("pretrain").getAsJsonObject("augment");
        assertEquals(0.0, augment.get("jitterProb").getAsDouble());
        assertEquals(0.2, augment.get("grayscaleProb").getAsDouble(), 1e-6);
    }
}
