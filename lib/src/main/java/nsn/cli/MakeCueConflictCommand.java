package nsn.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import nsn.data.ImageDataset;
import nsn.report.Progress;
import nsn.shape.CueConflictBuilder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nsn make-cue-conflict}: nsn's small-scale cue-conflict stimuli or stylised test set of a dataset. */
@Command(name = "make-cue-conflict", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write the shape of one image in the texture of another, by guided texture synthesis: either"
                + " cue-conflict stimuli in Geirhos' layout OUT/<shape>/<shape><n>-<texture><m>.png (the texture from"
                + " another class; for shape-bias --stimuli), or a stylised copy of the set as an ImageFolder"
                + " OUT/<class>/<n>.png (the texture of another random image; an --ood column), or edge sketches of the"
                + " set as an ImageFolder (--variant sketch). Small-scale analogues of Geirhos' stimuli,"
                + " Stylized-ImageNet and ImageNet-Sketch, not the benchmarks.",
            "Resumable: existing files are kept; every file is written atomically."})
final class MakeCueConflictCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    DataSourceOptions source = new DataSourceOptions();

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "DIR", description = "output root")
    Path out;

    @Option(names = "--variant", defaultValue = "cue-conflict", paramLabel = "cue-conflict|stylized|sketch",
            description = "what to write (default: ${DEFAULT-VALUE})")
    String variant;

    @Option(names = "--per-class", defaultValue = "20", paramLabel = "N",
            description = "cue-conflict: stimuli per shape class (default: ${DEFAULT-VALUE})")
    int perClass;

    @Option(names = "--count", defaultValue = "0", paramLabel = "N",
            description = "stylized: a seeded subset of N images (0 = all; default: ${DEFAULT-VALUE})")
    int count;

    @Option(names = "--guide-weight", defaultValue = "" + CueConflictBuilder.DEFAULT_GUIDE_WEIGHT,
            description = "weight of the shape guide in the synthesis (default: ${DEFAULT-VALUE})")
    float guideWeight;

    @Option(names = "--seed", defaultValue = "0", description = "seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--workers", paramLabel = "N", description = "threads (default: available processors)")
    Integer workers;

    @Option(names = {"-q", "--quiet"}, description = "no progress bar (also: NSN_PROGRESS=off)")
    boolean quiet;

    @Override
    public Integer call() {
        int threads = workers != null ? workers : Runtime.getRuntime().availableProcessors();
        String v = variant.trim().toLowerCase(Locale.ROOT);
        if (!v.equals("cue-conflict") && !v.equals("stylized") && !v.equals("sketch")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--variant must be cue-conflict, stylized or"
                    + " sketch, got '" + variant + "'");
        }
        ImageDataset data;
        CueConflictBuilder.Summary s;
        try {
            data = source.load();
            Progress progress = Progress.console(quiet);
            s = switch (v) {
                case "stylized" -> CueConflictBuilder.writeStylized(data, out, count, guideWeight, seed, threads,
                        progress);
                case "sketch" -> CueConflictBuilder.writeSketches(data, out, threads, progress);
                default -> CueConflictBuilder.writeCueConflict(data, out, perClass, guideWeight, seed, threads,
                        progress);
            };
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        spec.commandLine().getOut().printf(Locale.ROOT, "%s of %s -> %s: %d written, %d kept, %.1f s%n", v,
                data.name(), out, s.written(), s.kept(), s.seconds());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
