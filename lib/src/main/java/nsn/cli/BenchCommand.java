package nsn.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.nio.file.Path;
import nsn.bench.PatchBenchmark;
import nsn.bench.PipelineBenchmark;
import nsn.bench.TextureBenchmark;
import nsn.data.DataDirs;
import nsn.negatives.TextureSynthesisConfig;
import nsn.negatives.PatchNegatives;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code nsn bench}: throughput benchmarks, one subcommand each. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Throughput benchmarks; each prints its measurements (see docs/BENCHMARKS.md).",
        subcommands = {BenchCommand.Patches.class, BenchCommand.Texture.class, BenchCommand.Pipeline.class,
                CorruptionBenchCommand.class, StepBenchCommand.class,
                CommandLine.HelpCommand.class})
final class BenchCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code nsn bench patches}: patch-based negatives against a plain copy of the view. */
    @Command(name = "patches", mixinStandardHelpOptions = true,
            description = "Patch-based negatives on a CxSxS float view against System.arraycopy of the same"
                    + " floats, on one thread and on --threads threads.")
    static final class Patches implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--size", defaultValue = "224",
                description = "view side S in pixels. Default: ${DEFAULT-VALUE}")
        int size;

        @Option(names = "--channels", defaultValue = "3", description = "channels C. Default: ${DEFAULT-VALUE}")
        int channels;

        @Option(names = "--seconds", defaultValue = "3",
                description = "seconds per timed measurement. Default: ${DEFAULT-VALUE}")
        double seconds;

        @Option(names = "--warmup", defaultValue = "1", description = "warm-up seconds. Default: ${DEFAULT-VALUE}")
        double warmup;

        @Option(names = "--threads", description = "threads of the all-core run (default: available processors)")
        Integer threads;

        @Option(names = "--patch-min", description = "smallest patch side (default: 16 of 224 scaled to --size)")
        Integer patchMin;

        @Option(names = "--patch-max", description = "largest patch side (default: 72 of 224 scaled to --size)")
        Integer patchMax;

        @Option(names = "--layout", defaultValue = "RANDOM_CORNERS",
                description = "RANDOM_CORNERS (the authors' code) or SHUFFLED_CELLS (the paper's text)."
                        + " Default: ${DEFAULT-VALUE}")
        PatchNegatives.Layout layout;

        @Option(names = "--size-distribution", defaultValue = "UNIFORM",
                description = "UNIFORM or LOG_UNIFORM. Default: ${DEFAULT-VALUE}")
        PatchNegatives.SizeDistribution sizeDistribution;

        @Override
        public Integer call() {
            PatchNegatives.Builder builder = PatchNegatives.builder().optPatchRangeScaledTo(size)
                    .optLayout(layout).optSizeDistribution(sizeDistribution);
            if (patchMin != null || patchMax != null) {
                PatchNegatives.Config scaled = builder.build().config();
                builder.optPatchRange(patchMin != null ? patchMin : scaled.minPatch(),
                        patchMax != null ? patchMax : scaled.maxPatch());
            }
            int t = threads != null ? threads : Runtime.getRuntime().availableProcessors();
            PrintWriter out = spec.commandLine().getOut();
            PatchBenchmark.Result r = PatchBenchmark.run(
                    new PatchBenchmark.Config(size, channels, seconds, warmup, t, builder.build()), out);
            out.printf(Locale.ROOT, "goal patch/copy >= 0.50: %s (one thread), %s (%d threads)%n",
                    verdict(r.singleThread()), verdict(r.allThreads()), t);
            out.flush();
            return 0;
        }

        private static String verdict(PatchBenchmark.Measurement m) {
            return String.format(Locale.ROOT, "%.2f %s", m.ratio(), m.ratio() >= 0.5 ? "met" : "NOT met");
        }
    }

    /** {@code nsn bench texture}: texture synthesis on real images, one thread and all cores. */
    @Command(name = "texture", mixinStandardHelpOptions = true,
            description = "Texture negatives: a --size x --size texture from the two 96x96 example patches of real"
                    + " images (the paper's recipe), timed on one thread and on --threads threads (one image each).")
    static final class Texture implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--images-dir",
                description = "folder of real images (default: the ImageNet samples under the data root, laid out"
                        + " by data-scripts/imagenet-samples.sh)")
        Path imagesDir;

        @Option(names = "--images", defaultValue = "10",
                description = "images per measurement (first in file-name order). Default: ${DEFAULT-VALUE}")
        int images;

        @Option(names = "--size", defaultValue = "224", description = "output side. Default: ${DEFAULT-VALUE}")
        int size;

        @Option(names = "--threads", description = "threads of the all-core run (default: available processors)")
        Integer threads;

        @Option(names = "--neighbors", defaultValue = "50",
                description = "k nearest neighbours of the synthesizer. Default: ${DEFAULT-VALUE}")
        int neighbors;

        @Option(names = "--random-samples", defaultValue = "50",
                description = "m random candidates of the synthesizer. Default: ${DEFAULT-VALUE}")
        int randomSamples;

        @Override
        public Integer call() {
            Path dir = imagesDir != null ? imagesDir : DataDirs.imagenetSamples(DataDirs.root());
            TextureSynthesisConfig texture = TextureSynthesisConfig.defaults().withNearestNeighbors(neighbors)
                    .withRandomSampleLocations(randomSamples);
            int t = threads != null ? threads : Runtime.getRuntime().availableProcessors();
            TextureBenchmark.run(new TextureBenchmark.Config(dir, images, size, t, texture),
                    spec.commandLine().getOut());
            return 0;
        }
    }

    /** {@code nsn bench pipeline}: the pretraining input pipeline against torchvision's MoCo-v2 transform. */
    @Command(name = "pipeline", mixinStandardHelpOptions = true,
            description = "Input pipeline on real JPEGs: decode, two MoCo-v2 views (and one patch negative) per"
                    + " sample, batched by PretrainBatches into NDArrays, with 1 and --threads loader workers;"
                    + " alternated with torchvision's MoCo-v2 transform (bench/pipeline_reference.py) on the same"
                    + " images and core counts, and the per-core ratio printed.")
    static final class Pipeline implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--images-dir",
                description = "flat folder of images or ImageFolder root (default: the ImageNet samples under the"
                        + " data root, full-size ImageNet JPEGs)")
        Path imagesDir;

        @Option(names = "--images", defaultValue = "0",
                description = "images used, first in file-name order; 0 for all. Default: ${DEFAULT-VALUE}")
        int images;

        @Option(names = "--size", defaultValue = "224", description = "view side. Default: ${DEFAULT-VALUE}")
        int size;

        @Option(names = "--batch-size", defaultValue = "64", description = "batch size. Default: ${DEFAULT-VALUE}")
        int batchSize;

        @Option(names = "--threads", description = "workers of the all-core run (default: available processors)")
        Integer threads;

        @Option(names = "--seconds", defaultValue = "5",
                description = "seconds per timed measurement. Default: ${DEFAULT-VALUE}")
        double seconds;

        @Option(names = "--warmup", defaultValue = "3",
                description = "warm-up seconds before each measurement. Default: ${DEFAULT-VALUE}")
        double warmup;

        @Option(names = "--repeats", defaultValue = "3",
                description = "runs of each measurement, nsn and torchvision alternating. Default: ${DEFAULT-VALUE}")
        int repeats;

        @Option(names = "--views-only",
                description = "measure only two views per sample (by default also with one patch negative)")
        boolean viewsOnly;

        @Option(names = "--cached",
                description = "decode each image once before timing (nsn: SxS bytes in memory; torchvision: PIL"
                        + " images resized and centre-cropped to SxS) and time augmentation and batching only")
        boolean cached;

        @Option(names = "--python", defaultValue = "/usr/bin/python3",
                description = "interpreter with torch and torchvision for the reference. Default: ${DEFAULT-VALUE}")
        Path python;

        @Option(names = "--reference", defaultValue = "bench/pipeline_reference.py",
                description = "the reference script. Default: ${DEFAULT-VALUE}")
        Path reference;

        @Option(names = "--no-reference", description = "skip the torchvision reference")
        boolean noReference;

        @Override
        public Integer call() {
            Path dir = imagesDir != null ? imagesDir : DataDirs.imagenetSamples(DataDirs.root());
            int t = threads != null ? threads : Runtime.getRuntime().availableProcessors();
            boolean ref = !noReference;
            if (ref && !java.nio.file.Files.isRegularFile(reference)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--reference " + reference
                        + " is not a file (run from the repository root, or pass --no-reference)");
            }
            PipelineBenchmark.run(new PipelineBenchmark.Config(dir, images, size, batchSize, t, seconds, warmup,
                    repeats, !viewsOnly, cached, ref ? python : null, ref ? reference : null), spec.commandLine().getOut());
            return 0;
        }
    }
}
