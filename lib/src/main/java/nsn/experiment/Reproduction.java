package nsn.experiment;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import nsn.report.AtomicFiles;
import nsn.report.Json;

/**
 * Runs {@link Section}s one after another into one output folder (what {@code nsn reproduce} does), printing a
 * progress line per section and keeping {@value #SUMMARY} up to date: the preset, each section run with its paper
 * section, batch command, status, wall time and report files. Stops at the first failing section with an
 * {@link IllegalStateException} naming it; what finished before stays (and every experiment resumes on a rerun).
 */
public final class Reproduction {

    /** The summary file in the output folder. */
    public static final String SUMMARY = "reproduce.json";

    /**
     * A finished reproduction.
     *
     * @param preset the preset
     * @param outputRoot the output folder
     * @param outcomes one per section, in run order
     * @param seconds wall time of all of them
     */
    public record Summary(String preset, Path outputRoot, List<Section.Outcome> outcomes, double seconds) {

        /** Copies the list. */
        public Summary {
            outcomes = List.copyOf(outcomes);
        }
    }

    private Reproduction() {}

    /** The default output folder of a preset: {@code runs/reproduce-<preset>}. */
    public static Path defaultOutput(String preset) {
        return Path.of("runs", "reproduce-" + Presets.parse(preset));
    }

    /**
     * {@code sections} in run order ({@link Section}'s constant order, which puts every section after those it
     * reuses), each once.
     */
    public static List<Section> ordered(Collection<Section> sections) {
        Set<Section> set = sections.isEmpty() ? EnumSet.noneOf(Section.class) : EnumSet.copyOf(sections);
        return List.copyOf(set);
    }

    /**
     * Runs {@code sections} (in {@link #ordered} order) at {@code preset} into {@code outputRoot}.
     *
     * @param log where the progress lines go (e.g. {@code System.err})
     * @throws IllegalArgumentException naming a bad preset, before anything runs
     * @throws IllegalStateException naming the first section that failed, its error as the cause
     */
    public static Summary run(Collection<Section> sections, String preset, Path outputRoot, PrintStream log) {
        return run(sections, preset, outputRoot, null, log);
    }

    /**
     * Like {@link #run(Collection, String, Path, PrintStream)} reading the data from {@code dataDir} (null: the
     * presets' data root).
     */
    public static Summary run(Collection<Section> sections, String preset, Path outputRoot, Path dataDir,
            PrintStream log) {
        String p = Presets.parse(preset);
        List<Section> order = ordered(sections);
        if (order.isEmpty()) {
            throw new IllegalArgumentException("sections: give at least one section");
        }
        long t0 = System.nanoTime();
        List<Section.Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < order.size(); i++) {
            Section s = order.get(i);
            log.printf(Locale.ROOT, "[reproduce %d/%d] %s (%s): %s -> %s%n", i + 1, order.size(), s.id(),
                    s.paperSection(), s.title(), s.outputDir(outputRoot));
            log.flush();
            Section.Outcome o;
            try {
                o = s.run(p, outputRoot, dataDir);
            } catch (RuntimeException e) {
                writeSummary(p, outputRoot, outcomes, s, e, (System.nanoTime() - t0) / 1e9);
                throw new IllegalStateException("reproduce: section '" + s.id() + "' (" + s.paperSection()
                        + ") failed: " + e.getMessage() + "; the sections before it finished and are kept in "
                        + outputRoot + " (" + SUMMARY + ")", e);
            }
            outcomes.add(o);
            log.printf(Locale.ROOT, "[reproduce %d/%d] %s done in %s, %d files in %s%n", i + 1, order.size(), s.id(),
                    Comparison.formatSeconds(o.seconds()), o.files().size(), o.outputDir());
            log.flush();
            writeSummary(p, outputRoot, outcomes, null, null, (System.nanoTime() - t0) / 1e9);
        }
        return new Summary(p, outputRoot, outcomes, (System.nanoTime() - t0) / 1e9);
    }

    private static void writeSummary(String preset, Path root, List<Section.Outcome> done, Section failed,
            RuntimeException error, double seconds) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("preset", preset);
        out.put("output", root.toString());
        out.put("total_seconds", seconds);
        List<Map<String, Object>> sections = new ArrayList<>();
        for (Section.Outcome o : done) {
            Map<String, Object> m = entry(o.section(), preset);
            m.put("status", "done");
            m.put("seconds", o.seconds());
            m.put("output", root.relativize(o.outputDir()).toString());
            m.put("files", o.files().stream().map(f -> root.relativize(f).toString()).toList());
            sections.add(m);
        }
        if (failed != null) {
            Map<String, Object> m = entry(failed, preset);
            m.put("status", "failed");
            m.put("error", String.valueOf(error.getMessage()));
            sections.add(m);
        }
        out.put("sections", sections);
        try {
            AtomicFiles.writeString(root.resolve(SUMMARY), Json.write(out) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + root.resolve(SUMMARY), e);
        }
    }

    private static Map<String, Object> entry(Section s, String preset) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("section", s.id());
        m.put("paper_section", s.paperSection());
        m.put("title", s.title());
        m.put("command", s.batchCommand(preset));
        return m;
    }
}
