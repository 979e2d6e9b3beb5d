package nsn.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import nsn.data.InMemoryImageDataset;
import nsn.train.MethodConfig;
import nsn.train.NegativeSource;
import org.junit.jupiter.api.Test;

/** Validation, presets, row recipes and the aggregation of the comparison experiments; no training. */
class ComparisonConfigTest {

    private static String message(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    @Test
    void meanAndSampleStdAreHandComputed() {
        SeedStats three = SeedStats.of(0.70, 0.72, 0.77);
        // mean 2.19 / 3 = 0.73; deviations -0.03, -0.01, 0.04; squares sum 0.0026; / 2 = 0.0013
        assertEquals(0.73, three.mean(), 1e-12);
        assertEquals(Math.sqrt(0.0013), three.std(), 1e-12);
        assertEquals(3, three.n());
        assertEquals("73.00 ± 3.61", three.formatPercent());
        SeedStats two = SeedStats.of(0.5, 0.6);
        assertEquals(0.55, two.mean(), 1e-12);
        assertEquals(Math.sqrt(0.005), two.std(), 1e-12); // (0.05² + 0.05²) / 1
        SeedStats one = SeedStats.of(0.8123);
        assertTrue(Double.isNaN(one.std()), "no spread with one seed");
        assertEquals("81.23 (n=1)", one.formatPercent());
        assertThrows(IllegalArgumentException.class, SeedStats::of);
    }

    @Test
    void validationNamesTheField() {
        Table1Config small = Table1Config.medium();
        GridConfig grid = small.grid();
        assertTrue(message(() -> grid.withSeeds(List.of())).startsWith("seeds:"));
        assertTrue(message(() -> grid.withSeeds(List.of(1L, 1L))).startsWith("seeds:"));
        assertTrue(message(() -> GridConfig.seedRange(0, 0)).startsWith("seeds:"));
        assertTrue(message(() -> grid.withTestImages(-1)).startsWith("testImages:"));
        assertTrue(message(() -> grid.withLinearTrainImages(-1)).startsWith("linearTrainImages:"));
        assertTrue(message(() -> grid.plusOod("a", Path.of("x")).plusOod("a", Path.of("y"))).startsWith("ood:"));
        assertTrue(message(() -> grid.plusOod("cifar10", Path.of("x"))).startsWith("ood:"),
                "an OOD set cannot take the in-domain column's name");
        assertTrue(message(() -> OodSet.parse("stylized")).startsWith("--ood"));
        assertTrue(message(() -> OodSet.parse("bad name=/x")).contains("bad name"));
        assertEquals(new OodSet("sketch", Path.of("/d/s")), OodSet.parse("sketch=/d/s"));

        // K = 256 with batch 256: K/2 is below the batch
        QuickstartConfig q = GridPresets.scaled(grid.base(), 10_000, 1, 256, 256, 2, Path.of("o"));
        String k = message(() -> new Table1Config(grid.withBase(q), true, null));
        assertTrue(k.startsWith("queue: K/2 = 128"), k);
        String queues = message(() -> QueueSizeConfig.medium().withQueues(List.of(128, 512)));
        assertTrue(queues.startsWith("queues:") && queues.contains("batch size 256"), queues);
        assertTrue(message(() -> QueueSizeConfig.medium().withQueues(List.of(1024, 512))).startsWith("queues:"));
        assertTrue(message(() -> QueueSizeConfig.medium().withQueues(List.of())).startsWith("queues:"));
        for (Runnable r : List.<Runnable>of(() -> Table1Config.preset("big"), () -> ColorShortcutConfig.preset("big"),
                () -> QueueSizeConfig.preset(null))) {
            assertTrue(message(r).startsWith("preset: unknown preset"));
        }
        assertTrue(message(() -> new ColorShortcutConfig(grid.withBase(grid.base().withDataset("fashion-mnist"))))
                .startsWith("dataset:"));
        assertTrue(message(() -> new Table1Config(grid, false, Path.of("t"))).startsWith("textureDir:"));
        assertTrue(message(() -> new Table1Config(grid.withBase(grid.base().withDataset("stl10")), true, null))
                .startsWith("texture:"), "no texture row on STL-10");
    }

    @Test
    void presetsHaveThePapersShape() {
        Table1Config paper = Table1Config.paper();
        assertEquals("imagenet100", paper.grid().base().dataset());
        assertEquals(16384, paper.queue());
        assertEquals(3, paper.grid().seeds().size());
        assertEquals(50, paper.grid().base().pretrain().encoder().depth());
        assertEquals(200, paper.grid().base().pretrain().epochs());
        Table1Config small = Table1Config.medium();
        assertEquals("cifar10", small.grid().base().dataset());
        assertEquals(Table1Config.MEDIUM_QUEUE, small.queue());
        assertEquals(Table1Config.MEDIUM_PRETRAIN_IMAGES, small.grid().base().pretrainImages());
        assertEquals(3, small.grid().base().pretrain().encoder().channels());
        assertEquals(QueueSizeConfig.PAPER_QUEUES, QueueSizeConfig.evenlySpaced(4096, 16384, 4));
        assertEquals(QueueSizeConfig.PAPER_QUEUES, QueueSizeConfig.paper().queues());
        assertEquals(List.of(512, 1024, 1536, 2048), QueueSizeConfig.medium().queues());
        for (String p : List.of("small", "paper", "smoke")) {
            assertEquals(p.equals("paper") ? "imagenet100" : "cifar10", ColorShortcutConfig.preset(p).grid().base()
                    .dataset());
            QueueSizeConfig.preset(p);
            Table1Config.preset(p);
        }
    }

    @Test
    void table1RowsFollowThePaper() {
        Table1Config c = Table1Config.medium();
        List<Arm> arms = Table1Experiment.arms(c, Path.of("tex"));
        assertEquals(List.of("MoCo-v2 - k = 2048", "+ Texture-based - α = 2", "+ Patch-based - α = 2",
                "+ Patch-based - α = 3", "MoCo-v2 - k = 1024", "+ Patch-based - α = 2 (k = 1024)", "BYOL",
                "+ Patch-based - α = 0.05", Arm.RANDOM_INIT), arms.stream().map(Arm::label).toList());
        assertEquals(List.of(true, true, true, true, true, true, true, true, false),
                arms.stream().map(Arm::pretrains).toList(), "only the reference row skips pretraining");
        assertEquals(NegativeSource.Kind.NONE, arms.get(0).pretrain().negativeSource());
        assertEquals(NegativeSource.Kind.TEXTURE, arms.get(1).pretrain().negativeSource());
        assertEquals(Path.of("tex"), arms.get(1).pretrain().textureDir());
        assertEquals(3f, arms.get(3).pretrain().moco().alpha());
        assertEquals(1024, arms.get(5).pretrain().moco().queueSize());
        assertEquals(MethodConfig.Kind.BYOL, arms.get(6).pretrain().method().kind());
        assertEquals(0, arms.get(6).pretrain().moco().nonSemanticPerImage());
        assertEquals(0.05f, arms.get(7).pretrain().moco().alpha());
        assertEquals(NegativeSource.Kind.PATCH, arms.get(7).pretrain().negativeSource());
        assertEquals("plus-patch-based-alpha-2-k-1024", arms.get(5).slug());
        assertEquals(8, Table1Experiment.arms(c.withTexture(false, null), null).size(), "the texture row skipped");

        List<Arm> color = ColorShortcutExperiment.arms(ColorShortcutConfig.medium());
        for (Arm a : color) {
            assertEquals(0f, a.pretrain().augment().jitterProb(), "colour jitter removed");
            assertEquals(0.2f, a.pretrain().augment().grayscaleProb(), "grayscale kept");
        }
        assertEquals(List.of(ColorShortcutExperiment.BASELINE, ColorShortcutExperiment.PATCH, Arm.RANDOM_INIT),
                color.stream().map(Arm::label).toList());
    }

    @Test
    void oodClassMismatchNamesTheClasses() {
        InMemoryImageDataset test = new InMemoryImageDataset("t", 1, 4, 4, List.of("cat", "dog"), new byte[32],
                new int[] {0, 1});
        String m = message(() -> OodSet.checkClasses("sketch", List.of("cat", "wolf"), test));
        assertTrue(m.contains("'sketch'") && m.contains("missing: [dog]") && m.contains("unexpected: [wolf]"), m);
        OodSet.checkClasses("same", List.of("cat", "dog"), test);
    }

    /** An ImageFolder out-of-domain set is decoded at the in-domain size and refused when its classes differ. */
    @Test
    void oodFolderIsLoadedAtTheInDomainSize(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        InMemoryImageDataset test = new InMemoryImageDataset("t", 3, 4, 4, List.of("cat", "dog"), new byte[96],
                new int[] {0, 1});
        for (String cls : List.of("cat", "dog", "wolf")) {
            java.nio.file.Files.createDirectories(tmp.resolve(cls));
            java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(9, 7,
                    java.awt.image.BufferedImage.TYPE_INT_RGB);
            javax.imageio.ImageIO.write(img, "png", tmp.resolve(cls).resolve("a.png").toFile());
        }
        String m = message(() -> new OodSet("three", tmp).load(test));
        assertTrue(m.contains("unexpected: [wolf]"), m);
        java.nio.file.Files.delete(tmp.resolve("wolf").resolve("a.png"));
        java.nio.file.Files.delete(tmp.resolve("wolf"));
        nsn.data.ImageDataset ood = new OodSet("two", tmp).load(test);
        assertEquals(2, ood.size());
        assertEquals(4, ood.height());
        assertEquals(4, ood.width());
        assertEquals(3, ood.channels());
        assertTrue(message(() -> new OodSet("none", tmp.resolve("missing")).load(test)).contains("not a folder"));
    }

    /** With several seeds the queue-sweep chart has error bars of one sample std, in percent. */
    @Test
    void queueSweepChartHasErrorBarsOverSeeds() {
        List<Long> seeds = List.of(0L, 1L);
        List<Comparison.Row> rows = List.of(
                new Comparison.Row("MoCo-v2 - k = 64", "a", seeds, new double[][] {{0.50, 0.52}}),
                new Comparison.Row("+ Patch-based - α = 2 - k = 64", "b", seeds, new double[][] {{0.60, 0.66}}),
                new Comparison.Row("MoCo-v2 - k = 128", "c", seeds, new double[][] {{0.55, 0.55}}),
                new Comparison.Row("+ Patch-based - α = 2 - k = 128", "d", seeds, new double[][] {{0.70, 0.74}}));
        Comparison.Result c = new Comparison.Result("t", List.of("cifar10"), rows, Path.of("o"), 0, 0);
        QueueSizeExperiment.Result r = new QueueSizeExperiment.Result(c, List.of(64, 128));
        var chart = r.chart();
        var patch = chart.getSeriesMap().get(QueueSizeExperiment.PATCH);
        assertEquals(List.of(64.0, 128.0), java.util.Arrays.stream(patch.getXData()).boxed().toList());
        assertEquals(63.0, patch.getYData()[0], 1e-9);
        assertEquals(100 * Math.sqrt(0.0018), patch.getExtraValues()[0], 1e-9); // (0.03² · 2) / 1
        assertEquals(0.0, chart.getSeriesMap().get(QueueSizeExperiment.BASELINE).getExtraValues()[1], 1e-12);
        assertTrue(r.csv().contains("64,+ Patch-based (α = 2),63.0000,4.2426,2"), r.csv());
        assertEquals("12.00", r.table().column("difference (points)").getString(0)); // 63 - 51
    }

    @Test
    void smokePresetIsTheSmallRecipeScaledDownAndGridPathsCanMove() {
        Table1Config smoke = Table1Config.smoke();
        QuickstartConfig base = smoke.grid().base();
        assertEquals("cifar10", base.dataset());
        assertEquals(Table1Config.SMOKE_PRETRAIN_IMAGES, base.pretrainImages());
        assertEquals(Table1Config.SMOKE_BATCH, base.pretrain().batchSize());
        assertEquals(Table1Config.SMOKE_QUEUE, smoke.queue());
        assertEquals(1, base.pretrain().epochs());
        assertEquals(List.of(0L), smoke.grid().seeds());
        assertEquals(Table1Config.SMOKE_PROBE_IMAGES, smoke.grid().linearTrainImages());
        assertEquals(Table1Config.SMOKE_PROBE_IMAGES, smoke.grid().testImages());
        nsn.model.EncoderConfig e = base.pretrain().encoder();
        nsn.model.EncoderConfig small = Table1Config.medium().grid().base().pretrain().encoder();
        assertEquals(Table1Config.SMOKE_WIDTH, e.width());
        assertEquals(8 * Table1Config.SMOKE_WIDTH, e.featureDim(), "ResNet-18's features are 8 × its width");
        assertEquals(e.featureDim(), e.headHidden(), "MoCo-v2's head: hidden width = feature width");
        assertEquals(List.of(small.depth(), small.stem(), small.channels(), small.imageSize(), small.projectionDim()),
                List.of(e.depth(), e.stem(), e.channels(), e.imageSize(), e.projectionDim()));
        assertEquals(Table1Config.medium().grid().base().pretrain().augment(), base.pretrain().augment());
        assertEquals(List.of(128, 256), QueueSizeConfig.smoke().queues());
        GridConfig moved = smoke.grid().withDataDir(Path.of("/d")).withOutputDir(Path.of("/o"));
        assertEquals(Path.of("/d"), moved.base().dataDir());
        assertEquals(Path.of("/o"), moved.base().outputDir());
        assertEquals(smoke.grid().base().pretrain(), moved.base().pretrain());
        assertEquals(smoke.grid().seeds(), moved.seeds());
    }
}
