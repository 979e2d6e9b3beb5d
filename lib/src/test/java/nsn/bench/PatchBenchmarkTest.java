package nsn.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import nsn.negatives.NonSemanticNegatives;
import nsn.negatives.PatchNegatives;
import org.junit.jupiter.api.Test;

/** Runs the benchmark briefly and checks that its result is well formed; no timing is asserted. */
class PatchBenchmarkTest {

    @Test
    void aShortRunGivesPositiveRatesForBothThreadCounts() {
        PatchNegatives gen = NonSemanticNegatives.patchesScaledTo(64);
        PatchBenchmark.Config config = new PatchBenchmark.Config(64, 3, 0.1, 0.05, 2, gen);
        StringWriter text = new StringWriter();
        PatchBenchmark.Result r = PatchBenchmark.run(config, new PrintWriter(text));
        assertSame(config, r.config());
        assertEquals(1, r.singleThread().threads());
        assertEquals(2, r.allThreads().threads());
        for (PatchBenchmark.Measurement m : new PatchBenchmark.Measurement[] {r.singleThread(), r.allThreads()}) {
            assertTrue(m.patchImagesPerSecond() > 0 && Double.isFinite(m.patchImagesPerSecond()), m.toString());
            assertTrue(m.copyImagesPerSecond() > 0 && Double.isFinite(m.copyImagesPerSecond()), m.toString());
            assertEquals(m.patchImagesPerSecond() / m.copyImagesPerSecond(), m.ratio(), 1e-12);
            assertEquals(m.patchImagesPerSecond() / m.threads(), m.patchPerThread(), 1e-9);
        }
        String out = text.toString();
        assertTrue(out.contains("patches[5, 21]") && out.contains(" 1 thread(s)") && out.contains(" 2 thread(s)")
                && out.contains("patch/copy"), out);
    }

    @Test
    void badSettingsAreNamed() {
        PatchNegatives gen = NonSemanticNegatives.patchesScaledTo(224);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new PatchBenchmark.Config(64, 3, 1, 0, 1, gen));
        assertEquals("the generator's maxPatch (72) must be <= size, got size 64", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new PatchBenchmark.Config(224, 3, 0, 0, 1, gen));
        assertEquals("seconds must be in (0, 3600], got 0.0", e.getMessage());
    }
}
