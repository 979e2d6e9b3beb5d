package nsn.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;
import nsn.TestData;
import nsn.train.NamedCheckpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlphaSweepTest {

    @Test
    void rowsReuseTable1sLabelsSoATable1FolderIsReused() {
        AlphaSweepConfig c = AlphaSweepConfig.medium();
        List<String> sweep = AlphaSweepExperiment.arms(c).stream().map(Arm::slug).toList();
        List<String> table1 = Table1Experiment.arms(Table1Config.medium().withTexture(false, null), null).stream().map(Arm::slug).toList();
        assertEquals(6, sweep.size());
        for (String slug : List.of(sweep.get(0), sweep.get(2), sweep.get(3))) {
            assertTrue(table1.contains(slug), slug + " is a Table 1 row");
        }
        assertEquals(List.of(0f, 1f, 2f, 3f, 4f, 5f), c.alphas());
        assertThrows(IllegalArgumentException.class, () -> c.withAlphas(List.of(1f, 1f)));
        assertThrows(IllegalArgumentException.class, () -> c.withAlphas(List.of(-1f)));
        AlphaSweepConfig smoke = AlphaSweepConfig.preset("smoke");
        assertEquals(List.of(0f, 2f), smoke.alphas());
        assertEquals(null, smoke.stimuli());
        assertEquals(Table1Config.smoke().grid().base().pretrain(), smoke.grid().base().pretrain());
        assertEquals(Path.of("s"), AlphaSweepConfig.preset("small", Path.of("s")).stimuli());
        assertThrows(IllegalArgumentException.class, () -> AlphaSweepConfig.preset("huge"));
    }

    @Test
    void smokeSweepWritesTheFourPanels(@TempDir Path tmp) throws Exception {
        TestData.cifar10TrainDir();
        Path cifar = TestData.dataRoot();
        AlphaSweepConfig preset = AlphaSweepConfig.preset("smoke", null);
        GridConfig g = preset.grid().withBase(preset.grid().base().withDataDir(cifar).withOutputDir(tmp)
                .withQuiet(true)).withTestImages(200).withLinearTrainImages(300);
        AlphaSweepConfig config = preset.withGrid(g);
        AlphaSweepExperiment.Result r = AlphaSweepExperiment.run(config);
        assertEquals(2, r.points().size());
        Path stimuli = tmp.resolve("shape-bias").resolve(ShapeBiasExperiment.STIMULI);
        assertEquals(stimuli, r.shapeBias().stimuli(), "the sweep scored the stimuli made from the test split");
        Path first;
        try (Stream<Path> files = Files.walk(stimuli)) {
            first = files.filter(f -> f.toString().endsWith(".png")).sorted().findFirst().orElseThrow();
        }
        FileTime before = Files.getLastModifiedTime(first);
        assertEquals(stimuli, AlphaSweepExperiment.stimuli(config), "stimuli() names the folder run scores");
        assertEquals(before, Files.getLastModifiedTime(first), "present stimuli are kept, not rewritten");
        try (Stream<Path> files = Files.walk(stimuli)) {
            assertEquals(20, files.filter(f -> f.toString().endsWith(".png")).count(), "2 per class, none added");
        }
        assertEquals(20, r.shapeBias().stimuliCount());
        assertEquals(tmp.resolve("given"), AlphaSweepExperiment.stimuli(config.withStimuli(tmp.resolve("given"))));
        assertEquals(List.of("alpha=0/seed-0", "alpha=2/seed-0"), AlphaSweepExperiment.shapeBiasConfig(config)
                .models().stream().map(NamedCheckpoint::name).toList());
        String k = "moco-v2-k-" + g.base().pretrain().moco().queueSize();
        assertEquals(tmp.resolve(k).resolve("seed-0").resolve("checkpoint.bin"),
                AlphaSweepExperiment.shapeBiasConfig(config).models().get(0).checkpoint());
        assertTrue(Files.exists(AlphaSweepExperiment.shapeBiasConfig(config).models().get(1).checkpoint()));
        assertEquals(Path.of("t1", k, "seed-0", "checkpoint.bin"),
                AlphaSweepExperiment.shapeBiasConfig(config, Path.of("t1")).models().get(0).checkpoint());
        for (AlphaSweepExperiment.Point p : r.points()) {
            assertTrue(p.cleanTop1() > 0 && p.cleanTop1() <= 1, "clean " + p.cleanTop1());
            assertTrue(p.sketchTop1() >= 0 && p.sketchTop1() <= 1, "sketch " + p.sketchTop1());
            assertTrue(p.coarse() >= p.fine(), "a fine hit is a coarse hit");
            assertTrue(p.shapeAccuracy() + p.textureAccuracy() <= 1.0 + 1e-9);
        }
        assertEquals(r.comparison().row("MoCo-v2 - k = " + g.base().pretrain().moco().queueSize()).stats(0).mean(),
                r.points().get(0).cleanTop1(), 0.0);
        assertEquals(List.of("cifar10", "sketch"), r.comparison().sets());
        assertEquals(3, Files.readAllLines(tmp.resolve(AlphaSweepExperiment.CSV)).size());
        assertTrue(Files.size(tmp.resolve(AlphaSweepExperiment.PNG)) > 0);
        assertEquals(4, r.charts().size());
    }
}
