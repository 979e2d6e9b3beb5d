package nsn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ai.djl.ndarray.NDManager;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import nsn.TestData;
import nsn.data.InMemoryImageDataset;
import nsn.report.Progress;
import nsn.report.RunDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pretraining process killed with SIGKILL in the middle of an epoch, some steps after its last checkpoint, and
 * resumed (in the test's JVM, with another checkpoint interval), ends with exactly the weights, queue and
 * {@code metrics.csv} losses of a run that was never interrupted.
 */
class KillResumeTest {

    private static final long TIMEOUT_SECONDS = 120;

    /**
     * Starts {@link PretrainChild} with this JVM's class path and DJL settings, output to {@code log}. The libtorch
     * thread counts must be the same as this JVM's: another intra-op count rounds reductions differently and the
     * weights would differ in the last bits (docs/RELIABILITY.md measures it).
     */
    private static Process child(Path log, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx1g");
        for (String prop : List.of("ai.djl.offline", "ai.djl.pytorch.num_threads",
                "ai.djl.pytorch.num_interop_threads", "java.awt.headless")) {
            if (System.getProperty(prop) != null) {
                cmd.add("-D" + prop + "=" + System.getProperty(prop));
            }
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(PretrainChild.class.getName());
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).directory(new File(System.getProperty("user.dir")))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static String read(Path log) throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** Waits until {@code log} contains {@code line} or the process ends. */
    private static void awaitLine(Process p, Path log, String line) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (!read(log).contains(line)) {
            if (!p.isAlive()) {
                fail("child ended (exit " + p.exitValue() + ") before printing " + line + ":\n" + read(log));
            }
            if (System.nanoTime() > deadline) {
                p.destroyForcibly();
                fail("child did not print " + line + " within " + TIMEOUT_SECONDS + " s:\n" + read(log));
            }
            Thread.sleep(20);
        }
    }

    private static List<String> losses(Path metrics) throws IOException {
        return Files.readAllLines(metrics).stream().skip(1).map(l -> l.split(",")[0] + "," + l.split(",")[1]
                + "," + l.split(",")[2]).toList();
    }

    @Test
    void sigkillMidEpochThenResumeEqualsTheUninterruptedRun(@TempDir Path tmp) throws Exception {
        InMemoryImageDataset data = TestData.fashionTrain(PretrainChild.IMAGES);
        PretrainConfig config = PretrainChild.config(data);
        // The uninterrupted run, in this JVM, checkpointing at epoch ends only.
        List<float[]> straight;
        RunDirectory straightDir = RunDirectory.open(tmp.resolve("straight"));
        try (NDManager m = NDManager.newBaseManager(); Pretrainer p = new Pretrainer(config, data, m)) {
            p.train(straightDir, Progress.silent());
            straight = PretrainerTest.state(p.method());
            straight.addAll(MoCoTest.snapshot(p.moco().keyEncoder()));
            straight.add(p.moco().queue().keys().toFloatArray());
        }
        // 3 steps per epoch, a checkpoint every 2 steps: the one after step 4 is at epoch 2, batch 1 (0-based).
        // The child trains batch 1 of epoch 2 as well and is killed before batch 2: one step is lost and redone.
        Path run = tmp.resolve("killed");
        Path log = tmp.resolve("child.log");
        Process child = child(log, run.toString(), "2", "1", "2");
        awaitLine(child, log, "PAUSED");
        Checkpoint.Position atKill = Checkpoint.readPosition(run.resolve(Pretrainer.CHECKPOINT));
        assertEquals(1, atKill.epochsDone(), "checkpoint mid-epoch 2: " + atKill);
        assertEquals(1, atKill.nextBatch(), "checkpoint mid-epoch 2: " + atKill);
        child.destroyForcibly(); // SIGKILL on Linux
        assertTrue(child.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        assertEquals(128 + 9, child.exitValue(), "killed by signal 9: " + read(log));
        assertEquals(1, losses(run.resolve("metrics.csv")).size(), "only epoch 1 finished before the kill");

        // Resume in this JVM, with another checkpoint interval (not part of the configuration).
        try (NDManager m = NDManager.newBaseManager();
                Pretrainer p = new Pretrainer(config, data, m).optCheckpointEvery(5)) {
            Pretrainer.Summary s = p.train(RunDirectory.open(run), Progress.silent());
            assertEquals(4, s.resumedFromStep());
            assertEquals(1, s.resumedFrom());
            List<float[]> resumed = PretrainerTest.state(p.method());
            resumed.addAll(MoCoTest.snapshot(p.moco().keyEncoder()));
            resumed.add(p.moco().queue().keys().toFloatArray());
            assertEquals(straight.size(), resumed.size());
            for (int i = 0; i < straight.size(); i++) {
                assertArrayEquals(straight.get(i), resumed.get(i), "state array " + i + " bit-identical");
            }
        }
        assertEquals(losses(straightDir.resolve("metrics.csv")), losses(run.resolve("metrics.csv")),
                "per-epoch losses, the interrupted epoch's included");
        try (var files = Files.list(run)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")), "no temporary files");
        }
    }
}
