package nsn.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import nsn.eval.LinearEvalConfig;
import nsn.experiment.Presets;
import nsn.experiment.ShapeBiasConfig;
import nsn.experiment.ShapeBiasExperiment;
import nsn.train.NamedCheckpoint;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nsn shape-bias}: §4.1's shape bias (Fig. 6a–b) of trained checkpoints ({@link ShapeBiasExperiment}). */
@Command(name = "shape-bias", mixinStandardHelpOptions = true,
        description = "Paper §4.1 (Figure 6a-b): shape bias, shape and texture accuracy on cue-conflict stimuli of a"
                + " linear probe on each checkpoint's frozen backbone, beside its in-domain top-1. Small preset:"
                + " CIFAR-10 with stimuli made from its test split by guided texture synthesis; paper preset:"
                + " ImageNet-100 with Geirhos' stimuli (--stimuli). Writes shape-bias.csv/.txt/.png, results.json and"
                + " provenance.json.")
final class ShapeBiasCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--preset", defaultValue = "small", description = "small (CIFAR-10, the small comparisons' probe),"
            + " medium (the same with the medium comparisons' probe) or paper (ImageNet-100, the authors' linear"
            + " protocol). Default: ${DEFAULT-VALUE}")
    String preset;

    @Option(names = "--checkpoint", paramLabel = "NAME=PATH", description = "a model to evaluate, repeatable")
    List<String> checkpoints;

    @Option(names = "--grid", paramLabel = "DIR", description = "evaluate every DIR/<arm>/seed-<n>/checkpoint.bin of"
            + " a table1, color-shortcut or queue-sweep output folder, named <arm>/seed-<n>")
    Path grid;

    @Option(names = "--random-init", negatable = true, description = "add the first model's architecture at its"
            + " random initialisation (default: on for small, off for paper)")
    Boolean randomInit;

    @Option(names = "--stimuli", paramLabel = "DIR", description = "cue-conflict stimuli, DIR/<shape>/<shape><n>-"
            + "<texture><m>.png (Geirhos' style-transfer-preprocessed-512 or make-cue-conflict output); default for"
            + " small: made from the test split into OUT/stimuli")
    Path stimuli;

    @Option(names = "--stimuli-per-class", description = "stimuli per class made from the test split (default: "
            + ShapeBiasConfig.DEFAULT_STIMULI_PER_CLASS + ")")
    Integer perClass;

    @Option(names = "--dataset", description = "the models' dataset: fashion-mnist, cifar10, stl10 or imagenet100")
    String dataset;

    @Option(names = "--data-dir", description = "data root (default: $NSN_DATA_DIR or ./data)")
    Path dataDir;

    @Option(names = "--linear-protocol", description = "features or augmented (default: the preset's)")
    String linearProtocol;

    @Option(names = "--linear-epochs", description = "linear-probe epochs")
    Integer linearEpochs;

    @Option(names = "--linear-train-images", description = "fit the probe on a seeded subset of this many training"
            + " images (0 = all)")
    Integer linearTrainImages;

    @Option(names = "--test-images", description = "in-domain test images (0 = all)")
    Integer testImages;

    @Option(names = {"-o", "--out"}, description = "output folder (default: the preset's)")
    Path out;

    @Option(names = "--device", description = "auto, cpu, gpu or gpu:N (default: auto)")
    String device;

    @Option(names = "--seed", description = "seed of the probe, subsets and stimuli (default: 0)")
    Long seed;

    @Option(names = "--workers", description = "threads (default: the preset's)")
    Integer workers;

    @Option(names = {"-q", "--quiet"}, description = "no progress bars")
    boolean quiet;

    /** The models named by --checkpoint and --grid. */
    List<NamedCheckpoint> models() {
        List<NamedCheckpoint> models = new ArrayList<>();
        if (checkpoints != null) {
            checkpoints.forEach(c -> models.add(NamedCheckpoint.parse(c)));
        }
        if (grid != null) {
            if (!Files.isDirectory(grid)) {
                throw new IllegalArgumentException("--grid: " + grid + " is not a folder");
            }
            try (Stream<Path> arms = Files.list(grid)) {
                for (Path arm : arms.filter(Files::isDirectory).sorted().toList()) {
                    try (Stream<Path> seeds = Files.list(arm)) {
                        for (Path s : seeds.filter(d -> d.getFileName().toString().startsWith("seed-")).sorted()
                                .toList()) {
                            if (Files.exists(s.resolve("checkpoint.bin"))) {
                                models.add(new NamedCheckpoint(arm.getFileName() + "/" + s.getFileName(),
                                        s.resolve("checkpoint.bin")));
                            }
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("--grid: cannot list " + grid, e);
            }
            if (models.isEmpty()) {
                throw new IllegalArgumentException("--grid: no <arm>/seed-<n>/checkpoint.bin under " + grid);
            }
        }
        return models;
    }

    /** The preset with the flags applied. */
    ShapeBiasConfig toConfig() {
        String p = Presets.parse(preset);
        List<NamedCheckpoint> models = models();
        ShapeBiasConfig c = switch (p) {
            case "small" -> ShapeBiasConfig.small(models);
            case "medium" -> ShapeBiasConfig.medium(models);
            case "paper" -> ShapeBiasConfig.paper(models, stimuli);
            default -> throw new IllegalArgumentException("--preset: shape-bias has no smoke preset: expected small,"
                    + " medium or paper");
        };
        LinearEvalConfig l = c.linear().withOverrides(linearProtocol, linearEpochs, linearTrainImages);
        return new ShapeBiasConfig(dataset != null ? dataset : c.dataset(), dataDir != null ? dataDir : c.dataDir(),
                stimuli != null ? stimuli : c.stimuli(), perClass != null ? perClass : c.stimuliPerClass(), models,
                randomInit != null ? randomInit : c.randomInit(), l, testImages != null ? testImages : c.testImages(),
                out != null ? out : c.outputDir(), device != null ? device : c.device(),
                seed != null ? seed : c.seed(), workers != null ? workers : c.workers(), quiet);
    }

    @Override
    public Integer call() {
        ShapeBiasConfig c;
        try {
            c = toConfig();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        ShapeBiasExperiment.Result r = ShapeBiasExperiment.run(c);
        spec.commandLine().getOut().println(r.table().print());
        spec.commandLine().getOut().println("written to " + r.outputDir().toAbsolutePath());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
