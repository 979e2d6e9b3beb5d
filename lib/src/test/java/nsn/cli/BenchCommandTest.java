package nsn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import nsn.TestData;
import org.junit.jupiter.api.Test;

class BenchCommandTest {

    @Test
    void benchListsItsSubcommands() {
        MainTest.Run r = MainTest.run("bench");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("patches"), r.out());
        assertTrue(MainTest.run("--help").out().contains("bench"));
    }

    @Test
    void patchesRunsBrieflyAndPrintsBothMeasurements() {
        MainTest.Run r = MainTest.run("bench", "patches", "--size", "32", "--seconds", "0.1", "--warmup", "0",
                "--threads", "2", "--layout", "SHUFFLED_CELLS");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("patches[2, 10, shuffled_cells]"), r.out());
        assertTrue(r.out().contains(" 1 thread(s)") && r.out().contains(" 2 thread(s)"), r.out());
        assertTrue(r.out().contains("goal patch/copy >= 0.50"), r.out());
    }

    @Test
    void badValuesAreNamed() {
        MainTest.Run t = MainTest.run("bench", "patches", "--threads", "0", "--seconds", "0.1");
        assertNotEquals(0, t.code());
        assertTrue(t.err().contains("threads must be in [1, 1024], got 0"), t.err());
        MainTest.Run p = MainTest.run("bench", "patches", "--size", "32", "--patch-max", "40", "--seconds", "0.1");
        assertNotEquals(0, p.code());
        assertTrue(p.err().contains("maxPatch (40) must be <= size, got size 32"), p.err());
        MainTest.Run m = MainTest.run("bench", "patches", "--patch-min", "0", "--seconds", "0.1");
        assertNotEquals(0, m.code());
        assertTrue(m.err().contains("minPatch must be >= 1, got 0"), m.err());
    }

    @Test
    void textureRunsOnRealImagesAndPrintsBothMeasurements() {
        MainTest.Run r = MainTest.run("bench", "texture", "--images-dir", TestData.imagenetSamplesDir().toString(),
                "--images", "1", "--size", "32", "--threads", "2", "--neighbors", "8", "--random-samples", "8");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("texture 32x32 from two example patches, 1 real images"), r.out());
        assertTrue(r.out().contains("1 thread :") && r.out().contains("2 threads:"), r.out());
        MainTest.Run bad = MainTest.run("bench", "texture", "--images-dir", "/nonexistent/folder");
        assertNotEquals(0, bad.code());
        assertTrue(bad.err().contains("images folder not found: /nonexistent/folder"), bad.err());
    }

    @Test
    void pipelineRunsBrieflyOnRealJpegsWithoutTheReference() {
        MainTest.Run r = MainTest.run("bench", "pipeline", "--images-dir", TestData.imagenetSamplesDir().toString(),
                "--images", "3", "--size", "72", "--batch-size", "4", "--threads", "2", "--seconds", "0.05",
                "--warmup", "0", "--repeats", "1", "--views-only", "--no-reference");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("input pipeline: 3 images of"), r.out());
        assertTrue(r.out().contains(" 1 worker(s) views only") && r.out().contains(" 2 worker(s) views only"),
                r.out());
        assertTrue(!r.out().contains("+negative") && r.out().contains("torchvision not run"), r.out());
        MainTest.Run bad = MainTest.run("bench", "pipeline", "--reference", "/nonexistent/ref.py");
        assertNotEquals(0, bad.code());
        assertTrue(bad.err().contains("--reference /nonexistent/ref.py is not a file"), bad.err());
    }
}
