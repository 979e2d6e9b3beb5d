package nsn.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import nsn.data.Split;
import nsn.negatives.TextureDatasetConfig;
import nsn.negatives.TextureDatasetJob;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code nsn make-texture-dataset}: writes the texture version of every image of a dataset (§2.2). */
@Command(name = "make-texture-dataset", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write the texture version of every image of a dataset (ImageNet-Texture, §2.2): a texture"
                + " synthesized from two patches of each image, as PNG with the same class folders and file stems.",
            "Resumable: rerun the same command after a kill and existing outputs are skipped. Images that cannot"
                + " be read are listed in OUT/failures.csv; OUT/texture-dataset.json holds the config and counts.",
            "Exit status: 0 when the job ran (even with failed images), 1 when it could not run, 2 on bad usage,"
                + " 3 with --fail-on-error when an image failed."})
final class MakeTextureDatasetCommand implements Callable<Integer> {

    /** Exit status with {@code --fail-on-error} when an image failed. */
    static final int IMAGES_FAILED = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--in", paramLabel = "DIR",
            description = "ImageFolder root, DIR/<class>/<image> (jpg, jpeg, png, bmp; any size), e.g. imagenet/train")
    Path input;

    @Option(names = "--dataset", paramLabel = "NAME",
            description = "instead of --in: fashion-mnist or cifar10, written by index as <class>/<index>.png")
    String dataset;

    @Option(names = "--split", paramLabel = "SPLIT", description = "split of --dataset: train or test (default: train)")
    String split;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "data root of --dataset (default: $NSN_DATA_DIR or ./data)")
    Path dataDir;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "DIR",
            description = "output root (created; must not be inside --in)")
    Path output;

    @Option(names = "--classes", paramLabel = "FILE",
            description = "only the classes listed in FILE, one a line (e.g. imagenet100.txt)")
    Path classes;

    @Option(names = "--size", paramLabel = "PX",
            description = "output side (default: 224 for --in, the native 28 or 32 for --dataset)")
    int size;

    @Option(names = "--limit-per-class", paramLabel = "N", description = "at most the first N images of each class")
    int limitPerClass;

    @Option(names = "--limit", paramLabel = "N", description = "at most the first N images in total")
    int limit;

    @Option(names = "--threads", paramLabel = "N",
            description = "worker threads, one image each (default: all processors)")
    int threads;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "SEED",
            description = "job seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = {"-q", "--quiet"}, description = "no progress bar (also: NSN_PROGRESS=off)")
    boolean quiet;

    @Option(names = "--fail-on-error", description = "exit with status 3 when any image failed")
    boolean failOnError;

    /** The job that runs; the paper's texture negatives unless a test swaps in another generator. */
    TextureDatasetJob job = TextureDatasetJob.defaults();

    /** The flags as a job config. */
    TextureDatasetConfig toConfig() {
        Split parsedSplit = null;
        if (split != null || dataset != null) {
            String s = split == null ? "train" : split.toLowerCase(Locale.ROOT);
            parsedSplit = switch (s) {
                case "train" -> Split.TRAIN;
                case "test" -> Split.TEST;
                default -> throw new CommandLine.ParameterException(spec.commandLine(),
                        "--split must be train or test, got '" + split + "'");
            };
        }
        if (input != null && (split != null || dataDir != null)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--split and --data-dir apply to --dataset, not to --in");
        }
        if ((input == null) == (dataset == null)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "give exactly one of --in DIR or --dataset NAME");
        }
        return new TextureDatasetConfig(input, dataset, parsedSplit, dataDir, output, classes, size, limitPerClass,
                limit, threads, seed, quiet);
    }

    @Override
    public Integer call() throws InterruptedException {
        TextureDatasetConfig config = toConfig();
        TextureDatasetJob.Summary s = job.run(config);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "%s -> %s: %d images, %d written, %d already done, %d failed, %.1f s%n", s.source(),
                config.output(), s.images(), s.written(), s.skippedExisting(), s.failed(), s.seconds());
        if (s.failed() > 0) {
            out.println("failed images: " + config.output().resolve(TextureDatasetJob.FAILURES_FILE));
        }
        out.flush();
        return failOnError && s.failed() > 0 ? IMAGES_FAILED : 0;
    }
}
