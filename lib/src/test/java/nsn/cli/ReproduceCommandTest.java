package nsn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nsn.TestData;
import nsn.experiment.NegativeSamplesFigure;
import nsn.experiment.Reproduction;
import nsn.experiment.Section;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code nsn reproduce}: the section registry, its argument errors, and one real section end to end. */
class ReproduceCommandTest {

    @Test
    void everySectionHasASubcommandOfMainAndTheIssuesName() {
        Map<String, CommandLine> subcommands = Main.commandLine().getSubcommands();
        for (Section s : Section.values()) {
            assertTrue(subcommands.containsKey(s.command()), s + ": no subcommand " + s.command());
            assertTrue(s.batchCommand("small").startsWith("bin/nsn " + s.command() + " --preset small"),
                    s.batchCommand("small"));
            assertTrue(s.paperSection().startsWith("§"), s.paperSection());
            assertEquals(s, Section.of(s.id().toUpperCase(java.util.Locale.ROOT)));
        }
        assertEquals(List.of("quickstart", "negative-samples", "table1", "hardness", "imagenet-1k", "color-shortcut",
                "queue-sweep", "alpha-sweep", "class-texture"), Section.ids());
        assertTrue(subcommands.containsKey("reproduce"));
        assertTrue(subcommands.containsKey("imagenet-1k"), "table2's alias");
        for (Section s : Section.values()) {
            for (Section d : s.dependencies()) {
                assertTrue(d.ordinal() < s.ordinal(), s + " runs after " + d);
            }
        }
        assertEquals(List.of(Section.TABLE1, Section.HARDNESS, Section.ALPHA_SWEEP),
                Reproduction.ordered(Set.of(Section.ALPHA_SWEEP, Section.TABLE1, Section.HARDNESS)));
        assertEquals(Path.of("runs", "reproduce-smoke"), Reproduction.defaultOutput("smoke"));
    }

    @Test
    void argumentErrorsNameTheBadValue(@TempDir Path tmp) {
        MainTest.Run section = MainTest.run("reproduce", "tabel1", "--preset", "smoke", "-o", tmp.toString());
        assertEquals(2, section.code(), section.err());
        assertTrue(section.err().contains("unknown section 'tabel1'") && section.err().contains("imagenet-1k"),
                section.err());
        MainTest.Run preset = MainTest.run("reproduce", "table1", "--preset", "huge", "-o", tmp.toString());
        assertEquals(2, preset.code(), preset.err());
        assertTrue(preset.err().contains("unknown preset 'huge'"), preset.err());
        MainTest.Run none = MainTest.run("reproduce", "-o", tmp.toString());
        assertNotEquals(0, none.code());
        assertTrue(none.err().contains("give a section or all"), none.err());
        assertEquals(0, Files.exists(tmp) ? tmp.toFile().list().length : 0, "nothing was run");
        assertThrows(IllegalArgumentException.class, () -> Section.NEGATIVE_SAMPLES.run("huge", tmp));
    }

    @Test
    void listPrintsEverySectionWithItsBatchCommand() {
        MainTest.Run r = MainTest.run("reproduce", "--list", "--preset", "smoke");
        assertEquals(0, r.code(), r.err());
        for (Section s : Section.values()) {
            assertTrue(r.out().contains(s.id()) && r.out().contains(s.batchCommand("smoke")), r.out());
        }
        assertTrue(r.out().contains("§3.2, Table 2"), r.out());
    }

    /** The cheapest real section, Figure 1 at the smoke preset, through the CLI; then a failing one is named. */
    @Test
    void negativeSamplesEndToEndWritesTheFigureAndTheSummary(@TempDir Path tmp) throws Exception {
        Path samples = TestData.imagenetSamplesDir();
        Path data = tmp.resolve("data");
        Files.createDirectories(data);
        Files.createSymbolicLink(data.resolve("imagenet100-samples"), samples.toAbsolutePath());
        Path out = tmp.resolve("out");
        MainTest.Run r = MainTest.run("reproduce", "negative-samples", "--preset", "smoke", "--data-dir",
                data.toString(), "-o", out.toString());
        assertEquals(0, r.code(), r.err());
        Path dir = out.resolve("negative-samples");
        for (String f : List.of(NegativeSamplesFigure.FIGURE_FILE, NegativeSamplesFigure.TIMINGS_FILE,
                "provenance.json")) {
            assertTrue(Files.isRegularFile(dir.resolve(f)), f);
        }
        JsonObject summary = JsonParser.parseString(Files.readString(out.resolve(Reproduction.SUMMARY)))
                .getAsJsonObject();
        assertEquals("smoke", summary.get("preset").getAsString());
        JsonArray sections = summary.getAsJsonArray("sections");
        assertEquals(1, sections.size());
        JsonObject s = sections.get(0).getAsJsonObject();
        assertEquals("negative-samples", s.get("section").getAsString());
        assertEquals("done", s.get("status").getAsString());
        assertTrue(s.get("seconds").getAsDouble() > 0);
        List<String> files = s.getAsJsonArray("files").asList().stream().map(e -> e.getAsString()).toList();
        assertTrue(files.contains("negative-samples/" + NegativeSamplesFigure.FIGURE_FILE), files.toString());
        assertTrue(r.out().contains("negative-samples"), r.out());

        // a section that fails (no sample images under the data root) stops the run, named; the next never starts
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Reproduction.run(
                EnumSet.of(Section.NEGATIVE_SAMPLES, Section.TABLE1), "smoke", out, data.resolve("missing"),
                System.err));
        assertTrue(e.getMessage().contains("section 'negative-samples'"), e.getMessage());
        JsonObject failed = JsonParser.parseString(Files.readString(out.resolve(Reproduction.SUMMARY)))
                .getAsJsonObject();
        JsonObject f = failed.getAsJsonArray("sections").get(0).getAsJsonObject();
        assertEquals("failed", f.get("status").getAsString());
        assertEquals(1, failed.getAsJsonArray("sections").size(), "table1 did not start");
    }
}
