package nsn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import nsn.TestData;
import nsn.TestTextures;
import nsn.augment.AugmentConfig;
import nsn.augment.Normalization;
import nsn.data.ImageDataset;
import nsn.data.InMemoryImageDataset;
import nsn.model.EncoderConfig;
import nsn.model.ResNet;
import nsn.negatives.TextureDatasets;
import nsn.report.Progress;
import nsn.report.RunDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;

class PretrainerTest {

    static PretrainConfig tinyConfig(InMemoryImageDataset data, int epochs) {
        EncoderConfig enc = new EncoderConfig(10, 16, ResNet.Stem.SMALL_STRIDED, 1, 28, 16, true);
        AugmentConfig aug = AugmentConfig.mocoV2(28).withNormalization(Normalization.estimate(data, 128));
        return new PretrainConfig(enc, new MocoConfig(64, 0.9f, 0.2f, 2f, 1), aug, 2, 9, epochs, 32, 0.05f, 0.9f,
                1e-4f, 0, 2, 3);
    }

    static List<float[]> params(Pretrainer p) {
        return MoCoTest.snapshot(p.moco().queryEncoder());
    }

    @Test
    void resumedRunEqualsUninterruptedRun(@TempDir Path tmp) throws IOException {
        InMemoryImageDataset data = TestData.fashionTrain(128);
        PretrainConfig two = tinyConfig(data, 2);
        List<float[]> straight;
        List<float[]> keyStraight;
        float[] queueStraight;
        try (NDManager m = NDManager.newBaseManager(); Pretrainer p = new Pretrainer(two, data, m)) {
            Pretrainer.Summary s = p.train(RunDirectory.open(tmp.resolve("straight")), Progress.silent());
            assertEquals(0, s.resumedFrom());
            assertTrue(Double.isFinite(s.finalLoss()));
            straight = params(p);
            keyStraight = MoCoTest.snapshot(p.moco().keyEncoder());
            queueStraight = p.moco().queue().keys().toFloatArray();
        }
        // The same run stopped after epoch 1, then resumed by a fresh trainer (as after a kill).
        RunDirectory resumedDir = RunDirectory.open(tmp.resolve("resumed"));
        try (NDManager m = NDManager.newBaseManager(); Pretrainer p = new Pretrainer(two, data, m)) {
            p.trainUntil(resumedDir, Progress.silent(), 1);
        }
        assertTrue(Files.exists(resumedDir.resolve(Pretrainer.CHECKPOINT)));
        try (NDManager m = NDManager.newBaseManager(); Pretrainer p = new Pretrainer(two, data, m)) {
            Pretrainer.Summary s = p.train(resumedDir, Progress.silent());
            assertEquals(1, s.resumedFrom());
            List<float[]> resumed = params(p);
            List<float[]> keyResumed = MoCoTest.snapshot(p.moco().keyEncoder());
            for (int i = 0; i < straight.size(); i++) {
                assertArrayEquals(straight.get(i), resumed.get(i), "query parameter " + i);
                assertArrayEquals(keyStraight.get(i), keyResumed.get(i), "key parameter " + i);
            }
            assertArrayEquals(queueStraight, p.moco().queue().keys().toFloatArray(), "queue");
        }
        List<String> metrics = Files.readAllLines(resumedDir.resolve("metrics.csv"));
        assertEquals(3, metrics.size(), "header and one row per epoch: " + metrics);
        // Resuming the finished run trains nothing and reports the last epoch's loss from metrics.csv.
        try (NDManager m = NDManager.newBaseManager(); Pretrainer p = new Pretrainer(two, data, m)) {
            Pretrainer.Summary again = p.train(resumedDir, Progress.silent());
            assertEquals(2, again.resumedFrom());
            assertEquals(Double.parseDouble(metrics.get(2).split(",")[2]), again.finalLoss(), 0.0);
        }
    }

    /**
     * Data-parallel on two replicas (both on the CPU: MoCo's shuffle BN emulated on one device) resumes exactly: the
     * shuffle of each step is a function of the seed and the global step, and the replicas are re-synchronised from
     * the checkpoint.
     */
    @Test
    void dataParallelRunResumesExactlyAndNeedsAnEvenSplit(@TempDir Path tmp) {
        InMemoryImageDataset data = TestData.fashionTrain(128);
        PretrainConfig two = tinyConfig(data, 2);
        List<ai.djl.Device> devices = ReplicasTest.cpus(2);
        List<float[]> straight;
        float[] queueStraight;
        List<float[]> single;
        try (NDManager m = NDManager.newBaseManager(); Pretrainer p = new Pretrainer(two, data, null, m, devices)) {
            assertEquals(2, p.moco().replicas());
            assertTrue(Double.isFinite(p.train(RunDirectory.open(tmp.resolve("straight")), Progress.silent())
                    .finalLoss()));
            straight = state(p.method());
            straight.addAll(MoCoTest.snapshot(p.moco().keyEncoder()));
            queueStraight = p.moco().queue().keys().toFloatArray();
        }
        try (NDManager m = NDManager.newBaseManager(); Pretrainer p = new Pretrainer(two, data, m)) {
            p.train(RunDirectory.open(tmp.resolve("one-device")), Progress.silent());
            single = state(p.method());
        }
        assertNotEquals(java.util.Arrays.toString(straight.get(0)), java.util.Arrays.toString(single.get(0)),
                "two BatchNorm shards train another model than one");
        RunDirectory resumedDir = RunDirectory.open(tmp.resolve("resumed"));
        try (NDManager m = NDManager.newBaseManager(); Pretrainer p = new Pretrainer(two, data, null, m, devices)) {
            p.trainUntil(resumedDir, Progress.silent(), 1);
        }
        try (NDManager m = NDManager.newBaseManager(); Pretrainer p = new Pretrainer(two, data, null, m, devices)) {
            assertEquals(1, p.train(resumedDir, Progress.silent()).resumedFrom());
            List<float[]> resumed = state(p.method());
            resumed.addAll(MoCoTest.snapshot(p.moco().keyEncoder()));
            for (int i = 0; i < straight.size(); i++) {
                assertArrayEquals(straight.get(i), resumed.get(i), "parameter " + i);
            }
            assertArrayEquals(queueStraight, p.moco().queue().keys().toFloatArray(), "queue");
        }
        try (NDManager m = NDManager.newBaseManager()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new Pretrainer(two, data, null, m, ReplicasTest.cpus(3)));
            assertTrue(e.getMessage().contains("batch size 32 cannot be split evenly over 3 devices"), e.getMessage());
        }
    }

    /** The method's whole model: every encoder, the predictor, the queue. */
    static List<float[]> state(ContrastiveMethod method) {
        List<float[]> out = new java.util.ArrayList<>(MoCoTest.snapshot(method.encoder()));
        if (method instanceof Byol byol) {
            out.addAll(MoCoTest.snapshot(byol.targetEncoder()));
            for (ai.djl.nn.Parameter p : byol.predictor().parameters()) {
                out.add(p.getArray().toFloatArray());
            }
            out.add(new float[] {byol.steps()});
        }
        method.lossScaler().ifPresent(ls -> out.add(new float[] {ls.scale(), ls.goodSteps()}));
        return out;
    }

    /** A float16 run scales its loss, and resumes exactly: the scaler's state is in the checkpoint. */
    @Test
    void float16RunResumesWithItsLossScale(@TempDir Path tmp) {
        InMemoryImageDataset data = TestData.fashionTrain(96);
        PretrainConfig two = tinyConfig(data, 2).withPrecision(nsn.model.Precision.FP16);
        List<float[]> straight;
        try (NDManager m = NDManager.newBaseManager(); Pretrainer p = new Pretrainer(two, data, m)) {
            assertTrue(Double.isFinite(p.train(RunDirectory.open(tmp.resolve("straight")), Progress.silent())
                    .finalLoss()));
            LossScaler ls = p.method().lossScaler().orElseThrow();
            assertTrue(ls.goodSteps() > 0 || ls.skipped() > 0, "the steps went through the scaler");
            straight = state(p.method());
            straight.addAll(MoCoTest.snapshot(p.moco().keyEncoder()));
        }
        RunDirectory resumedDir = RunDirectory.open(tmp.resolve("resumed"));
        try (NDManager m = NDManager.newBaseManager(); Pretrainer p = new Pretrainer(two, data, m)) {
            p.trainUntil(resumedDir, Progress.silent(), 1);
        }
        try (NDManager m = NDManager.newBaseManager(); Pretrainer p = new Pretrainer(two, data, m)) {
            assertEquals(1, p.train(resumedDir, Progress.silent()).resumedFrom());
            List<float[]> resumed = state(p.method());
            resumed.addAll(MoCoTest.snapshot(p.moco().keyEncoder()));
            assertEquals(straight.size(), resumed.size());
            for (int i = 0; i < straight.size(); i++) {
                assertArrayEquals(straight.get(i), resumed.get(i), "state array " + i);
            }
        }
    }

    /**
     * Every method and optimiser resumes exactly: the LARS cases check that its momentum buffers are restored, the
     * float16 case BYOL's loss scale and SGD's scaled path over packed (encoder) and unpacked (predictor) parameters.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"SIMCLR, SGD, FP32", "BYOL, SGD, FP32", "BYOL, LARS, FP32",
        "SIMCLR, LARS, FP32", "BYOL, SGD, FP16"})
    void resumedRunEqualsUninterruptedRunForEveryMethod(MethodConfig.Kind kind, OptimizerConfig.Kind opt,
            nsn.model.Precision precision, @TempDir Path tmp) {
        InMemoryImageDataset data = TestData.fashionTrain(64);
        PretrainConfig base = tinyConfig(data, 2).withPrecision(precision);
        PretrainConfig two = (kind == MethodConfig.Kind.BYOL
                ? base.withMoco(new MocoConfig(64, 0.9f, 0.2f, 0.05f, 1)).withMethod(
                        MethodConfig.byol(base.encoder()).withByol(32, 0.99f))
                : base.withMethod(MethodConfig.mocoV2().with(kind, nsn.loss.AlphaMode.WEIGHT)))
                .withOptimizer(opt == OptimizerConfig.Kind.LARS ? OptimizerConfig.lars(0.02f, true)
                        : OptimizerConfig.sgd());
        assertEquals(opt, two.optimizer().kind());
        List<float[]> straight;
        double straightLoss;
        try (NDManager m = NDManager.newBaseManager(); Pretrainer p = new Pretrainer(two, data, m)) {
            straightLoss = p.train(RunDirectory.open(tmp.resolve("straight")), Progress.silent()).finalLoss();
            assertTrue(Double.isFinite(straightLoss), kind + " loss " + straightLoss);
            straight = state(p.method());
            assertThrows(IllegalStateException.class, p::moco);
        }
        RunDirectory resumedDir = RunDirectory.open(tmp.resolve("resumed"));
        try (NDManager m = NDManager.newBaseManager(); Pretrainer p = new Pretrainer(two, data, m)) {
            p.trainUntil(resumedDir, Progress.silent(), 1);
        }
        try (NDManager m = NDManager.newBaseManager(); Pretrainer p = new Pretrainer(two, data, m)) {
            Pretrainer.Summary s = p.train(resumedDir, Progress.silent());
            assertEquals(1, s.resumedFrom());
            assertEquals(straightLoss, s.finalLoss(), 0.0, "last epoch's loss");
            List<float[]> resumed = state(p.method());
            assertEquals(straight.size(), resumed.size());
            for (int i = 0; i < straight.size(); i++) {
                assertArrayEquals(straight.get(i), resumed.get(i), kind + " state array " + i);
            }
        }
    }

    @Test
    void checkpointWithoutAMethodReadsAsMoco(@TempDir Path tmp) throws IOException {
        InMemoryImageDataset data = TestData.fashionTrain(64);
        RunDirectory dir = RunDirectory.open(tmp);
        PretrainConfig cfg = tinyConfig(data, 2);
        try (NDManager m = NDManager.newBaseManager(); Pretrainer p = new Pretrainer(cfg, data, m)) {
            p.trainUntil(dir, Progress.silent(), 1);
        }
        // Rewrite the stored configuration as a checkpoint from before the method was configurable wrote it.
        Path ckpt = dir.resolve(Pretrainer.CHECKPOINT);
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(Files.readAllBytes(ckpt));
        byte[] magic = new byte[2 + in.getShort(0)];
        in.get(magic);
        byte[] json = new byte[in.getInt()];
        in.get(json);
        String legacy = new String(json, java.nio.charset.StandardCharsets.UTF_8)
                .replaceAll(",\\s*\"method\":\\s*\\{[^}]*\\}", "")
                .replaceAll(",\\s*\"optimizer\":\\s*\\{[^}]*\\}", "")
                .replaceAll(",\\s*\"headHidden\":\\s*\\d+", "").replaceAll(",\\s*\"headBatchNorm\":\\s*\\w+", "");
        assertTrue(!legacy.contains("method") && !legacy.contains("optimizer") && !legacy.contains("head")
                && legacy.contains("seed"), legacy);
        byte[] legacyBytes = legacy.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(magic.length + 4 + legacyBytes.length + in.remaining());
        out.put(magic).putInt(legacyBytes.length).put(legacyBytes).put(in);
        Files.write(ckpt, out.array());
        assertEquals(cfg, Checkpoint.readConfig(ckpt));
        try (NDManager m = NDManager.newBaseManager(); Pretrainer p = new Pretrainer(cfg, data, m)) {
            assertEquals(1, p.train(dir, Progress.silent()).resumedFrom());
        }
    }

    @Test
    void checkpointOfAnotherConfigIsRefusedWithAClearMessage(@TempDir Path tmp) {
        InMemoryImageDataset data = TestData.fashionTrain(64);
        RunDirectory dir = RunDirectory.open(tmp);
        try (NDManager m = NDManager.newBaseManager(); Pretrainer p = new Pretrainer(tinyConfig(data, 1), data, m)) {
            p.train(dir, Progress.silent());
        }
        PretrainConfig other = tinyConfig(data, 1).withSeed(99);
        try (NDManager m = NDManager.newBaseManager(); Pretrainer p = new Pretrainer(other, data, m)) {
            UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> p.train(dir, Progress.silent()));
            assertTrue(e.getMessage().contains("another configuration"), e.getMessage());
            assertTrue(e.getMessage().contains(Pretrainer.CHECKPOINT), e.getMessage());
        }
    }

    @Test
    void truncatedCheckpointIsReported(@TempDir Path tmp) throws IOException {
        InMemoryImageDataset data = TestData.fashionTrain(64);
        RunDirectory dir = RunDirectory.open(tmp);
        PretrainConfig cfg = tinyConfig(data, 1);
        try (NDManager m = NDManager.newBaseManager(); Pretrainer p = new Pretrainer(cfg, data, m)) {
            p.train(dir, Progress.silent());
        }
        Path ckpt = dir.resolve(Pretrainer.CHECKPOINT);
        byte[] bytes = Files.readAllBytes(ckpt);
        Files.write(ckpt, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        try (NDManager m = NDManager.newBaseManager(); Pretrainer p = new Pretrainer(cfg, data, m)) {
            UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> p.train(dir, Progress.silent()));
            assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        }
    }

    @Test
    void textureNegativesTrainWithAFiniteLoss(@TempDir Path tmp) {
        InMemoryImageDataset data = TestData.fashionTrain(64);
        Path root = TestTextures.write(data, TestTextures::flipVertically, tmp.resolve("textures"));
        ImageDataset textures = TextureDatasets.aligned(data, root);
        PretrainConfig patch = tinyConfig(data, 1);
        PretrainConfig texture = patch.withNegativeSource(NegativeSource.Kind.TEXTURE, root);
        Pretrainer.Summary withTextures;
        try (NDManager m = NDManager.newBaseManager(); Pretrainer p = new Pretrainer(texture, data, textures, m)) {
            withTextures = p.train(RunDirectory.open(tmp.resolve("texture")), Progress.silent());
        }
        assertTrue(Double.isFinite(withTextures.finalLoss()), "loss " + withTextures.finalLoss());
        try (NDManager m = NDManager.newBaseManager(); Pretrainer p = new Pretrainer(patch, data, m)) {
            double withPatches = p.train(RunDirectory.open(tmp.resolve("patch")), Progress.silent()).finalLoss();
            assertNotEquals(withPatches, withTextures.finalLoss(), "the texture negatives reach the loss");
        }
        try (NDManager m = NDManager.newBaseManager()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new Pretrainer(texture, data, m));
            assertTrue(e.getMessage().contains("texture dataset aligned with the training images"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> new Pretrainer(patch, data, textures, m));
        }
    }
}
