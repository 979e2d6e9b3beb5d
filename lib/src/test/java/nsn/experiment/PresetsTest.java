package nsn.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import nsn.experiment.HardnessConfig;
import nsn.model.EncoderConfig;
import nsn.train.PretrainConfig;
import org.junit.jupiter.api.Test;

/**
 * The four scales every section has (smoke, small, medium, paper): each section takes each name, medium keeps the
 * values behind docs/RESULTS.md, small is a cut of medium, and the two never share a run folder. No training.
 */
class PresetsTest {

    /** Each section's preset factory, mapped to the folder its default runs go to. */
    private static Map<String, Function<String, Path>> sections() {
        Map<String, Function<String, Path>> m = new LinkedHashMap<>();
        m.put("quickstart", p -> QuickstartConfig.preset(p).outputDir());
        m.put("table1", p -> Table1Config.preset(p).grid().base().outputDir());
        m.put("table2", p -> Table2Config.preset(p).grid().base().outputDir());
        m.put("table2 runs", p -> Table2Config.preset(p).runs());
        m.put("color-shortcut", p -> ColorShortcutConfig.preset(p).grid().base().outputDir());
        m.put("queue-sweep", p -> QueueSizeConfig.preset(p).grid().base().outputDir());
        m.put("alpha-sweep", p -> AlphaSweepConfig.preset(p).grid().base().outputDir());
        m.put("hardness", p -> HardnessConfig.preset(p).outputDir());
        m.put("hardness models", p -> HardnessConfig.preset(p).models().get(0).checkpoint().getParent());
        m.put("class-texture", p -> ClassTextureConfig.preset(p).outputDir());
        m.put("negative-samples", p -> NegativeSamplesConfig.preset(p).outputDir());
        return m;
    }

    @Test
    void everySectionTakesEveryPresetName() {
        assertEquals(List.of("smoke", "small", "medium", "paper"), Presets.NAMES);
        for (var e : sections().entrySet()) {
            for (String p : Presets.NAMES) {
                assertTrue(e.getValue().apply(p) != null, e.getKey() + " " + p);
                assertEquals(e.getValue().apply(p), e.getValue().apply(" " + p.toUpperCase() + " "),
                        e.getKey() + ": preset names ignore case and blanks");
            }
        }
        for (var e : sections().entrySet()) { // one parser, one message, in every section but the quickstart's
            if (e.getKey().startsWith("quickstart")) {
                continue;
            }
            String message = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> e.getValue().apply("large")).getMessage();
            assertEquals("preset: unknown preset 'large': expected small, medium, paper or smoke", message, e.getKey());
        }
    }

    @Test
    void smallAndMediumNeverShareARunFolder() {
        for (var e : sections().entrySet()) {
            Path small = e.getValue().apply("small");
            Path medium = e.getValue().apply("medium");
            if (e.getKey().equals("class-texture") || e.getKey().equals("negative-samples")) {
                assertEquals(small, medium, e.getKey() + ": small is medium (minutes already)");
                assertEquals(ClassTextureConfig.small(), ClassTextureConfig.preset("medium"));
            } else {
                assertNotEquals(small, medium, e.getKey());
                assertTrue(medium.toString().contains("medium"), e.getKey() + " " + medium);
            }
        }
        assertEquals(Path.of("runs", "table1"), Table1Config.small().grid().base().outputDir());
        assertEquals(Path.of("runs", "quickstart"), QuickstartConfig.small().outputDir());
    }

    @Test
    void mediumIsTheScaleOfTheRecordedResults() {
        // docs/RESULTS.md: Fashion-MNIST, 4 epochs over all 60,000 images, the probe on all of them
        QuickstartConfig q = QuickstartConfig.medium();
        assertEquals("fashion-mnist", q.dataset());
        assertEquals(4, q.pretrain().epochs());
        assertEquals(0, q.pretrainImages());
        assertEquals(0, q.linear().trainImages());
        assertEquals(32, q.pretrain().encoder().width());
        // CIFAR-10 grids: 10,000 images x 3 epochs at batch 256, K = 2048, ResNet-18 width 32, probe on 10,000
        for (GridConfig g : List.of(Table1Config.medium().grid(), ColorShortcutConfig.medium().grid(),
                QueueSizeConfig.medium().grid(), AlphaSweepConfig.medium().grid())) {
            PretrainConfig p = g.base().pretrain();
            assertEquals(10_000, g.base().pretrainImages());
            assertEquals(3, p.epochs());
            assertEquals(256, p.batchSize());
            assertEquals(32, p.encoder().width());
            assertEquals(10_000, g.linearTrainImages());
        }
        assertEquals(2048, Table1Config.medium().queue());
        assertEquals(List.of(512, 1024, 1536, 2048), QueueSizeConfig.medium().queues());
    }

    @Test
    void smallIsACutOfMediumWithTheSameMethod() {
        QuickstartConfig qs = QuickstartConfig.small();
        QuickstartConfig qm = QuickstartConfig.medium();
        assertEquals(qm.pretrain().encoder(), qs.pretrain().encoder());
        assertEquals(qm.pretrain().moco(), qs.pretrain().moco());
        assertEquals(qm.pretrain().augment(), qs.pretrain().augment());
        assertTrue(work(qs) < work(qm), "small pretrains on fewer image-epochs");

        Table1Config s = Table1Config.small();
        Table1Config m = Table1Config.medium();
        PretrainConfig ps = s.grid().base().pretrain();
        PretrainConfig pm = m.grid().base().pretrain();
        assertEquals(pm.augment(), ps.augment());
        assertEquals(pm.patchMin(), ps.patchMin());
        assertEquals(pm.patchMax(), ps.patchMax());
        assertEquals(pm.moco().alpha(), ps.moco().alpha());
        assertEquals(pm.moco().temperature(), ps.moco().temperature());
        EncoderConfig es = ps.encoder();
        assertEquals(Table1Config.SMALL_WIDTH, es.width());
        assertTrue(es.width() < pm.encoder().width());
        assertTrue(work(s.grid().base()) <= work(m.grid().base()));
        assertEquals(s.queue(), QueueSizeConfig.small().queues().get(QueueSizeConfig.small().queues().size() - 1),
                "the sweep's largest K is Table 1's");
        // every small grid is Table 1's small scale
        for (GridConfig g : List.of(ColorShortcutConfig.small().grid(), QueueSizeConfig.small().grid(),
                AlphaSweepConfig.small().grid(), Table2Config.small().grid())) {
            assertEquals(s.grid().base().pretrain().encoder(), g.base().pretrain().encoder());
            assertEquals(s.grid().base().pretrainImages(), g.base().pretrainImages());
            assertEquals(s.grid().base().pretrain().epochs(), g.base().pretrain().epochs());
            assertEquals(s.grid().linearTrainImages(), g.linearTrainImages());
        }
        assertEquals(HardnessConfig.table1Models(s), HardnessConfig.small().models());
        assertEquals(HardnessConfig.table1Models(m), HardnessConfig.medium().models());
    }

    /** Images seen in pretraining (0 pretraining images = the whole training set, 60,000 for Fashion-MNIST). */
    private static long work(QuickstartConfig q) {
        int images = q.pretrainImages() > 0 ? q.pretrainImages() : 60_000;
        return (long) images * q.pretrain().epochs();
    }
}
