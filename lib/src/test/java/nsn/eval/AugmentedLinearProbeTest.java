package nsn.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.List;
import nsn.TestData;
import nsn.data.ImageDataset;
import nsn.model.Encoder;
import nsn.model.EncoderConfig;
import nsn.model.ResNet;
import nsn.report.Progress;
import org.junit.jupiter.api.Test;

/** The authors' augmented linear protocol on real Fashion-MNIST images with a real (random) ResNet-18 backbone. */
class AugmentedLinearProbeTest {

    private static final EncoderConfig ENCODER = new EncoderConfig(18, 16, ResNet.Stem.SMALL_STRIDED, 1, 28, 32,
            true);
    private static final float[] MEAN = {0.286f};
    private static final float[] STD = {0.353f};

    private static LinearEvalConfig config() {
        return new LinearEvalConfig(6, 32, 1f, 0.9f, 0f, 0, LinearEvalConfig.Protocol.AUGMENTED, List.of());
    }

    private static LinearProbe.MultiResult run(LinearEvalConfig config, int trainImages, int workers,
            List<float[]> paramsBefore, List<float[]> paramsAfter) {
        ImageDataset train = TestData.fashionTrain(trainImages);
        ImageDataset test = TestData.fashionTest(256);
        try (NDManager m = NDManager.newBaseManager(); Encoder encoder = Encoder.create(ENCODER, m, 3)) {
            snapshot(encoder, paramsBefore);
            LinearProbe.MultiResult r = LinearProbe.evaluate(encoder, train, List.of(test, TestData.fashionTest(100)),
                    MEAN, STD, config, 11, workers, m, Progress.silent());
            snapshot(encoder, paramsAfter);
            return r;
        }
    }

    private static void snapshot(Encoder encoder, List<float[]> out) {
        if (out == null) {
            return;
        }
        for (Parameter p : encoder.parameters()) {
            out.add(p.getArray().toFloatArray());
        }
    }

    @Test
    void learnsAboveChanceAndLeavesTheBackboneUntouched() {
        List<float[]> before = new ArrayList<>();
        List<float[]> after = new ArrayList<>();
        LinearProbe.MultiResult r = run(config(), 1024, 2, before, after);

        assertEquals(before.size(), after.size());
        for (int i = 0; i < before.size(); i++) {
            assertArrayEquals(before.get(i), after.get(i), 0f, "backbone parameter " + i + " changed by probing");
        }
        // Fashion-MNIST has 10 balanced classes: chance is 10 %. A random backbone's raw features under 28-px crops
        // of scale [0.08, 1] learn slowly; 0.52 was measured with these settings.
        assertTrue(r.testTop1()[0] > 0.35, "augmented probe top-1 " + r.testTop1()[0]);
        assertTrue(r.trainTop1() > 0.25, "top-1 on the last epoch's views " + r.trainTop1());

        double[] curve = r.epochTestTop1();
        assertEquals(6, curve.length);
        assertEquals(r.testTop1()[0], curve[5], 0.0, "the last epoch is the reported one");
        assertTrue(r.bestEpoch() >= 1 && r.bestEpoch() <= 6);
        assertEquals(curve[r.bestEpoch() - 1], r.bestTestTop1()[0], 0.0);
        for (double c : curve) {
            assertTrue(c <= r.bestTestTop1()[0]);
        }
        assertEquals(2, r.bestTestTop1().length, "the best epoch scores every test set");
    }

    @Test
    void viewsDependOnTheSeedOnlyNotOnTheWorkers() {
        LinearEvalConfig stepped = new LinearEvalConfig(2, 64, 1f, 0.9f, 0f, 0, LinearEvalConfig.Protocol.AUGMENTED,
                List.of(1));
        LinearProbe.MultiResult one = run(stepped, 256, 1, null, null);
        LinearProbe.MultiResult two = run(stepped, 256, 2, null, null);
        assertArrayEquals(one.testTop1(), two.testTop1(), 0.0);
        assertArrayEquals(one.epochTestTop1(), two.epochTestTop1(), 0.0);
        assertEquals(one.finalLoss(), two.finalLoss(), 0.0);
        assertEquals(one.trainTop1(), two.trainTop1(), 0.0);
    }

    @Test
    void theFeatureProbeRefusesTheAugmentedProtocol() {
        Features f = LinearProbeTest.blobs(100, 4, 2, 1, 1);
        try (NDManager m = NDManager.newBaseManager()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> LinearProbe.fit(f, List.of(f), config(), 1, m));
            assertTrue(e.getMessage().contains("augmented"), e.getMessage());
        }
    }

    @Test
    void stepScheduleFeaturesProbeRecordsItsBestEpoch() {
        LinearEvalConfig stepped = new LinearEvalConfig(6, 100, 0.1f, 0.9f, 0f, 0,
                LinearEvalConfig.Protocol.FEATURES, List.of(3, 5));
        try (NDManager m = NDManager.newBaseManager()) {
            LinearProbe.MultiResult r = LinearProbe.fit(LinearProbeTest.blobs(1000, 8, 4, 2, 2),
                    List.of(LinearProbeTest.blobs(400, 8, 4, 2, 3)), stepped, 5, m);
            assertEquals(6, r.epochTestTop1().length);
            assertEquals(r.testTop1()[0], r.epochTestTop1()[5], 0.0);
            assertTrue(r.bestTestTop1()[0] >= r.testTop1()[0]);
            assertTrue(r.testTop1()[0] > 0.9, "separable blobs: " + r.testTop1()[0]);
        }
    }
}
