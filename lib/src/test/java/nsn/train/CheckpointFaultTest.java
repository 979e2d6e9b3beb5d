package nsn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import nsn.TestData;
import nsn.data.InMemoryImageDataset;
import nsn.report.Progress;
import nsn.report.RunDirectory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mid-epoch checkpoints, version-1 checkpoints, leftovers of a killed checkpoint write, and numerical faults, on the
 * tiny two-epoch MoCo run of {@link PretrainerTest#tinyConfig} over 64 Fashion-MNIST images (2 steps per epoch).
 */
class CheckpointFaultTest {

    private static InMemoryImageDataset data;
    private static PretrainConfig config;
    /** The uninterrupted run's final state (query encoder, key encoder, queue) and metrics.csv losses. */
    private static List<float[]> straight;
    private static List<String> straightLosses;

    @BeforeAll
    static void uninterruptedRun(@TempDir Path tmp) throws IOException {
        data = TestData.fashionTrain(64);
        config = PretrainerTest.tinyConfig(data, 2);
        RunDirectory dir = RunDirectory.open(tmp);
        try (NDManager m = NDManager.newBaseManager(); Pretrainer p = new Pretrainer(config, data, m)) {
            Pretrainer.Summary s = p.train(dir, Progress.silent());
            assertEquals(0, s.resumedFromStep());
            straight = state(p);
        }
        straightLosses = losses(dir);
        assertEquals(2, straightLosses.size());
    }

    static List<float[]> state(Pretrainer p) {
        List<float[]> out = PretrainerTest.state(p.method());
        out.addAll(MoCoTest.snapshot(p.moco().keyEncoder()));
        out.add(p.moco().queue().keys().toFloatArray());
        return out;
    }

    /** {@code stage,epoch,loss} of every metrics.csv row. */
    static List<String> losses(RunDirectory dir) throws IOException {
        Path f = dir.resolve("metrics.csv");
        if (!Files.exists(f)) {
            return List.of();
        }
        return Files.readAllLines(f).stream().skip(1).map(l -> String.join(",", Arrays.copyOf(l.split(","), 3)))
                .toList();
    }

    private static void assertStraight(Pretrainer p) {
        List<float[]> now = state(p);
        assertEquals(straight.size(), now.size());
        for (int i = 0; i < straight.size(); i++) {
            assertArrayEquals(straight.get(i), now.get(i), "state array " + i + " bit-identical");
        }
    }

    @Test
    void midEpochCheckpointResumesAtTheNextBatchWithTheEpochsLossMean(@TempDir Path tmp) throws IOException {
        RunDirectory dir = RunDirectory.open(tmp);
        try (NDManager m = NDManager.newBaseManager();
                Pretrainer p = new Pretrainer(config, data, m).optCheckpointEvery(1)) {
            Pretrainer.Summary s = p.trainTo(dir, Progress.silent(), 2, 3); // stops after epoch 2's first step
            assertEquals(1, s.epochs());
        }
        Checkpoint.Position pos = Checkpoint.readPosition(dir.resolve(Pretrainer.CHECKPOINT));
        assertEquals(1, pos.epochsDone());
        assertEquals(1, pos.nextBatch());
        assertEquals(1, pos.lossCount());
        assertTrue(Double.isFinite(pos.lossSum()) && pos.lossSum() > 0, "loss sum " + pos.lossSum());
        assertEquals(straightLosses.subList(0, 1), losses(dir), "no row for the unfinished epoch");
        // Resume with another interval: the interval is not part of the configuration.
        try (NDManager m = NDManager.newBaseManager(); Pretrainer p = new Pretrainer(config, data, m)) {
            Pretrainer.Summary s = p.train(dir, Progress.silent());
            assertEquals(3, s.resumedFromStep());
            assertEquals(1, s.resumedFrom());
            assertStraight(p);
        }
        // Epoch 2's row is the mean of both of its steps, one before and one after the interruption.
        assertEquals(straightLosses, losses(dir));
    }

    @Test
    void versionOneCheckpointStillLoads(@TempDir Path tmp) throws IOException {
        RunDirectory dir = RunDirectory.open(tmp);
        try (NDManager m = NDManager.newBaseManager(); Pretrainer p = new Pretrainer(config, data, m)) {
            p.trainUntil(dir, Progress.silent(), 1);
        }
        // Rewrite the version-2 file in the layout of version 1: its magic, and no position after the epochs.
        Path ckpt = dir.resolve(Pretrainer.CHECKPOINT);
        byte[] v2 = Files.readAllBytes(ckpt);
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(v2);
        int magicEnd = 2 + in.getShort(0);
        assertEquals(Checkpoint.MAGIC, new String(v2, 2, magicEnd - 2, java.nio.charset.StandardCharsets.UTF_8));
        int jsonEnd = magicEnd + 4 + in.getInt(magicEnd);
        int epochsEnd = jsonEnd + 4;
        int positionEnd = epochsEnd + 4 + 8 + 4 + 8;
        assertEquals(1, in.getInt(jsonEnd));
        assertEquals(0, in.getInt(epochsEnd), "next batch of an epoch-end checkpoint");
        java.io.ByteArrayOutputStream v1 = new java.io.ByteArrayOutputStream();
        new java.io.DataOutputStream(v1).writeUTF(Checkpoint.MAGIC_V1);
        v1.write(v2, magicEnd, epochsEnd - magicEnd);
        v1.write(v2, positionEnd, v2.length - positionEnd);
        Files.write(ckpt, v1.toByteArray());
        assertEquals(v2.length - 24, Files.size(ckpt));

        assertEquals(Checkpoint.Position.epochEnd(1), Checkpoint.readPosition(ckpt));
        assertEquals(config, Checkpoint.readConfig(ckpt));
        try (NDManager m = NDManager.newBaseManager(); Pretrainer p = new Pretrainer(config, data, m)) {
            Pretrainer.Summary s = p.train(dir, Progress.silent());
            assertEquals(1, s.resumedFrom());
            assertEquals(2, s.resumedFromStep());
            assertStraight(p);
        }
        assertEquals(straightLosses, losses(dir));
        assertEquals(Checkpoint.MAGIC, new java.io.DataInputStream(Files.newInputStream(ckpt)).readUTF(),
                "the finished run rewrote it as version 2");
    }

    @Test
    void leftoverOfAKilledCheckpointWriteIsIgnoredAndDeleted(@TempDir Path tmp) throws IOException {
        Path ckpt = tmp.resolve(Pretrainer.CHECKPOINT);
        byte[] good;
        try (NDManager m = NDManager.newBaseManager(); Pretrainer p = new Pretrainer(config, data, m)) {
            Checkpoint.save(ckpt, config, new Checkpoint.Position(0, 1, 7.5, 1, 2.0), p.method(),
                    new Sgd(p.method().trainableParameters(), 0.9f, 0f));
            good = Files.readAllBytes(ckpt);
        }
        // What a process killed inside AtomicFiles.write leaves: the temporary file, half written, never renamed.
        Path partial = tmp.resolve("." + Pretrainer.CHECKPOINT + "4711.tmp");
        Files.write(partial, Arrays.copyOf(good, good.length / 2));
        Path unrelated = tmp.resolve(".metrics.csv99.tmp");
        Files.writeString(unrelated, "not ours");
        assertEquals(new Checkpoint.Position(0, 1, 7.5, 1, 2.0), Checkpoint.readPosition(ckpt));
        Pretrainer.deleteStaleTemporaryFiles(tmp);
        assertFalse(Files.exists(partial), "the stale temporary checkpoint is deleted");
        assertTrue(Files.exists(unrelated), "other files are left alone");
        assertArrayEquals(good, Files.readAllBytes(ckpt), "the checkpoint is untouched");
        // A write that fails halfway (here: a NaN in the model) leaves the old checkpoint and no temporary file.
        try (NDManager m = NDManager.newBaseManager(); Pretrainer p = new Pretrainer(config, data, m)) {
            List<ai.djl.nn.Parameter> params = p.method().encoder().parameters();
            ai.djl.nn.Parameter last = params.get(params.size() - 1);
            float[] v = last.getArray().toFloatArray();
            v[v.length - 1] = Float.POSITIVE_INFINITY;
            nsn.model.FlatParameters.copyInto(last.getArray(), v); // in place: the array is a packed view
            Checkpoint.NonFiniteStateException e = assertThrows(Checkpoint.NonFiniteStateException.class,
                    () -> Checkpoint.save(ckpt, config, Checkpoint.Position.epochEnd(1), p.method(),
                            new Sgd(p.method().trainableParameters(), 0.9f, 0f)));
            assertTrue(e.getMessage().contains("parameter " + last.getName() + ": value " + (v.length - 1)
                    + " of an array of " + v.length + " is Infinity"), e.getMessage());
        }
        assertArrayEquals(good, Files.readAllBytes(ckpt), "the checkpoint is untouched");
        try (var files = Files.list(tmp)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().startsWith("." + Pretrainer.CHECKPOINT)),
                    "no temporary file of the failed write");
        }
        // A truncated checkpoint (a non-atomic writer killed) is reported, not loaded.
        Files.write(ckpt, Arrays.copyOf(good, good.length / 2));
        try (NDManager m = NDManager.newBaseManager(); Pretrainer p = new Pretrainer(config, data, m)) {
            IOException e = assertThrows(IOException.class, () -> Checkpoint.resume(ckpt, config, p.method(),
                    new Sgd(p.method().trainableParameters(), 0.9f, 0f)));
            assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        }
    }

    @Test
    void nanLossStopsTheRunNamingTheStepAndKeepsTheLastGoodCheckpoint(@TempDir Path tmp) throws IOException {
        RunDirectory dir = RunDirectory.open(tmp);
        Path ckpt = dir.resolve(Pretrainer.CHECKPOINT);
        byte[][] beforeFault = new byte[1][];
        try (NDManager m = NDManager.newBaseManager();
                Pretrainer p = new Pretrainer(config, data, m).optCheckpointEvery(1)) {
            // One NaN pixel in a query view of epoch 2's second batch: the real network spreads it to the loss.
            p.batchHook = (epoch, b) -> {
                if (epoch == 1 && b.index() == 1) {
                    try {
                        beforeFault[0] = Files.readAllBytes(ckpt);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    b.query()[0] = Float.NaN;
                }
                return b;
            };
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> p.train(dir, Progress.silent()));
            assertTrue(e.getMessage().startsWith("loss became NaN at epoch 2 step 1 (global step 3"), e.getMessage());
            assertTrue(e.getMessage().contains("last good checkpoint, " + ckpt + ", is kept (after 1 epochs and 1"
                    + " batches of the next)"), e.getMessage());
        }
        assertArrayEquals(beforeFault[0], Files.readAllBytes(ckpt), "the last good checkpoint is unchanged");
        assertEquals(straightLosses.subList(0, 1), losses(dir), "no metrics.csv row for the broken epoch");
        // The kept checkpoint is good: resuming without the fault finishes exactly as the uninterrupted run.
        try (NDManager m = NDManager.newBaseManager(); Pretrainer p = new Pretrainer(config, data, m)) {
            assertEquals(3, p.train(dir, Progress.silent()).resumedFromStep());
            assertStraight(p);
        }
        assertEquals(straightLosses, losses(dir));
    }

    @Test
    void hugeLearningRateStopsWithTheStepAndNeverCheckpointsANonFiniteModel(@TempDir Path tmp) throws IOException {
        PretrainConfig c = config;
        PretrainConfig huge = new PretrainConfig(c.encoder(), c.moco(), c.augment(), c.patchMin(), c.patchMax(),
                c.epochs(), c.batchSize(), 1e30f, c.sgdMomentum(), c.weightDecay(), c.warmupEpochs(), c.workers(),
                c.seed());
        RunDirectory dir = RunDirectory.open(tmp);
        try (NDManager m = NDManager.newBaseManager();
                Pretrainer p = new Pretrainer(huge, data, m).optCheckpointEvery(1)) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> p.train(dir, Progress.silent()));
            // Step 0's loss is that of the initial weights; its update makes the weights huge (finite), and the
            // next forward pass overflows.
            assertTrue(e.getMessage().startsWith("loss became NaN at epoch 1 step 1 (global step 1"),
                    e.getMessage());
        }
        Path ckpt = dir.resolve(Pretrainer.CHECKPOINT);
        try (NDManager m = NDManager.newBaseManager(); Pretrainer p = new Pretrainer(huge, data, m)) {
            Checkpoint.Position pos = Checkpoint.resume(ckpt, huge, p.method(),
                    new Sgd(p.method().trainableParameters(), 0.9f, 0f));
            assertEquals(new Checkpoint.Position(0, 1, pos.lossSum(), 1, pos.seconds()), pos);
            for (float[] a : state(p)) {
                for (float v : a) {
                    assertTrue(Float.isFinite(v), "the kept checkpoint is finite");
                }
            }
        }
        assertEquals(List.of(), losses(dir));
    }

    @Test
    void nonFiniteModelWithAFiniteLossIsNeverCheckpointed(@TempDir Path tmp) throws IOException {
        RunDirectory dir = RunDirectory.open(tmp);
        Path ckpt = dir.resolve(Pretrainer.CHECKPOINT);
        try (NDManager m = NDManager.newBaseManager();
                Pretrainer p = new Pretrainer(config, data, m).optCheckpointEvery(1)) {
            // A BatchNorm running variance turned NaN in epoch 2's last step: training-mode forward passes use
            // batch statistics, so the loss stays finite, but the model is broken for evaluation.
            p.batchHook = (epoch, b) -> {
                if (epoch == 1 && b.index() == 1) {
                    ai.djl.nn.Parameter var = p.method().encoder().parameters().stream()
                            .filter(q -> q.getName().contains("runningVar")).findFirst().orElseThrow();
                    var.getArray().set(new float[(int) var.getArray().size()]);
                    var.getArray().divi(0f); // 0/0 = NaN
                }
                return b;
            };
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> p.train(dir, Progress.silent()));
            assertTrue(e.getMessage().startsWith("the model became non-finite at epoch 2 step 1 (parameter "),
                    e.getMessage());
            assertTrue(e.getMessage().contains("is NaN) although the loss was finite"), e.getMessage());
            assertTrue(e.getMessage().contains("(after 1 epochs and 1 batches of the next)"), e.getMessage());
        }
        assertEquals(straightLosses.subList(0, 1), losses(dir), "no metrics.csv row for the broken epoch");
        try (NDManager m = NDManager.newBaseManager(); Pretrainer p = new Pretrainer(config, data, m)) {
            assertEquals(3, p.train(dir, Progress.silent()).resumedFromStep());
            assertStraight(p);
        }
        try (var files = Files.list(tmp)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")), "no temporary files");
        }
    }
}
