package nsn.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import nsn.TestData;
import nsn.augment.Normalization;
import nsn.augment.SemanticAugmentation;
import nsn.data.ImageDataset;
import nsn.data.ImageFolderDataset;
import nsn.experiment.Experiments;
import nsn.model.Encoder;
import nsn.model.EncoderConfig;
import nsn.model.ResNet;
import nsn.report.Progress;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The evaluation protocols read a frozen encoder: feature extraction, the linear probe and kNN leave every parameter
 * of the encoder — weights, biases, BatchNorm scales and shifts, and BatchNorm running means and variances — bit for
 * bit as they were, on real CIFAR-10 images through a real ResNet-18.
 */
class FrozenEncoderTest {

    private static ImageDataset cifar(String split, int n, long seed) {
        Path dir = TestData.dataRoot().resolve("cifar10").resolve(split);
        Assumptions.assumeTrue(Files.isDirectory(dir), "CIFAR-10 JPEGs are not laid out in " + dir);
        ImageDataset all = ImageFolderDataset.builder().setRoot(dir).optChannels(3).optName("cifar10/" + split)
                .build();
        return Experiments.subset(all, n, seed);
    }

    private static List<float[]> snapshot(Encoder encoder) {
        List<float[]> out = new ArrayList<>();
        for (Parameter p : encoder.parameters()) {
            out.add(p.getArray().toFloatArray());
        }
        return out;
    }

    @Test
    void extractionLinearProbeAndKnnLeaveEveryParameterUnchanged() {
        ImageDataset train = cifar("train", 300, 1);
        ImageDataset test = cifar("test", 100, 2);
        EncoderConfig config = new EncoderConfig(18, 16, ResNet.Stem.SMALL_STRIDED, 3, 32, 32, true);
        try (NDManager m = NDManager.newBaseManager(); Encoder encoder = Encoder.create(config, m, 7)) {
            List<float[]> before = snapshot(encoder);
            long runningStats = encoder.parameters().stream().filter(p -> !Encoder.isTrainable(p)).count();
            assertTrue(runningStats >= 2 * 17, "ResNet-18 has running mean and variance in each BatchNorm, found "
                    + runningStats + " statistics");
            Normalization norm = Normalization.estimate(train, 300);
            SemanticAugmentation eval = SemanticAugmentation.evaluation(32, norm.mean(), norm.std());
            Features trainF = FeatureExtractor.extract(encoder, train, eval, 64, m, Progress.silent());
            Features testF = FeatureExtractor.extract(encoder, test, eval, 64, m, Progress.silent());
            LinearProbe.Result probe = LinearProbe.fit(trainF, testF, new LinearEvalConfig(3, 50, 0.1f, 0.9f, 1e-4f),
                    3, m);
            Knn.Result knn = Knn.evaluate(trainF, testF, new KnnConfig(20, 0.07f, 32), m);
            assertTrue(probe.testTop1() >= 0 && knn.top1() >= 0);

            List<float[]> after = snapshot(encoder);
            assertEquals(before.size(), after.size());
            for (int i = 0; i < before.size(); i++) {
                Parameter p = encoder.parameters().get(i);
                assertArrayEquals(before.get(i), after.get(i), p.getName() + " (" + p.getType() + ") changed");
            }
            // the extraction is deterministic too: the same frozen encoder gives the same features again
            Features again = FeatureExtractor.extract(encoder, test, eval, 64, m, Progress.silent());
            assertArrayEquals(testF.values(), again.values());
        }
    }
}
