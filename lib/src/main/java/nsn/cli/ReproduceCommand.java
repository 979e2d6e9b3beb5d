package nsn.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import nsn.experiment.Presets;
import nsn.experiment.Reproduction;
import nsn.experiment.Section;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code nsn reproduce <section>...|all}: the paper's sections at a preset, into one folder ({@link Reproduction}). */
@Command(name = "reproduce", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs paper sections (or all of them, in dependency order) at a preset and writes each"
                + " section's tables and figures (PNG, CSV, JSON) to OUT/<section>/, plus OUT/reproduce.json (sections"
                + " run, wall time, files). Stops at the first failing section, keeping what finished; rerun to"
                + " resume. --list shows the sections.",
            "Sections: quickstart, negative-samples, table1, hardness, imagenet-1k, color-shortcut, queue-sweep,"
                + " alpha-sweep, class-texture."})
final class ReproduceCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "SECTION", description = "section ids, or all")
    List<String> sections = new ArrayList<>();

    @Option(names = "--preset", defaultValue = "small", description = "small (CPU-scale CIFAR-10 and Fashion-MNIST,"
            + " every section in under 20 minutes on 2 cores), medium (the CPU scale of docs/RESULTS.md, about an"
            + " hour), paper (the paper's ImageNet setting, GPU days) or smoke (a quick end-to-end check)."
            + " Default: ${DEFAULT-VALUE}")
    String preset;

    @Option(names = {"-o", "--out"}, paramLabel = "OUT", description = "output folder (default:"
            + " runs/reproduce-<preset>)")
    Path out;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "data root (default: $NSN_DATA_DIR or ./data)")
    Path dataDir;

    @Option(names = "--list", description = "print the sections (id, paper section, batch command) and exit")
    boolean list;

    /** The sections named, in run order; {@code all} is every one. */
    List<Section> selected() {
        CommandLine cl = spec.commandLine();
        if (sections.isEmpty()) {
            throw new CommandLine.ParameterException(cl, "give a section or all (sections: "
                    + String.join(", ", Section.ids()) + ")");
        }
        EnumSet<Section> set = EnumSet.noneOf(Section.class);
        for (String s : sections) {
            if (s.trim().equalsIgnoreCase("all")) {
                set.addAll(EnumSet.allOf(Section.class));
                continue;
            }
            try {
                set.add(Section.of(s));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(cl, e.getMessage(), e);
            }
        }
        return Reproduction.ordered(set);
    }

    /** The preset, checked. */
    String presetName() {
        try {
            return Presets.parse(preset);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "-" + e.getMessage());
        }
    }

    @Override
    public Integer call() {
        PrintWriter w = spec.commandLine().getOut();
        String p = presetName();
        if (list) {
            w.printf(Locale.ROOT, "%-17s %-20s %-41s %s%n", "section", "paper", "batch command", "title");
            for (Section s : Section.values()) {
                w.printf(Locale.ROOT, "%-17s %-20s %-41s %s%n", s.id(), s.paperSection(), s.batchCommand(p),
                        s.title());
            }
            w.flush();
            return 0;
        }
        List<Section> run = selected();
        Path root = out != null ? out : Reproduction.defaultOutput(p);
        Reproduction.Summary summary = Reproduction.run(run, p, root, dataDir, System.err);
        w.printf(Locale.ROOT, "reproduce --preset %s: %d section(s) in %.1f s -> %s%n", p, summary.outcomes().size(),
                summary.seconds(), root.resolve(Reproduction.SUMMARY));
        for (Section.Outcome o : summary.outcomes()) {
            w.printf(Locale.ROOT, "  %-17s %8.1f s  %d files in %s%n", o.section().id(), o.seconds(), o.files().size(),
                    o.outputDir());
        }
        w.flush();
        return 0;
    }
}
