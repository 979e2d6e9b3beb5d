package nsn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nsn.bench.StepBenchmark;
import nsn.model.ResNet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nsn bench step}: the real MoCo step on a tiny network, and the ratio against a reference's output. */
class StepBenchCommandTest {

    private static final String[] TINY = {"bench", "step", "--depth", "10", "--width", "16", "--size", "16",
            "--batch", "4", "--queue", "16", "--warmup", "1", "--steps", "2", "--device", "cpu"};

    private static String[] tiny(String... more) {
        String[] all = new String[TINY.length + more.length];
        System.arraycopy(TINY, 0, all, 0, TINY.length);
        System.arraycopy(more, 0, all, TINY.length, more.length);
        return all;
    }

    @Test
    void sessionTimesRealStepsWithAFiniteLoss() {
        StepBenchmark.Config c = new StepBenchmark.Config(10, 16, ResNet.Stem.SMALL, 16, 4, 16, 1, 1, 3,
                ai.djl.Device.cpu(), 0);
        try (StepBenchmark.Session s = new StepBenchmark.Session(c)) {
            StepBenchmark.Result r = s.measure(1, 3);
            assertEquals(3, r.millis().length);
            for (double ms : r.millis()) {
                assertTrue(ms > 0, "step time " + ms);
            }
            assertTrue(Float.isFinite(r.lastLoss()), "loss " + r.lastLoss());
            // InfoNCE with 1 + K + M = 18 logits starts near log(18) and stays far below 100
            assertTrue(r.lastLoss() > 0 && r.lastLoss() < 100, "loss " + r.lastLoss());
        }
    }

    @Test
    void ratioIsNsnsMedianOverTheReferencesMedian(@TempDir Path dir) throws IOException {
        Path ref = dir.resolve("ref.py");
        Files.writeString(ref, "import json, sys\n"
                + "assert '--depth' in sys.argv and sys.argv[sys.argv.index('--depth') + 1] == '10'\n"
                + "print('pytorch fake: median 50.0 ms/step')\n"
                + "print(json.dumps({'millis': [40.0, 50.0, 60.0], 'loss': 1.0}))\n");
        MainTest.Run r = MainTest.run(tiny("--rounds", "2", "--python", "python3", "--reference", ref.toString()));
        assertEquals(0, r.code(), r.err() + r.out());
        assertTrue(r.out().contains("round 2 pytorch fake"), r.out());
        double nsn = number(r.out(), "nsn/djl: median ([0-9.]+) ms/step over 4 steps");
        assertEquals(50.0, number(r.out(), "pytorch: median ([0-9.]+) ms/step over 6 steps"), 1e-9);
        assertEquals(nsn / 50.0, number(r.out(), "ratio djl/pytorch = ([0-9.]+)"), 0.0015);
    }

    @Test
    void aFailingReferenceIsNamed(@TempDir Path dir) throws IOException {
        Path ref = dir.resolve("broken.py");
        Files.writeString(ref, "import sys\nprint('no torch here')\nsys.exit(3)\n");
        MainTest.Run r = MainTest.run(tiny("--rounds", "1", "--python", "python3", "--reference", ref.toString()));
        assertNotEquals(0, r.code());
        assertTrue(r.err().contains("failed (exit 3)") && r.err().contains("no torch here"), r.err());
    }

    @Test
    void badValuesAreNamed() {
        MainTest.Run stem = MainTest.run(tiny("--stem", "tiny"));
        assertNotEquals(0, stem.code());
        assertTrue(stem.err().contains("--stem must be imagenet, small or small_strided, got 'tiny'"), stem.err());
        MainTest.Run warm = MainTest.run("bench", "step", "--warmup", "-1", "--device", "cpu");
        assertNotEquals(0, warm.code());
        assertTrue(warm.err().contains("warm-up steps must be non-negative, got -1"), warm.err());
        MainTest.Run rounds = MainTest.run(tiny("--rounds", "0"));
        assertNotEquals(0, rounds.code());
        assertTrue(rounds.err().contains("--rounds must be positive, got 0"), rounds.err());
        MainTest.Run dev = MainTest.run("bench", "step", "--device", "tpu");
        assertNotEquals(0, dev.code());
        assertTrue(dev.err().contains("bad device 'tpu'"), dev.err());
    }

    @Test
    void theDefaultWarmUpIsLongerOnAGpu() {
        assertEquals(3, StepBenchCommand.untimedSteps(null, List.of(Device.cpu())));
        assertEquals(StepBenchCommand.GPU_WARMUP, StepBenchCommand.untimedSteps(null, List.of(Device.gpu(0))));
        assertEquals(StepBenchCommand.GPU_WARMUP, StepBenchCommand.untimedSteps(null,
                List.of(Device.gpu(0), Device.gpu(1))));
        assertEquals(7, StepBenchCommand.untimedSteps(7, List.of(Device.gpu(0))));
    }

    private static double number(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), regex + " not in:\n" + text);
        return Double.parseDouble(m.group(1));
    }
}
