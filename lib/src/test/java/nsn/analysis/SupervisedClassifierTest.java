package nsn.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.util.stream.IntStream;
import nsn.TestData;
import nsn.augment.Normalization;
import nsn.data.InMemoryImageDataset;
import nsn.model.Backbone;
import nsn.model.EncoderConfig;
import nsn.model.ResNet;
import nsn.report.Progress;
import org.junit.jupiter.api.Test;

/** The supervised trainer on real Fashion-MNIST images: it learns, and the seed fixes the result. */
class SupervisedClassifierTest {

    static final EncoderConfig BACKBONE = new EncoderConfig(10, 16, ResNet.Stem.SMALL_STRIDED, 1, 28, 10, false);

    @Test
    void learnsAboveChance() {
        learnsAboveChance(BACKBONE);
    }

    @Test
    void aVggWithoutShortcutsLearnsAboveChanceToo() {
        EncoderConfig vgg = new EncoderConfig(11, 16, ResNet.Stem.SMALL_STRIDED, 1, 28, 10, false, 0, false,
                Backbone.VGG);
        assertEquals(Backbone.VGG, SupervisedClassifier.network(vgg, 10).backbone());
        learnsAboveChance(vgg);
    }

    private static void learnsAboveChance(EncoderConfig backbone) {
        InMemoryImageDataset train = TestData.fashionTrain(256);
        InMemoryImageDataset test = TestData.fashionTest(200);
        Normalization norm = Normalization.estimate(train, 256);
        SupervisedConfig config = new SupervisedConfig(5, 32, 0.02f, 0.9f, 5e-4f, 0.5f, 0.5f);
        int[] labels = IntStream.range(0, test.size()).map(test::label).toArray();
        try (NDManager m = NDManager.newBaseManager();
                SupervisedClassifier c = SupervisedClassifier.train(backbone, train, norm, config, 7L, m,
                        Progress.silent())) {
            assertEquals(10, c.architecture().projectionDim(), "the head maps to the 10 classes");
            assertEquals(backbone.backbone(), c.architecture().backbone());
            assertEquals(5 * 8, c.summary().steps());
            double top1 = ClassAccuracy.of(test.classes(), labels, c.predict(test, m, Progress.silent())).overall();
            // chance is 0.1; 5 epochs on 256 images reach far more
            assertTrue(top1 > 0.35, "test top-1 " + top1);
            assertTrue(c.summary().finalLoss() < Math.log(10), "loss below chance level: " + c.summary().finalLoss());
        }
    }

    @Test
    void isDeterministicBySeed() {
        InMemoryImageDataset train = TestData.fashionTrain(64);
        InMemoryImageDataset test = TestData.fashionTest(64);
        Normalization norm = Normalization.estimate(train, 64);
        SupervisedConfig config = new SupervisedConfig(1, 32, 0.05f, 0.9f, 5e-4f, 0.5f, 0.5f);
        try (NDManager m = NDManager.newBaseManager();
                SupervisedClassifier a = SupervisedClassifier.train(BACKBONE, train, norm, config, 7L, m,
                        Progress.silent());
                SupervisedClassifier again = SupervisedClassifier.train(BACKBONE, train, norm, config, 7L, m,
                        Progress.silent());
                SupervisedClassifier other = SupervisedClassifier.train(BACKBONE, train, norm, config, 8L, m,
                        Progress.silent())) {
            assertEquals(a.summary().finalLoss(), again.summary().finalLoss(), 0.0, "same seed, same training");
            assertArrayEquals(a.predict(test, m, Progress.silent()), again.predict(test, m, Progress.silent()));
            for (int i = 0; i < a.network().parameters().size(); i++) {
                assertArrayEquals(a.network().parameters().get(i).getArray().toFloatArray(),
                        again.network().parameters().get(i).getArray().toFloatArray(), "parameter " + i);
            }
            assertNotEquals(a.summary().finalLoss(), other.summary().finalLoss(), "another seed, another run");
        }
    }

    @Test
    void rejectsBadInputAndConfig() {
        InMemoryImageDataset train = TestData.fashionTrain(8);
        Normalization norm = Normalization.estimate(train, 8);
        EncoderConfig rgb = new EncoderConfig(10, 16, ResNet.Stem.SMALL_STRIDED, 3, 28, 10, false);
        try (NDManager m = NDManager.newBaseManager()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SupervisedClassifier
                    .train(rgb, train, norm, SupervisedConfig.small(), 0L, m, Progress.silent()));
            assertTrue(e.getMessage().contains("channels"), e.getMessage());
        }
        assertMessage("epochs", () -> new SupervisedConfig(0, 32, 0.1f, 0.9f, 0f, 0.5f, 0.5f));
        assertMessage("batchSize", () -> new SupervisedConfig(1, 1, 0.1f, 0.9f, 0f, 0.5f, 0.5f));
        assertMessage("lr", () -> new SupervisedConfig(1, 32, 0f, 0.9f, 0f, 0.5f, 0.5f));
        assertMessage("momentum", () -> new SupervisedConfig(1, 32, 0.1f, 1f, 0f, 0.5f, 0.5f));
        assertMessage("weightDecay", () -> new SupervisedConfig(1, 32, 0.1f, 0.9f, -1f, 0.5f, 0.5f));
        assertMessage("minScale", () -> new SupervisedConfig(1, 32, 0.1f, 0.9f, 0f, 0f, 0.5f));
        assertMessage("flipProb", () -> new SupervisedConfig(1, 32, 0.1f, 0.9f, 0f, 0.5f, Float.NaN));
        assertThrows(IllegalArgumentException.class, () -> SupervisedClassifier.network(BACKBONE, 1));
    }

    static void assertMessage(String field, org.junit.jupiter.api.function.Executable make) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, make);
        assertTrue(e.getMessage().contains(field), "message should name " + field + ": " + e.getMessage());
    }
}
