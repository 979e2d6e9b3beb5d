package nsn.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import nsn.experiment.Arm;
import nsn.experiment.ColorShortcutConfig;
import nsn.experiment.ColorShortcutExperiment;
import nsn.experiment.QuickstartConfig;
import nsn.experiment.QuickstartExperiment;
import nsn.experiment.Table1Config;
import nsn.experiment.Table1Experiment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.Table;

class TablesTest {

    static Path metricsCsv(Path dir, String... rows) throws Exception {
        Path run = Files.createDirectories(dir.resolve("run-a"));
        Path csv = run.resolve("metrics.csv");
        Files.writeString(csv, "stage,epoch,loss,lr,seconds,images_per_second\n" + String.join("\n", rows) + "\n");
        return csv;
    }

    @Test
    void metricsReadEveryColumnWithItsType(@TempDir Path tmp) throws Exception {
        Path csv = metricsCsv(tmp, "pretrain,1,6.899116,0.0512843,214.204,279.7",
                "pretrain,2,6.093538,0.0301007,161.692,370.5");
        RunDirectory.open(tmp.resolve("run-b")).appendMetrics("pretrain", 1, 5.5, 0.1, 2.0, 100.0);
        Table t = Tables.metrics(csv);
        assertEquals("run-a/metrics.csv", t.name());
        assertEquals(RunDirectory.METRIC_COLUMNS, t.columnNames());
        assertEquals(2, t.rowCount());
        assertEquals(ColumnType.STRING, t.column("stage").type());
        assertEquals(ColumnType.INTEGER, t.column("epoch").type());
        assertEquals(ColumnType.DOUBLE, t.column("loss").type());
        assertEquals(6.093538, t.doubleColumn("loss").get(1), 1e-12);
        assertEquals(1, Tables.metrics(tmp.resolve("run-b/metrics.csv")).rowCount(), "RunDirectory's own format");
    }

    @Test
    void badMetricsFilesAreNamed(@TempDir Path tmp) throws Exception {
        Path csv = metricsCsv(tmp, "pretrain,1,6.8", "pretrain,2,6.0,0.03,161.692,370.5");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tables.metrics(csv));
        assertTrue(e.getMessage().contains("metrics.csv line 2 has 3 fields"), e.getMessage());
        UncheckedIOException missing = assertThrows(UncheckedIOException.class,
                () -> Tables.metrics(tmp.resolve("nope.csv")));
        assertTrue(missing.getMessage().contains("nope.csv"));
        Path empty = Files.writeString(tmp.resolve("empty.csv"), "\n");
        assertThrows(IllegalArgumentException.class, () -> Tables.metrics(empty));
    }

    @Test
    void resultsAreRowsOfMetricValueAndUnit() {
        Table t = Tables.results(new QuickstartExperiment.Result(0.8123, 0.75, 5.25, 60, 90));
        assertEquals(6, t.rowCount());
        assertEquals("linear top-1, pretrained backbone", t.stringColumn("metric").get(0));
        assertEquals(81.23, t.doubleColumn("value").get(0), 1e-9);
        assertEquals(6.23, t.doubleColumn("value").get(2), 1e-9);
        assertEquals("points", t.stringColumn("unit").get(2));
        assertEquals("81.23", t.getString(0, "value"));
    }

    @Test
    void theConfigTableShowsEachPresetsSettings() {
        Table smoke = Tables.config(QuickstartConfig.smoke());
        assertEquals("1 × 128", value(smoke, "epochs × batch"));
        assertEquals("1024", value(smoke, "pretraining images"));
        assertTrue(value(smoke, "queue K, momentum m, temperature τ").startsWith("1024, "));
        assertTrue(value(smoke, "linear probe").startsWith("features, 3 epochs"));
        assertEquals("2, logit", value(smoke, "α (Eq. 1), mode"));
        assertEquals("moco", value(smoke, "method"));
        assertEquals("all", value(Tables.config(QuickstartConfig.paper()), "pretraining images"));
    }

    private static String value(Table t, String setting) {
        Table row = t.where(t.stringColumn("setting").isEqualTo(setting));
        assertEquals(1, row.rowCount(), setting);
        return row.stringColumn("value").get(0);
    }

    @Test
    void presetsAreNamedAsTheCliNamesThem() {
        QuickstartConfig smoke = QuickstartConfig.preset("smoke");
        QuickstartConfig small = QuickstartConfig.medium();
        assertEquals(Path.of("runs", "quickstart-smoke"), smoke.outputDir());
        assertEquals(1, smoke.pretrain().epochs());
        assertEquals(128, smoke.pretrain().batchSize());
        assertEquals(1024, smoke.pretrain().moco().queueSize());
        assertEquals(1024, smoke.pretrainImages());
        assertEquals(3, smoke.linear().epochs());
        assertEquals(small.pretrain().encoder(), smoke.pretrain().encoder(), "otherwise the small preset");
        assertEquals(small.pretrain().moco().alpha(), smoke.pretrain().moco().alpha());
        assertEquals(small.dataset(), QuickstartConfig.preset("small").dataset());
        assertEquals("imagenet100", QuickstartConfig.preset("paper").dataset());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> QuickstartConfig.preset("tiny"));
        assertTrue(e.getMessage().contains("'tiny'") && e.getMessage().contains("small, medium, paper, smoke or cifar"),
                e.getMessage());
    }

    @Test
    void armsTableHasOneRowPerArmWithItsRecipe() {
        List<Arm> arms = Table1Experiment.arms(Table1Config.smoke(), Path.of("tex"));
        Table t = Tables.arms(arms);
        assertEquals(arms.size(), t.rowCount());
        assertEquals(arms.stream().map(Arm::label).toList(), t.stringColumn("row").asList());
        assertEquals(arms.stream().map(Arm::slug).toList(), t.stringColumn("folder").asList());
        int k = Table1Config.SMOKE_QUEUE;
        // MoCo-v2 K; texture α 2; patch α 2; patch α 3; MoCo-v2 K/2; patch α 2 at K/2; BYOL; BYOL + patch; random
        assertEquals(List.of("" + k, "" + k, "" + k, "" + k, "" + k / 2, "" + k / 2, "", "", "" + k),
                t.stringColumn("K").asList(), "BYOL has no queue");
        assertEquals(List.of("0", "2", "2", "3", "0", "2", "0", "0.05", "0"), t.stringColumn("α").asList());
        assertEquals(List.of("none", "1 texture", "1 patch"), t.stringColumn("non-semantic negatives").asList()
                .subList(0, 3));
        assertEquals("byol", t.stringColumn("method").get(6));
        assertEquals("no (reference)", t.stringColumn("pretrains").get(8));
        assertEquals("yes", t.stringColumn("pretrains").get(0));
        Table colour = Tables.arms(ColorShortcutExperiment.arms(ColorShortcutConfig.smoke()));
        assertEquals("moco (no colour jitter)", colour.stringColumn("method").get(0));
        assertEquals("moco", t.stringColumn("method").get(0), "Table 1 keeps the jitter");
    }

    @Test
    void gridTableShowsTheGridsSeedsTestImagesAndOodSets() {
        nsn.experiment.GridConfig g = Table1Config.smoke().grid().withSeeds(List.of(0L, 1L))
                .plusOod("sketch", Path.of("s")).plusOod("stylized", Path.of("t"));
        Table t = Tables.grid(g);
        List<String> settings = t.stringColumn("setting").asList();
        List<String> values = t.stringColumn("value").asList();
        assertEquals(Tables.config(g.base()).rowCount() + 2, t.rowCount());
        assertEquals("[0, 1]", values.get(settings.indexOf("seeds (one run per row and seed)")));
        assertTrue(!settings.contains("seed"), "the base's own seed is not what the grid runs");
        assertEquals(String.valueOf(Table1Config.SMOKE_PROBE_IMAGES),
                values.get(settings.indexOf("test images (in domain; as many of each OOD set)")));
        assertEquals("sketch, stylized", values.get(settings.indexOf("out-of-domain sets")));
        assertEquals("none", Tables.grid(Table1Config.smoke().grid()).stringColumn("value").get(t.rowCount() - 1));
        assertTrue(values.stream().anyMatch(v -> v.contains("on " + Table1Config.SMOKE_PROBE_IMAGES
                + " training images")), values.toString());
    }
}
