package nsn.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import nsn.TestData;
import nsn.eval.LinearEvalConfig;
import nsn.ood.ImageNetCReport;
import nsn.ood.ImageNetCScore;
import nsn.ood.OodBenchmark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/** Table 2 (§3.2): presets, the rows shared with Table 1, the mCE column, and a tiny real run that is reused. */
class Table2ExperimentTest {

    @Test
    void presetsFollowThePaperAndShareTable1sRuns() {
        Table2Config paper = Table2Config.preset("paper");
        QuickstartConfig q = paper.grid().base();
        assertEquals("imagenet", q.dataset());
        assertEquals(224, DatasetSpec.of(q.dataset()).cropSize());
        assertEquals(List.of(0L), paper.grid().seeds(), "one run, as the paper's official-recipe models");
        assertEquals(65_536, paper.queue());
        assertEquals(0.999f, q.pretrain().moco().keyMomentum());
        assertEquals(0.2f, q.pretrain().moco().temperature());
        assertEquals(256, q.pretrain().batchSize());
        assertEquals(200, q.pretrain().epochs());
        assertEquals(0.03f, q.pretrain().lr());
        assertEquals(50, q.pretrain().encoder().depth());
        assertTrue(q.pretrain().encoder().mlpHead());
        assertEquals(16, q.pretrain().patchMin());
        assertEquals(72, q.pretrain().patchMax());
        assertEquals(LinearEvalConfig.Protocol.AUGMENTED, q.linear().protocol());
        assertEquals(List.of(60, 80), q.linear().lrMilestones());
        assertEquals(30f, q.linear().lr());
        assertNull(paper.runsDir());
        assertEquals(q.outputDir(), paper.runs());

        Table2Config small = Table2Config.preset("small");
        assertEquals(Table1Config.small().grid().base().outputDir(), small.runs());
        assertEquals(Path.of("runs", "table2"), small.grid().base().outputDir());
        assertEquals(Table1Config.smoke().grid().base().outputDir(), Table2Config.smoke().runs());
        Table2Config moved = small.resolvedAgainst(Path.of("/repo"));
        assertEquals(Path.of("/repo/runs/table2"), moved.grid().base().outputDir());
        assertEquals(Path.of("/repo/runs/table1"), moved.runs());
        assertEquals(small.grid().base().pretrain(), moved.grid().base().pretrain());
        assertNull(paper.resolvedAgainst(Path.of("/repo")).runsDir());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Table2Config.preset("x"));
        assertTrue(e.getMessage().contains("'x'"), e.getMessage());

        // both rows are Table 1 rows, recipe and folder, so a Table 1 folder's runs are reused
        List<Arm> t1 = Table1Experiment.arms(Table1Config.small(), Path.of("textures"));
        List<Arm> t2 = Table2Experiment.arms(small);
        assertEquals(List.of(Table2Experiment.BASELINE, Table2Experiment.PATCH), t2.stream().map(Arm::label).toList());
        for (Arm a : t2) {
            Arm same = t1.stream().filter(b -> b.slug().equals(a.slug())).findFirst().orElseThrow();
            assertEquals(same.pretrain(), a.pretrain(), a.label());
        }
        assertEquals(0f, t2.get(0).pretrain().moco().alpha());
        assertEquals(2f, t2.get(1).pretrain().moco().alpha());
    }

    @Test
    void withOodUnderAddsThePresentBenchmarksInTable2Order(@TempDir Path tmp) throws Exception {
        Files.createDirectories(tmp.resolve("imagenet-r"));
        Files.createDirectories(tmp.resolve("imagenet-c"));
        Table2Config c = Table2Config.paper().withOodUnder(tmp).withOodUnder(tmp);
        assertEquals(List.of("imagenet-c", "imagenet-r"), c.grid().ood().stream().map(OodSet::name).toList());
        assertEquals(OodBenchmark.IMAGENET_C, c.grid().ood().get(0).benchmark());
    }

    /** The ImageNet-C column shows the mCE, hand-computed from AlexNet's brightness errors. */
    @Test
    void imagenetCColumnIsTheMce() {
        Map<Integer, Double> half = Map.of(1, 0.5, 2, 0.5, 3, 0.5, 4, 0.5, 5, 0.5);
        ImageNetCScore s = ImageNetCScore.of(Map.of("brightness", half), 0.6);
        double alexnet = 0.45140 + 0.48502 + 0.54048 + 0.62166 + 0.72440;
        double expected = 5 * 0.5 / alexnet;
        List<Comparison.Row> rows = List.of(
                new Comparison.Row("MoCo-v2", "a", List.of(0L), new double[][] {{0.6}, {0.5}}),
                new Comparison.Row("+ p", "b", List.of(0L), new double[][] {{0.7}, {0.5}}));
        Comparison.Result c = new Comparison.Result("t", List.of("imagenet", "imagenet-c"), rows, Path.of("o"), 0, 0,
                Map.of("imagenet-c", List.of(new ImageNetCReport.Row("MoCo-v2", List.of(0L), List.of(s)),
                        new ImageNetCReport.Row("+ p", List.of(0L), List.of(s)))));
        Table2Experiment.Result r = new Table2Experiment.Result(c, Map.of());
        assertEquals(expected, r.mce("imagenet-c", "+ p"), 1e-12);
        Table t = r.table();
        assertEquals(List.of("method", "imagenet top-1 (%)", "imagenet-c mCE (%)", "seeds"), t.columnNames());
        assertEquals(String.format(java.util.Locale.ROOT, "%.2f (n=1)", 100 * expected),
                t.stringColumn("imagenet-c mCE (%)").get(0));
        Table n = r.numericTable();
        assertEquals(100 * expected, n.doubleColumn("imagenet-c_mce_mean").get(1), 1e-9);
        assertEquals(70.0, n.doubleColumn("imagenet_top1_mean").get(1), 1e-9);
        assertEquals(List.of("imagenet"), r.chart().getSeriesMap().get("MoCo-v2").getXData().stream()
                .map(Object::toString).toList(), "the chart shows top-1 sets only");
        assertEquals(3, Table2Experiment.published().rowCount());
    }

    /**
     * A tiny real run: both rows pretrain into the shared runs folder, the table files appear in the table folder
     * (and not in the runs folder), and a second table folder over the same runs reads both back without training.
     */
    @Test
    void tinyRunWritesTheTableAndReusesSharedRuns(@TempDir Path tmp) throws Exception {
        TestData.fashionMnistDir();
        Path runs = tmp.resolve("table1");
        GridConfig tiny = ComparisonRunTest.tinyGrid(tmp.resolve("table2"), List.of(0L));
        GridConfig grid = tiny.withBase(tiny.base().withPretrainImages(128)).withLinearTrainImages(300)
                .withTestImages(300);
        Table2Config config = new Table2Config(grid, runs);
        Table2Experiment.Result r = Table2Experiment.run(config);

        assertEquals(List.of("fashion-mnist"), r.comparison().sets());
        assertEquals(0, r.comparison().reusedRuns());
        for (Comparison.Row row : r.comparison().rows()) {
            double v = row.values(0)[0];
            assertTrue(v > 0.1 && v <= 1, row.label() + " top-1 " + v);
        }
        Path out = tmp.resolve("table2");
        for (String f : List.of(Table2Experiment.CSV, Table2Experiment.TXT, Table2Experiment.JSON,
                Table2Experiment.PNG, Table2Experiment.PUBLISHED_CSV, "table.csv", "results.json")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
            assertEquals(out.resolve(f), r.files().getOrDefault(f, out.resolve(f)));
        }
        assertFalse(Files.exists(runs.resolve("table.csv")), "the shared folder's table files are not touched");
        Path ckpt = runs.resolve("plus-patch-based-alpha-2").resolve("seed-0").resolve("checkpoint.bin");
        assertTrue(Files.isRegularFile(ckpt));
        assertTrue(Files.isRegularFile(runs.resolve("moco-v2-k-256").resolve("seed-0").resolve("results.json")));
        assertEquals("method,fashion-mnist_top1_mean,fashion-mnist_top1_std,seeds",
                Files.readAllLines(out.resolve(Table2Experiment.CSV)).get(0));
        JsonObject json = JsonParser.parseString(Files.readString(out.resolve(Table2Experiment.JSON)))
                .getAsJsonObject();
        assertEquals(r.top1("fashion-mnist", Table2Experiment.PATCH), json.getAsJsonArray("rows").get(1)
                .getAsJsonObject().getAsJsonObject("top1").getAsJsonArray("fashion-mnist").get(0).getAsDouble(), 0.0);
        assertEquals(3, json.getAsJsonArray("published").size());
        assertTrue(ImageIO.read(out.resolve(Table2Experiment.PNG).toFile()).getWidth() > 0);

        FileTime written = Files.getLastModifiedTime(ckpt);
        Table2Experiment.Result again = Table2Experiment.run(config.withGrid(grid.withOutputDir(tmp.resolve("b"))));
        assertEquals(2, again.comparison().reusedRuns());
        assertEquals(r.top1("fashion-mnist", Table2Experiment.BASELINE),
                again.top1("fashion-mnist", Table2Experiment.BASELINE), 0.0);
        assertEquals(written, Files.getLastModifiedTime(ckpt), "not pretrained again");
    }
}
