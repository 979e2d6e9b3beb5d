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

    /** A configuration part, as a record like the real ones. */
    record Setting(int epochs, float alpha) {}

    @Test
    void aFolderHoldingAnotherConfigurationIsRefusedBeforeAnythingIsOverwritten(@TempDir Path tmp) throws Exception {
        RunDirectory run = RunDirectory.open(tmp.resolve("run"));
        run.checkSameConfig("pretrain", new Setting(2, 0.5f));
        run.writeProvenance(Provenance.collect("test", 0, Map.of("pretrain", new Setting(2, 0.5f), "device", "cpu"),
                Map.of(), ai.djl.Device.cpu()));
        String provenance = Files.readString(run.resolve("provenance.json"));
        run.checkSameConfig("pretrain", new Setting(2, 0.5f));
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> run.checkSameConfig("pretrain", new Setting(3, 0.5f)));
        assertTrue(e.getMessage().startsWith(run.path() + " holds a run of another configuration (config.pretrain"
                + " in provenance.json differs)"), e.getMessage());
        assertTrue(e.getMessage().contains("\"epochs\": 2") && e.getMessage().contains("\"epochs\": 3"),
                e.getMessage());
        IllegalStateException whole = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> run.checkSameConfig(null, new Setting(2, 0.5f)));
        assertTrue(whole.getMessage().contains("(config in provenance.json differs)"), whole.getMessage());
        assertEquals(provenance, Files.readString(run.resolve("provenance.json")));
    }

    /** A whole configuration with fields that do not change results. */
    record Whole(int epochs, float alpha, String device, boolean quiet) {}

    @Test
    void fieldsThatDoNotChangeResultsMayDifferOnARerun(@TempDir Path tmp) {
        RunDirectory run = RunDirectory.open(tmp.resolve("run"));
        java.util.Set<String> ignored = java.util.Set.of("device", "quiet");
        run.checkSameConfigExcept(new Whole(2, 0.5f, "cpu", false), ignored); // nothing there yet
        run.writeProvenance(Provenance.collect("test", 0, new Whole(2, 0.5f, "cpu", false), Map.of(),
                ai.djl.Device.cpu()));
        run.checkSameConfigExcept(new Whole(2, 0.5f, "gpu", true), ignored);
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> run.checkSameConfigExcept(new Whole(2, 0.25f, "cpu", false), ignored));
        assertTrue(e.getMessage().startsWith(run.path() + " holds a run of another configuration (config in"
                + " provenance.json differs beyond [device, quiet])"), e.getMessage());
    }

    @Test
    void settingsAreClaimedOnceAndAReRunWithOthersIsRefused(@TempDir Path tmp) {
        Path folder = tmp.resolve("out");
        RunDirectory.claimSettings(folder, "settings.json", Map.of("seed", "1"));
        RunDirectory.claimSettings(folder, "settings.json", Map.of("seed", "1"));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> RunDirectory.claimSettings(folder, "settings.json", Map.of("seed", "2")));
        assertEquals(folder + " holds files made with seed 1, not 2 (see " + folder.resolve("settings.json")
                + "); rerun with the same settings to resume, or choose another output folder", e.getMessage());
        IllegalArgumentException added = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class,
                () -> RunDirectory.claimSettings(folder, "settings.json", Map.of("seed", "1", "count", "3")));
        assertTrue(added.getMessage().contains("made with count (missing), not 3"), added.getMessage());
    }

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
