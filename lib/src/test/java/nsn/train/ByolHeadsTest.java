package nsn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import nsn.TestData;
import nsn.data.InMemoryImageDataset;
import nsn.model.Encoder;
import nsn.model.EncoderConfig;
import nsn.report.Json;
import nsn.report.Progress;
import nsn.report.RunDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** BYOL's projector with BatchNorm (Linear → BatchNorm1d → ReLU → Linear) next to MoCo-v2's head without it. */
class ByolHeadsTest {

    static final EncoderConfig BN = MoCoTest.TINY.withHead(24, 8, true);

    /** The projection head: the second block of the encoder's sequence. */
    static Block head(Encoder e) {
        return ((SequentialBlock) e.block()).getChildren().get(1).getValue();
    }

    static long batchNorms(Block b) {
        return b.getChildren().values().stream().filter(c -> c instanceof BatchNorm).count();
    }

    @Test
    void headHasBatchNormOnlyWhenConfigured() {
        assertFalse(MoCoTest.TINY.headBatchNorm(), "MoCo-v2's head");
        assertEquals(MoCoTest.TINY.featureDim(), MoCoTest.TINY.headHidden(), "hidden width defaults to F");
        try (NDManager m = NDManager.newBaseManager();
                Encoder moco = Encoder.create(MoCoTest.TINY, m, 1);
                Encoder byol = Encoder.create(BN, m, 1)) {
            assertEquals(0, batchNorms(head(moco)));
            assertEquals(3, head(moco).getChildren().size(), "Linear, ReLU, Linear");
            assertEquals(1, batchNorms(head(byol)));
            assertEquals(4, head(byol).getChildren().size(), "Linear, BatchNorm, ReLU, Linear");
            assertTrue(head(byol).getChildren().get(1).getValue() instanceof BatchNorm, "BatchNorm after Linear");
            // Head parameters: W1 (H, F), b1, then gamma, beta and running mean/var of width H, then W2 (D, H), b2.
            java.util.List<Parameter> hp = head(byol).getParameters().values();
            assertEquals(8, hp.size());
            assertEquals(new Shape(24, MoCoTest.TINY.featureDim()), hp.get(0).getArray().getShape());
            for (int i = 2; i < 6; i++) {
                assertEquals(new Shape(24), hp.get(i).getArray().getShape(), hp.get(i).getName());
            }
            assertEquals(new Shape(8, 24), hp.get(6).getArray().getShape());
            assertEquals(4, head(moco).getParameters().size());
            NDArray x = MoCoTest.images(m, 4, 3);
            assertEquals(new Shape(4, 8), byol.forward(new ParameterStore(m, false), x, true).getShape());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new EncoderConfig(10, 16,
                nsn.model.ResNet.Stem.SMALL, 1, 12, 8, false, 0, true));
        assertTrue(e.getMessage().contains("needs the MLP head"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> MoCoTest.TINY.withHead(-1, 8, true));
        assertTrue(e.getMessage().contains("hidden width must be in [1, 65536]"), e.getMessage());
    }

    @Test
    void byolWithBatchNormHeadsTrainsOnAFixedBatch() {
        try (NDManager m = NDManager.newBaseManager();
                Byol byol = new Byol(new MocoConfig(8, 0.99f, 0.2f, 0.05f, 1), ByolTest.BYOL, BN, m, 7, 20)) {
            assertEquals(1, batchNorms(head(byol.encoder())));
            assertEquals(1, batchNorms(head(byol.targetEncoder())));
            // The predictor had BatchNorm before: W1, b1, γ, β, running mean and variance, W2, b2.
            assertEquals(8, byol.predictor().parameters().size());
            assertEquals(2, byol.predictor().parameters().stream().filter(p -> !Encoder.isTrainable(p)).count());
            Sgd sgd = new Sgd(byol.trainableParameters(), 0.9f, 1e-4f);
            float first = Float.NaN;
            float last = Float.NaN;
            for (int s = 0; s < 8; s++) {
                try (NDManager step = m.newSubManager()) {
                    last = byol.trainStep(step, MoCoTest.images(step, 8, 1), MoCoTest.images(step, 8, 2),
                            MoCoTest.images(step, 8, 3), sgd, 0.05f);
                }
                assertTrue(Float.isFinite(last), "step " + s + " loss " + last);
                if (s == 0) {
                    first = last;
                }
            }
            assertTrue(last < first, "loss " + first + " -> " + last);
        }
    }

    @Test
    void configsWithoutTheHeadSettingsReadAsMocoHeads() {
        String json = Json.write(MoCoTest.TINY);
        assertTrue(json.contains("headBatchNorm"), json);
        String legacy = json.replaceAll(",\\s*\"headHidden\":\\s*\\d+", "")
                .replaceAll(",\\s*\"headBatchNorm\":\\s*\\w+", "");
        assertFalse(legacy.contains("head"), legacy);
        assertEquals(MoCoTest.TINY, Json.gson().fromJson(legacy, EncoderConfig.class));
    }

    @Test
    void resumingAnOldByolCheckpointWithBatchNormHeadsNamesTheMismatch(@TempDir Path tmp) {
        InMemoryImageDataset data = TestData.fashionTrain(64);
        PretrainConfig base = PretrainerTest.tinyConfig(data, 2);
        PretrainConfig old = base.withMoco(new MocoConfig(64, 0.9f, 0.2f, 0.05f, 1))
                .withMethod(MethodConfig.byol(base.encoder()).withByol(32, 0.99f));
        RunDirectory dir = RunDirectory.open(tmp);
        try (NDManager m = NDManager.newBaseManager(); Pretrainer p = new Pretrainer(old, data, m)) {
            p.trainUntil(dir, Progress.silent(), 1);
        }
        EncoderConfig e = old.encoder();
        PretrainConfig withBn = new PretrainConfig(e.withHeadBatchNorm(true), old.moco(), old.augment(),
                old.negativeSource(), old.patchMin(), old.patchMax(), old.textureDir(), old.epochs(), old.batchSize(),
                old.lr(), old.sgdMomentum(), old.weightDecay(), old.warmupEpochs(), old.workers(), old.seed(),
                old.method());
        try (NDManager m = NDManager.newBaseManager(); Pretrainer p = new Pretrainer(withBn, data, m)) {
            UncheckedIOException ex = assertThrows(UncheckedIOException.class,
                    () -> p.train(dir, Progress.silent()));
            assertTrue(ex.getMessage().contains("encoder.headBatchNorm: stored false, this run true"),
                    ex.getMessage());
        }
        try (NDManager m = NDManager.newBaseManager(); Encoder enc = Encoder.create(e.withHeadBatchNorm(true), m, 1)) {
            java.io.IOException ex = assertThrows(java.io.IOException.class,
                    () -> Checkpoint.loadQueryEncoder(dir.resolve(Pretrainer.CHECKPOINT), enc));
            assertTrue(ex.getMessage().contains("headBatchNorm: stored false, this run true"), ex.getMessage());
        }
        try (NDManager m = NDManager.newBaseManager(); Pretrainer p = new Pretrainer(old, data, m)) {
            assertEquals(1, p.train(dir, Progress.silent()).resumedFrom(), "the old configuration still resumes");
        }
    }
}
