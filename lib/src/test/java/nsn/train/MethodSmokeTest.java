package nsn.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import nsn.TestData;
import nsn.augment.AugmentConfig;
import nsn.augment.Normalization;
import nsn.augment.SemanticAugmentation;
import nsn.data.InMemoryImageDataset;
import nsn.loss.AlphaMode;
import nsn.model.EncoderConfig;
import nsn.model.ResNet;
import nsn.negatives.NonSemanticNegatives;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each method overfits one batch of 64 real Fashion-MNIST images, with and without non-semantic negatives. MoCo's
 * queue is the batch size, so from step 1 on it holds only keys of this batch; its reference loss is step 1's,
 * since the random initial queue of step 0 makes that step's task easier than the rest.
 */
class MethodSmokeTest {

    static final EncoderConfig ENCODER = new EncoderConfig(10, 16, ResNet.Stem.SMALL_STRIDED, 1, 28, 16, true);
    static final int STEPS = 20;

    @ParameterizedTest
    @CsvSource({"MOCO_V2, 0", "MOCO_V2, 1", "SIMCLR, 0", "SIMCLR, 1", "BYOL, 0", "BYOL, 1"})
    void lossIsFiniteAndFallsOnAFixedBatch(MethodConfig.Kind kind, int negatives) {
        InMemoryImageDataset data = TestData.fashionTrain(64);
        AugmentConfig aug = AugmentConfig.mocoV2(28).withNormalization(Normalization.estimate(data, 64));
        NegativeSource source = negatives > 0
                ? NegativeSource.patches(NonSemanticNegatives.patches(2, 9), negatives) : NegativeSource.none();
        PretrainBatches.Batch batch;
        try (PretrainBatches batches = new PretrainBatches(data, SemanticAugmentation.mocoV2(aug), source, 64, 5, 1)) {
            batch = batches.epoch(0, 0).next();
        }
        float alpha = kind == MethodConfig.Kind.BYOL ? 0.05f : 2f;
        MocoConfig config = new MocoConfig(64, 0.99f, 0.2f, alpha, negatives);
        int reference = kind == MethodConfig.Kind.MOCO_V2 ? 1 : 0;
        Shape views = new Shape(64, 1, 28, 28);
        float first = Float.NaN;
        float last = Float.NaN;
        try (NDManager m = NDManager.newBaseManager(); ContrastiveMethod method = switch (kind) {
            case MOCO_V2 -> new MoCo(config, AlphaMode.LOGIT, ENCODER, m, 3);
            case SIMCLR -> new SimClr(config, AlphaMode.LOGIT, ENCODER, m, 3);
            case BYOL -> new Byol(config, MethodConfig.mocoV2().with(kind, AlphaMode.LOGIT).withByol(64, 0.99f),
                    ENCODER, m, 3, STEPS + 1);
        }) {
            Sgd sgd = new Sgd(method.trainableParameters(), 0.9f, 1e-4f);
            for (int s = 0; s <= STEPS; s++) {
                float loss;
                try (NDManager step = m.newSubManager()) {
                    NDArray xq = step.create(batch.query(), views);
                    NDArray xk = step.create(batch.key(), views);
                    NDArray xns = negatives > 0 ? step.create(batch.negatives(), new Shape(64L * negatives, 1, 28, 28))
                            : null;
                    loss = method.trainStep(step, xq, xk, xns, sgd, 0.05f);
                }
                assertTrue(Float.isFinite(loss), kind + " step " + s + " loss " + loss);
                if (s == reference) {
                    first = loss;
                }
                last = loss;
            }
        }
        assertTrue(last < first, kind + " with " + negatives + " negatives: loss " + first + " -> " + last);
    }
}
