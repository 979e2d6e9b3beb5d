package nsn.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import nsn.experiment.HardnessConfig;
import nsn.experiment.HardnessExperiment;
import nsn.train.NamedCheckpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nsn hardness}: §2.4's hardness of the negatives (paper Figures 2–3) for trained checkpoints
 * ({@link HardnessExperiment}); each flag overrides a field of the chosen {@link HardnessConfig} preset. Prints the
 * means table and the output folder.
 */
@Command(name = "hardness", mixinStandardHelpOptions = true,
        description = "Paper §2.4 (Figures 2-3): cosine similarity between the query embedding and its positive key,"
                + " standard negatives, texture-based and patch-based non-semantic negatives, for each checkpoint."
                + " Writes hardness-means.csv, hardness-table.txt, hardness-histograms.csv, hardness.png,"
                + " results.json and provenance.json to the output folder.")
final class HardnessCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--preset", defaultValue = "small",
            description = "small (1,000 CIFAR-10 test images, the small Table 1 preset's alpha = 0, 2, 3 checkpoints)"
                    + ", medium (the same for the medium Table 1 preset's checkpoints), paper (ImageNet-100 training"
                    + " set, the paper Table 1 preset's) or smoke (200 images, the smoke"
                    + " Table 1 preset's checkpoints). Default: ${DEFAULT-VALUE}")
    String preset;

    @Option(names = "--checkpoint", paramLabel = "NAME=PATH",
            description = "a model to analyse, repeatable (e.g. --checkpoint alpha=0=runs/a0/checkpoint.bin); replaces"
                    + " the preset's models")
    List<String> checkpoints;

    @Option(names = {"--data", "--data-dir"}, description = "data root (default: $NSN_DATA_DIR or ./data)")
    Path data;

    @Option(names = "--images", description = "analyse a seeded random subset of this many images (0 = all;"
            + " default: the preset's)")
    Integer images;

    @Option(names = "--texture-dir", description = "texture dataset of the analysed split (make-texture-dataset);"
            + " without it the texture-based kind is left out")
    Path textureDir;

    @Option(names = {"-o", "--out"}, description = "output folder (default: the preset's, e.g. runs/hardness)")
    Path out;

    @Option(names = "--batch-size", description = "images per forward pass; standard negatives are the other images"
            + " of a batch (default: the preset's)")
    Integer batchSize;

    @Option(names = "--seed", description = "seed of the subset, views and negatives (default: 0)")
    Long seed;

    @Option(names = "--device", description = "auto, cpu, gpu or gpu:N (default: auto)")
    String device;

    @Option(names = "--quiet", description = "no progress bars")
    boolean quiet;

    /** The preset with the flags applied. */
    HardnessConfig toConfig() {
        HardnessConfig c = HardnessConfig.preset(preset);
        if (checkpoints != null && !checkpoints.isEmpty()) {
            c = c.withModels(checkpoints.stream().map(NamedCheckpoint::parse).toList());
        }
        c = c.withData(data != null ? data : c.dataDir(), images != null ? images : c.images(), textureDir,
                out != null ? out : c.outputDir());
        c = c.withRun(batchSize != null ? batchSize : c.batchSize(), seed != null ? seed : c.seed(),
                device != null ? device : c.device(), quiet);
        return c;
    }

    @Override
    public Integer call() {
        HardnessExperiment.Result r = HardnessExperiment.run(toConfig());
        spec.commandLine().getOut().println(r.table().printAll());
        if (!r.textureIncluded()) {
            spec.commandLine().getOut().println("texture-based kind not measured: no --texture-dir given");
        }
        spec.commandLine().getOut().println(r.outputDir().toAbsolutePath());
        return 0;
    }
}
