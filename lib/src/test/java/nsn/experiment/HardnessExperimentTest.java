package nsn.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import nsn.analysis.Hardness;
import nsn.analysis.HardnessTest;
import nsn.TestData;
import nsn.train.NamedCheckpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code hardness} experiment end to end on a MoCo checkpoint pretrained for two steps on Fashion-MNIST. */
class HardnessExperimentTest {

    @Test
    void measuresEachCheckpointAndWritesTheOutputs(@TempDir Path tmp) throws IOException {
        Path ckpt = TinyMocoCheckpoint.train(tmp.resolve("pretrain"));
        HardnessConfig config = new HardnessConfig(
                List.of(NamedCheckpoint.parse("alpha=2=" + ckpt), new NamedCheckpoint("again", ckpt)),
                "fashion-mnist", "test", TestData.dataRoot(), 30, null, tmp.resolve("out"), 10, 40, 4L, "cpu", true);
        HardnessExperiment.Result r = HardnessExperiment.run(config);

        assertFalse(r.textureIncluded());
        assertEquals(30, r.images());
        assertEquals(List.of("alpha=2", "again"), r.table().stringColumn("model").asList());
        Hardness.Result a = r.models().get(0);
        Hardness.Result b = r.models().get(1);
        assertEquals(List.of(Hardness.Kind.POSITIVE, Hardness.Kind.NEGATIVE, Hardness.Kind.PATCH), a.kinds());
        for (Hardness.Kind kind : a.kinds()) {
            assertArrayEquals(a.values(kind), b.values(kind), 1e-6f, "same checkpoint, same seed: " + kind);
        }
        assertEquals(3 * 10 * 9, a.values(Hardness.Kind.NEGATIVE).length);
        assertTrue(a.mean(Hardness.Kind.POSITIVE) < 1, "MoCo-v2 views through the query and key encoders");
        HardnessTest.assertInvariants(r.models());
        for (String f : List.of(HardnessExperiment.MEANS_FILE, HardnessExperiment.TABLE_FILE,
                HardnessExperiment.HISTOGRAM_FILE, HardnessExperiment.FIGURE_FILE, "results.json", "provenance.json")) {
            assertTrue(Files.size(r.outputDir().resolve(f)) > 0, f);
        }
        String means = Files.readString(r.outputDir().resolve(HardnessExperiment.MEANS_FILE));
        assertEquals(1 + 2 * 3, means.split("\n").length, means);
        assertTrue(Files.readString(r.outputDir().resolve("results.json")).contains("\"texture_included\": false"));

        HardnessConfig missing = config.withModels(List.of(new NamedCheckpoint("none", tmp.resolve("no.bin"))));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HardnessExperiment.run(missing));
        assertTrue(e.getMessage().contains("no checkpoint"), e.getMessage());
    }

    @Test
    void configRejectsBadValuesAndParsesNamePath() {
        assertThrows(IllegalArgumentException.class, () -> NamedCheckpoint.parse("no-path"));
        assertThrows(IllegalArgumentException.class, () -> NamedCheckpoint.parse("=x.bin"));
        assertEquals(Path.of("r/c.bin"), NamedCheckpoint.parse("a=1=r/c.bin").checkpoint());
        HardnessConfig small = HardnessConfig.medium();
        assertEquals(3, small.models().size());
        assertTrue(small.models().get(0).checkpoint().toString().endsWith("checkpoint.bin"));
        assertThrows(IllegalArgumentException.class, () -> small.withRun(1, 0, "cpu", true));
        assertThrows(IllegalArgumentException.class, () -> small.withData(small.dataDir(), -1, null, Path.of("o")));
        NamedCheckpoint m = small.models().get(0);
        assertThrows(IllegalArgumentException.class, () -> small.withModels(List.of(m, m)));
        HardnessConfig smoke = HardnessConfig.preset("smoke");
        assertEquals(3, smoke.models().size());
        assertTrue(smoke.models().get(1).checkpoint().startsWith(nsn.experiment.Table1Config.smoke().grid().base()
                .outputDir()), smoke.models().get(1).checkpoint().toString());
        assertTrue(smoke.images() > 0 && smoke.images() < small.images());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HardnessConfig.preset("huge"));
        assertTrue(e.getMessage().contains("smoke"), e.getMessage());
    }

    @Test
    void trainModelsNeedsTheSeedZeroRunsAndRefusesBeforeTraining(@TempDir Path tmp) {
        nsn.experiment.Table1Config t = nsn.experiment.Table1Config.smoke();
        nsn.experiment.Table1Config seeds = t.withGrid(t.grid().withSeeds(List.of(1L, 2L))
                .withOutputDir(tmp.resolve("grid")));
        String m = assertThrows(IllegalArgumentException.class, () -> HardnessExperiment.trainModels(seeds))
                .getMessage();
        assertTrue(m.contains("seed-0") && m.contains("[1, 2]"), m);
        assertFalse(Files.exists(tmp.resolve("grid")), "nothing written");
        List<NamedCheckpoint> models = HardnessConfig.table1Models(t.withGrid(t.grid().withOutputDir(tmp)));
        assertEquals(List.of("alpha=0", "alpha=2", "alpha=3"), models.stream().map(NamedCheckpoint::name)
                .toList());
        assertEquals(tmp.resolve("moco-v2-k-" + t.queue()).resolve("seed-0").resolve("checkpoint.bin"),
                models.get(0).checkpoint());
        assertEquals(HardnessConfig.smoke().models(), HardnessConfig.table1Models(t));
    }
}
