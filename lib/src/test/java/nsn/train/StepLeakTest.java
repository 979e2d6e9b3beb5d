package nsn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import nsn.TestData;
import nsn.augment.AugmentConfig;
import nsn.augment.Normalization;
import nsn.augment.SemanticAugmentation;
import nsn.bench.MemoryProbe;
import nsn.data.InMemoryImageDataset;
import nsn.loss.AlphaMode;
import nsn.model.EncoderConfig;
import nsn.model.ResNet;
import nsn.negatives.NonSemanticNegatives;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A training step of every method, with either optimiser, leaves no NDArray behind in the long-lived managers:
 * after the step's manager is closed, the arrays alive under the root manager are exactly those alive before.
 */
class StepLeakTest {

    static final EncoderConfig ENCODER = new EncoderConfig(10, 16, ResNet.Stem.SMALL_STRIDED, 1, 28, 16, true);
    static final int BATCH = 8;

    @ParameterizedTest
    @CsvSource({"MOCO_V2, 1, SGD", "MOCO_V2, 0, SGD", "SIMCLR, 1, SGD", "BYOL, 1, SGD", "BYOL, 1, LARS",
            "MOCO_V2, 1, LARS"})
    void stepsLeaveNoArrays(MethodConfig.Kind kind, int negatives, OptimizerConfig.Kind opt) {
        InMemoryImageDataset data = TestData.fashionTrain(BATCH);
        AugmentConfig aug = AugmentConfig.mocoV2(28).withNormalization(Normalization.estimate(data, BATCH));
        NegativeSource source = negatives > 0
                ? NegativeSource.patches(NonSemanticNegatives.patches(2, 9), negatives) : NegativeSource.none();
        PretrainBatches.Batch batch;
        try (PretrainBatches batches = new PretrainBatches(data, SemanticAugmentation.mocoV2(aug), source, BATCH, 5,
                1)) {
            batch = batches.epoch(0, 0).next();
        }
        float alpha = kind == MethodConfig.Kind.BYOL ? 0.05f : 2f;
        MocoConfig config = new MocoConfig(16, 0.99f, 0.2f, alpha, negatives);
        Shape views = new Shape(BATCH, 1, 28, 28);
        try (NDManager root = NDManager.newBaseManager(); ContrastiveMethod method = switch (kind) {
            case MOCO_V2 -> new MoCo(config, AlphaMode.LOGIT, ENCODER, root, 3);
            case SIMCLR -> new SimClr(config, AlphaMode.LOGIT, ENCODER, root, 3);
            case BYOL -> new Byol(config, MethodConfig.mocoV2().with(kind, AlphaMode.LOGIT).withByol(16, 0.99f),
                    ENCODER, root, 3, 10);
        }) {
            Optimizer optimizer = OptimizerConfig.of(opt).create(method.trainableParameters(), 0.9f, 1e-4f);
            List<Integer> live = new ArrayList<>();
            Set<NDArray> afterStep1 = Collections.newSetFromMap(new IdentityHashMap<>());
            for (int s = 0; s < 4; s++) {
                try (NDManager step = root.newSubManager()) {
                    NDArray xq = step.create(batch.query(), views);
                    NDArray xk = step.create(batch.key(), views);
                    NDArray xns = negatives > 0
                            ? step.create(batch.negatives(), new Shape((long) BATCH * negatives, 1, 28, 28)) : null;
                    method.trainStep(step, xq, xk, xns, optimizer, 0.05f);
                }
                live.add(MemoryProbe.liveArrays(root));
                if (s == 1) {
                    afterStep1.addAll(root.getManagedArrays());
                }
            }
            List<String> added = new ArrayList<>(); // what the later steps left behind, to find the culprit
            for (NDArray a : root.getManagedArrays()) {
                if (!afterStep1.contains(a)) {
                    added.add(a.getShape() + " " + a.getDataType() + " in manager " + a.getManager().getName());
                }
            }
            // step 0 may create lazily allocated state; from then on every step must leave the count unchanged
            assertEquals(List.of(live.get(0), live.get(0), live.get(0)), live.subList(1, 4),
                    kind + "/" + opt + ": arrays alive after each step " + live + "; new since step 1: " + added);
        }
    }
}
