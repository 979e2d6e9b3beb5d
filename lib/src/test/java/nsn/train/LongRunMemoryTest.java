package nsn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import nsn.TestData;
import nsn.augment.AugmentConfig;
import nsn.augment.Normalization;
import nsn.bench.MemoryProbe;
import nsn.data.InMemoryImageDataset;
import nsn.model.EncoderConfig;
import nsn.model.ResNet;
import nsn.report.Progress;
import nsn.report.RunDirectory;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Memory stays flat over a long pretraining run: 1,000 MoCo-v2 steps with patch negatives on real Fashion-MNIST,
 * sampled after every epoch with {@link MemoryProbe}.
 */
@Tag("quality")
class LongRunMemoryTest {

    static final int BATCH = 8;
    static final int STEPS_PER_EPOCH = 100;
    static final int EPOCHS = 10;

    static PretrainConfig config(InMemoryImageDataset data, int epochs) {
        EncoderConfig enc = new EncoderConfig(10, 16, ResNet.Stem.SMALL_STRIDED, 1, 28, 16, true);
        AugmentConfig aug = AugmentConfig.mocoV2(28).withNormalization(Normalization.estimate(data, 128));
        return new PretrainConfig(enc, new MocoConfig(64, 0.9f, 0.2f, 2f, 1), aug, 2, 9, epochs, BATCH, 0.05f,
                0.9f, 1e-4f, 0, 2, 3);
    }

    static List<MemoryProbe.Sample> run(PretrainConfig config, InMemoryImageDataset data, Path dir) {
        List<MemoryProbe.Sample> samples = new ArrayList<>();
        try (NDManager root = NDManager.newBaseManager(); Pretrainer p = new Pretrainer(config, data, root)) {
            samples.add(MemoryProbe.sample(root));
            long t0 = System.nanoTime();
            p.trainUntil(RunDirectory.open(dir), Progress.silent(), config.epochs(), epoch -> {
                MemoryProbe.Sample s = MemoryProbe.sample(root);
                samples.add(s);
                System.out.printf("epoch %d: %s (%.1f s wall, %.1f s CPU)%n", epoch, s,
                        (System.nanoTime() - t0) / 1e9, cpuSeconds());
            });
        }
        return samples;
    }

    static double cpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
    }

    @Test
    void mocoWithPatchNegativesIsFlatOverAThousandSteps(@TempDir Path tmp) {
        InMemoryImageDataset data = TestData.fashionTrain(BATCH * STEPS_PER_EPOCH);
        List<MemoryProbe.Sample> samples = run(config(data, EPOCHS), data, tmp);
        assertEquals(EPOCHS + 1, samples.size());
        MemoryProbe.Growth g = MemoryProbe.growth(samples, 2);
        System.out.println(g);
        assertTrue(g.liveArrays() <= 0, "live arrays grew: " + samples);
    }
}
