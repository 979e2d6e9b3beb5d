package nsn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import nsn.TestData;
import nsn.data.InMemoryImageDataset;
import nsn.report.Progress;
import nsn.report.RunDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pins the MoCo losses recorded before the contrastive methods were made pluggable: the MoCo path must keep giving
 * them for the same seed. They are bit-identical run to run on one machine, but libtorch picks its CPU kernels by
 * instruction set, so another CPU differs in the last bits (2.4e-6 at most over these steps between an AMD EPYC and
 * an Intel Xeon); the tolerance allows that and nothing a change to the method would cause (a different temperature,
 * α, momentum or queue moves these losses by 1e-2 and more).
 */
class MocoRegressionTest {

    private static final float CPU_TOLERANCE = 1e-4f;

    @Test
    void mocoStepsGiveTheRecordedLosses() {
        float[] losses = new float[3];
        try (NDManager m = NDManager.newBaseManager();
                MoCo moco = new MoCo(new MocoConfig(8, 0.9f, 0.2f, 2f, 1), MoCoTest.TINY, m, 7)) {
            Sgd sgd = new Sgd(moco.trainableParameters(), 0.9f, 1e-4f);
            for (int i = 0; i < losses.length; i++) {
                try (NDManager step = m.newSubManager()) {
                    losses[i] = moco.trainStep(step, MoCoTest.images(step, 4, 10 * i + 1),
                            MoCoTest.images(step, 4, 10 * i + 2), MoCoTest.images(step, 4, 10 * i + 3), sgd, 0.1f);
                }
            }
        }
        // recorded on an AMD EPYC; an Intel Xeon's kernels give 3.4107163, 3.8636975, 2.639987 (last bits only)
        assertArrayEquals(new float[] {3.4107156f, 3.8636985f, 2.6399894f}, losses, CPU_TOLERANCE);
    }

    @Test
    void pretrainerGivesTheRecordedLoss(@TempDir Path tmp) {
        InMemoryImageDataset data = TestData.fashionTrain(64);
        double loss;
        try (NDManager m = NDManager.newBaseManager();
                Pretrainer p = new Pretrainer(PretrainerTest.tinyConfig(data, 1), data, m)) {
            loss = p.train(RunDirectory.open(tmp.resolve("run")), Progress.silent()).finalLoss();
        }
        assertEquals(4.4915242195129395, loss, CPU_TOLERANCE);
    }
}
