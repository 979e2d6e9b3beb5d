package nsn.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import nsn.TestData;
import nsn.eval.LinearEvalConfig;
import nsn.shape.CueConflictSet;
import nsn.train.NamedCheckpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shape-bias experiment end to end on a MoCo checkpoint pretrained for two steps on Fashion-MNIST. */
class ShapeBiasExperimentTest {

    @Test
    void scoresEveryModelOnStimuliMadeFromTheTestSplitAndReusesFinishedModels(@TempDir Path tmp) throws Exception {
        Path ckpt = TinyMocoCheckpoint.train(tmp.resolve("pretrain"));
        ShapeBiasConfig config = new ShapeBiasConfig("fashion-mnist", TestData.dataRoot(), null, 2,
                List.of(NamedCheckpoint.parse("alpha=2=" + ckpt)), true,
                new LinearEvalConfig(5, 100, 0.1f, 0.9f, 0f, 500), 200, tmp.resolve("out"), "cpu", 1, 2, true);
        ShapeBiasExperiment.Result r = ShapeBiasExperiment.run(config);

        assertEquals(20, r.stimuliCount(), "2 stimuli for each of the 10 classes");
        assertEquals(List.of("alpha=2", ShapeBiasExperiment.RANDOM_INIT),
                r.rows().stream().map(ShapeBiasExperiment.Row::model).toList());
        for (ShapeBiasExperiment.Row row : r.rows()) {
            assertEquals(20, row.bias().evaluated(), "every stimulus pairs two different known classes");
            assertTrue(row.bias().shapeHits() + row.bias().textureHits() <= 20);
            double hits = row.bias().shapeHits() + row.bias().textureHits();
            if (hits > 0) {
                assertEquals(row.bias().shapeHits() / hits, row.bias().shapeBias(), 1e-12);
            }
            assertTrue(row.inDomainTop1() > 0.3, row.model() + " top-1 " + row.inDomainTop1());
        }
        CueConflictSet stimuli = CueConflictSet.read(tmp.resolve("out").resolve(ShapeBiasExperiment.STIMULI), 1, 28);
        assertEquals(20, stimuli.size());
        for (String f : List.of(ShapeBiasExperiment.CSV, ShapeBiasExperiment.TXT, ShapeBiasExperiment.PNG,
                "results.json", "provenance.json")) {
            assertTrue(Files.size(tmp.resolve("out").resolve(f)) > 0, f);
        }
        assertEquals(3, Files.readAllLines(tmp.resolve("out").resolve(ShapeBiasExperiment.CSV)).size());

        ShapeBiasExperiment.Result again = ShapeBiasExperiment.run(config);
        assertEquals(r.rows(), again.rows(), "a rerun reads the finished models back");
        ShapeBiasConfig otherProbe = new ShapeBiasConfig("fashion-mnist", TestData.dataRoot(), null, 2,
                List.of(NamedCheckpoint.parse("alpha=2=" + ckpt)), true,
                new LinearEvalConfig(6, 100, 0.1f, 0.9f, 0f, 500), 200, tmp.resolve("out"), "cpu", 1, 2, true);
        String before = Files.readString(tmp.resolve("out").resolve("results.json"));
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> ShapeBiasExperiment.run(otherProbe));
        assertTrue(refused.getMessage().contains("result for another configuration"), refused.getMessage());
        assertEquals(before, Files.readString(tmp.resolve("out").resolve("results.json")), "nothing overwritten");

        assertThrows(IllegalArgumentException.class, () -> new ShapeBiasConfig("fashion-mnist", tmp, null, 2,
                List.of(), false, LinearEvalConfig.defaults(), 0, tmp, "cpu", 0, 1, true));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NamedCheckpoint.parse("no-path"));
        assertTrue(e.getMessage().contains("NAME=PATH"), e.getMessage());
    }
}
