package nsn.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunDirectoryTest {

    @Test
    void metricsAppendAndAResumedEpochReplacesItsRow(@TempDir Path tmp) throws Exception {
        RunDirectory run = RunDirectory.open(tmp.resolve("a/b"));
        run.appendMetrics("pretrain", 1, 7.5, 0.06, 10, 100);
        run.appendMetrics("pretrain", 2, 7.0, 0.05, 10, 100);
        run.appendMetrics("pretrain", 2, 6.9, 0.05, 11, 90);
        List<String> lines = Files.readAllLines(run.resolve("metrics.csv"));
        assertEquals(List.of("stage,epoch,loss,lr,seconds,images_per_second",
                "pretrain,1,7.500000,0.0600000,10.000,100.0", "pretrain,2,6.900000,0.0500000,11.000,90.0"), lines);
    }

    @Test
    void resultsAreJsonAndWrittenAtomically(@TempDir Path tmp) throws Exception {
        RunDirectory run = RunDirectory.open(tmp);
        run.writeResults(Map.of("linear_top1", 0.83));
        String json = Files.readString(run.resolve("results.json"));
        assertTrue(json.contains("\"linear_top1\": 0.83"), json);
        try (var files = Files.list(tmp)) {
            assertFalse(files.anyMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary left");
        }
    }

    @Test
    void progressIsSwitchedOffByTheEnvironmentVariable() {
        assertTrue(Progress.enabledByEnvironment(null));
        assertTrue(Progress.enabledByEnvironment("on"));
        assertFalse(Progress.enabledByEnvironment("off"));
        assertFalse(Progress.enabledByEnvironment("0"));
        assertFalse(Progress.enabledByEnvironment("FALSE"));
        assertEquals("1h01m", Progress.formatSeconds(3660));
        assertEquals("2m05s", Progress.formatSeconds(125));
    }
}
