package nsn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import nsn.augment.AugmentConfig;
import nsn.model.EncoderConfig;
import nsn.model.ResNet;
import nsn.negatives.PatchNegatives;
import nsn.train.MocoConfig;
import nsn.train.NegativeSource;
import nsn.train.PretrainConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9's bad configurations, each rejected before any data is read or any model built, with a message naming the
 * field and its allowed range: once on the config record, once through the CLI (picocli's {@code execute} with
 * stderr captured). docs/RELIABILITY.md lists them.
 */
class BadConfigTest {

    @TempDir
    Path tmp;

    private static final EncoderConfig ENCODER = new EncoderConfig(10, 16, ResNet.Stem.SMALL_STRIDED, 1, 28, 16, true);

    private static String message(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    private static PretrainConfig patchConfig(int patchMin, int patchMax, int queue, int batch) {
        return new PretrainConfig(ENCODER, new MocoConfig(queue, 0.9f, 0.2f, 2f, 1), AugmentConfig.mocoV2(28),
                NegativeSource.Kind.PATCH, patchMin, patchMax, null, 1, batch, 0.05f, 0.9f, 1e-4f, 0, 2, 3);
    }

    /** Runs the CLI; asserts it failed with {@code expected} on stderr and left no run folder behind. */
    private MainTest.Run fails(String expected, String... args) {
        MainTest.Run r = MainTest.run(args);
        assertNotEquals(0, r.code(), String.join(" ", args));
        assertTrue(r.err().contains(expected), expected + " in: " + r.err());
        return r;
    }

    private String[] quickstart(String... flags) {
        String[] common = {"quickstart", "--quiet", "--device", "cpu", "-o", tmp.resolve("run").toString()};
        String[] all = new String[common.length + flags.length];
        System.arraycopy(common, 0, all, 0, common.length);
        System.arraycopy(flags, 0, all, common.length, flags.length);
        return all;
    }

    private void noRunFolder() {
        assertFalse(Files.exists(tmp.resolve("run")), "rejected before the run folder is made");
    }

    @Test
    void negativeAlpha() {
        assertEquals("alpha must be non-negative, got -0.5",
                message(() -> new MocoConfig(64, 0.9f, 0.2f, -0.5f, 1)));
        fails("alpha must be non-negative, got -1.0", quickstart("--alpha", "-1"));
        noRunFolder();
    }

    @Test
    void nonPositiveTemperature() {
        assertEquals("temperature must be positive, got 0.0", message(() -> new MocoConfig(64, 0.9f, 0f, 2f, 1)));
        assertEquals("temperature must be positive, got -0.2",
                message(() -> new MocoConfig(64, 0.9f, -0.2f, 2f, 1)));
        fails("--temperature must be a finite number > 0, got 0.0", quickstart("--temperature", "0"));
        noRunFolder();
    }

    @Test
    void queueSmallerThanTheBatch() {
        assertEquals("queue size must be positive, got 0", message(() -> new MocoConfig(0, 0.9f, 0.2f, 2f, 1)));
        assertTrue(message(() -> patchConfig(2, 9, 16, 32)).startsWith("batch size 32 exceeds the queue size 16:"
                + " MoCo's queue K must be >= the batch size"));
        // A queue that is not a multiple of the batch is fine: the ring queue wraps (RingFeatureQueueTest).
        assertEquals(48, patchConfig(2, 9, 48, 32).moco().queueSize());
        fails("batch size 32 exceeds the queue size 16", quickstart("--queue", "16", "--batch-size", "32"));
        noRunFolder();
    }

    @Test
    void patchRangeOutsideTheImage() {
        assertEquals("patch sizes must satisfy 1 <= min <= max <= image size (28), got [0, 9]",
                message(() -> patchConfig(0, 9, 64, 32)));
        assertEquals("patch sizes must satisfy 1 <= min <= max <= image size (28), got [2, 29]",
                message(() -> patchConfig(2, 29, 64, 32)));
        assertEquals("patch sizes must satisfy 1 <= min <= max <= image size (28), got [9, 2]",
                message(() -> patchConfig(9, 2, 64, 32)));
        assertEquals("minPatch must be >= 1, got 0", message(() -> PatchNegatives.builder().optPatchRange(0, 4)
                .build()));
        assertEquals("maxPatch must be >= minPatch (5), got 4",
                message(() -> PatchNegatives.builder().optPatchRange(5, 4).build()));
        PatchNegatives tooBig = PatchNegatives.builder().optPatchRange(2, 40).build();
        assertTrue(message(() -> tooBig.generate(new float[3 * 28 * 28], 0, 3, 28, new float[3 * 28 * 28], 0,
                new java.util.SplittableRandom(0)))
                .startsWith("maxPatch (40) must be <= the image's shorter"));
    }

    @Test
    void missingDatasetFolder() {
        Path missing = tmp.resolve("no-such-data");
        MainTest.Run r = fails(missing.resolve("stl10_binary").toString(),
                quickstart("--dataset", "stl10", "--data-dir", missing.toString()));
        assertTrue(r.err().contains("missing"), r.err());
        noRunFolder();
        Path folder = tmp.resolve("no-such-folder");
        fails("--data: " + folder.toAbsolutePath() + " is not a directory", "make-corrupted-dataset", "--data",
                folder.toString(), "-o", tmp.resolve("out").toString(), "--quiet");
        assertFalse(Files.exists(tmp.resolve("out")), "no output folder for a missing input");
    }

    @Test
    void unknownPreset() {
        fails("--preset must be small, medium, paper, smoke or cifar, got 'huge'", quickstart("--preset", "huge"));
        noRunFolder();
        fails("--preset: unknown preset 'huge'", "table1", "--preset", "huge");
    }
}
