package nsn.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import nsn.eval.LinearEvalConfig;
import nsn.experiment.QuickstartConfig;
import nsn.experiment.QuickstartExperiment;
import nsn.loss.AlphaMode;
import nsn.model.EncoderConfig;
import nsn.train.MethodConfig;
import nsn.train.MocoConfig;
import nsn.train.NegativeSource;
import nsn.model.Precision;
import nsn.train.OptimizerConfig;
import nsn.train.PretrainConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Entry point of {@code nsn.jar}. */
@Command(name = "nsn", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Contrastive learning with non-semantic negatives (Ge et al., NeurIPS 2021) on DJL.",
        subcommands = {Main.Quickstart.class, Main.Pretrain.class, Main.LinearEval.class, Main.Kernel.class,
                MakeTextureDatasetCommand.class, NegativeSamplesCommand.class, BenchCommand.class,
                Table1Command.class, Table2Command.class, ColorShortcutCommand.class, QueueSweepCommand.class,
                HardnessCommand.class, ShapeBiasCommand.class, AlphaSweepCommand.class, ClassTextureCommand.class,
                MakeCorruptedDatasetCommand.class, MakeCueConflictCommand.class, ReproduceCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        java.util.Optional<String> libtorch = LibtorchCheck.problem(System.getenv());
        if (libtorch.isPresent()) {
            System.err.println("error: " + libtorch.get());
            System.exit(2);
        }
        applyEngineDefaults();
        System.exit(commandLine().execute(args));
    }

    /**
     * Defaults that make {@code java -jar nsn.jar} work offline: when the CPU libtorch is bundled in the jar
     * (the default build), DJL must not try to download one ({@code ai.djl.offline}); and headless AWT. An
     * explicit {@code -D} always wins.
     */
    public static void applyEngineDefaults() {
        if (System.getProperty("ai.djl.offline") == null
                && Main.class.getResource("/pytorch/cpu/linux-x86_64/libtorch.so") != null) {
            System.setProperty("ai.djl.offline", "true");
        }
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        nsn.train.NativeAllocator.tune();
    }

    /** The configured command line (for tests and embedding). */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((ex, line, parse) -> {
            line.getErr().println("error: " + ex.getMessage());
            if (System.getenv("NSN_DEBUG") != null) {
                ex.printStackTrace(line.getErr());
            }
            return 1;
        });
        return cl;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"nsn " + (v == null ? "(development build)" : v)};
        }
    }

    /** Flags shared by the experiment commands; each overrides a field of the chosen preset. */
    static final class ExperimentOptions {
        /** The paper's BYOL α (Table 1, patch-based negatives), for {@code --method byol} without {@code --alpha}. */
        static final float BYOL_ALPHA = 0.05f;

        @Option(names = "--preset", defaultValue = "small",
                description = "small (CPU, about three minutes, Fashion-MNIST), medium (CPU, about ten"
                        + " minutes, the scale of docs/RESULTS.md), paper (CUDA GPU, ImageNet-100), smoke (a quick"
                        + " end-to-end check, as the tests run) or cifar (one GPU, CIFAR-10, ResNet-18,"
                        + " solo-learn's MoCo V2+ recipe; with --method byol its BYOL recipe)."
                        + " Default: ${DEFAULT-VALUE}")
        String preset;

        @Option(names = "--dataset", description = "fashion-mnist, cifar10, stl10 or imagenet100 (default: the preset's)")
        String dataset;

        @Option(names = "--data-dir", description = "data root (default: $NSN_DATA_DIR or ./data)")
        Path dataDir;

        @Option(names = {"-o", "--out"}, description = "run folder (default: the preset's, e.g. runs/quickstart)")
        Path out;

        /** {@code --device} of the commands that pretrain (these and {@link GridOptions}'). */
        static final String DEVICE_HELP = "auto, cpu, gpu or gpu:N (default: auto); a comma-separated list"
                + " (gpu:0,gpu:1) pretrains data-parallel, one replica per entry";
        /** {@code --precision} of the commands that pretrain. */
        static final String PRECISION_HELP = "fp32, or bf16 / fp16: mixed precision as PyTorch's autocast"
                + " (bfloat16 or float16 convolutions and linear layers, float32 BatchNorm, loss and optimiser; bf16"
                + " 2.3x faster steps on a CPU with AMX, README \"Mixed precision\"). bf16 needs the PyTorch JNI"
                + " that bench/build-djl-jni.sh builds; fp16 (for GPUs without bfloat16) scales the loss dynamically"
                + " and is very slow on CPUs. Default: the preset's (fp32)";

        @Option(names = "--device", description = DEVICE_HELP)
        String device;

        @Option(names = "--epochs", description = "pretraining epochs")
        Integer epochs;

        @Option(names = "--batch-size", description = "pretraining batch size")
        Integer batchSize;

        @Option(names = "--lr", description = "pretraining base learning rate")
        Float lr;

        @Option(names = "--alpha", description = "alpha of Eq. 1 (moco, simclr) or Eq. 2 (byol, in [0, 1)); 0 with"
                + " --negatives 0 is the plain method. Default: the preset's, or the paper's 0.05 with --method byol")
        Float alpha;

        @Option(names = "--method", description = "contrastive method: moco (MoCo-v2), simclr or byol, each with the"
                + " non-semantic negatives. Default: the preset's (moco)")
        String method;

        @Option(names = "--alpha-mode", description = "how alpha enters the InfoNCE losses of moco and simclr: logit"
                + " (exp(alpha q.ns/tau), the authors' code) or weight (alpha exp(q.ns/tau), alpha > 0)."
                + " Default: logit")
        String alphaMode;

        @Option(names = "--temperature", description = "temperature tau of the InfoNCE-style losses, shared by moco and"
                + " simclr (must be > 0; byol has none and ignores it). Default: the preset's (0.2)")
        Float temperature;

        @Option(names = "--projector-bn", arity = "1", paramLabel = "true|false", description = "BatchNorm in the"
                + " projection head (Linear, BatchNorm1d, ReLU, Linear), as in BYOL's projector. Default: true with"
                + " --method byol (which also widens the head's hidden layer to the predictor's width), false for moco"
                + " and simclr (MoCo-v2's Linear, ReLU, Linear)")
        Boolean projectorBn;

        @Option(names = "--precision", paramLabel = "fp32|bf16|fp16", description = PRECISION_HELP)
        String precision;

        @Option(names = "--optimizer", paramLabel = "sgd|lars", description = "sgd (momentum, weight decay on every"
                + " parameter) or lars (BYOL's: trust coefficient 0.001, biases and BatchNorm parameters without"
                + " adaptation or weight decay). Default: the preset's (sgd; lars with eta 0.02 for --preset cifar"
                + " --method byol)")
        String optimizer;

        @Option(names = "--negatives", description = "non-semantic negatives per image (0 disables them)")
        Integer negatives;

        @Option(names = "--negative-source", description = "where the non-semantic negatives come from: patch (tiled"
                + " patches of the query view), texture (the image's texture from --texture-dir, one per image) or"
                + " none (MoCo-v2). Default: the preset's (patch), or texture with --texture-dir")
        String negativeSource;

        @Option(names = "--texture-dir", description = "root of the training images' texture dataset, as written by"
                + " make-texture-dataset; implies --negative-source texture")
        Path textureDir;

        @Option(names = "--queue", description = "MoCo queue size K")
        Integer queue;

        @Option(names = "--pretrain-images", description = "pretrain on a random subset of this many images (0 = all)")
        Integer pretrainImages;

        @Option(names = "--linear-protocol", description = "linear-probe recipe: features (nsn's probe on"
                + " standardised frozen features, 30 epochs) or augmented (the authors' protocol: backbone run on"
                + " RandomResizedCrop + flip views, 60 epochs, lr 10, x0.1 at 30/40/50); default: the preset's")
        String linearProtocol;

        @Option(names = "--linear-epochs", description = "linear-probe epochs")
        Integer linearEpochs;

        @Option(names = "--linear-train-images", description = "train the linear probe on a random subset of this"
                + " many training images (0 = all, the default)")
        Integer linearTrainImages;

        @Option(names = "--seed", description = "run seed")
        Long seed;

        @Option(names = "--workers", description = "data-loader threads")
        Integer workers;

        @Option(names = {"-q", "--quiet"}, description = "no progress bar (also: NSN_PROGRESS=off)")
        boolean quiet;

        /** The preset's optimiser, or {@code --optimizer}'s default settings when it names another kind. */
        private OptimizerConfig optimizer(OptimizerConfig preset) {
            if (optimizer == null) {
                return preset;
            }
            OptimizerConfig.Kind k = OptimizerConfig.Kind.of(optimizer);
            return k == preset.kind() ? preset : OptimizerConfig.of(k);
        }

        /** The preset with every given flag applied. */
        QuickstartConfig toConfig() {
            QuickstartConfig c;
            switch (preset) {
                case "small":
                    c = QuickstartConfig.small();
                    break;
                case "medium":
                    c = QuickstartConfig.medium();
                    break;
                case "paper":
                    c = QuickstartConfig.paper();
                    break;
                case "smoke":
                    c = QuickstartConfig.smoke();
                    break;
                case "cifar":
                    // solo-learn's CIFAR recipes: MoCo V2+ by default, its BYOL recipe (LARS, BN heads) with byol.
                    c = method != null && MethodConfig.Kind.of(method) == MethodConfig.Kind.BYOL
                            ? QuickstartConfig.cifarByol() : QuickstartConfig.cifar();
                    break;
                default:
                    // Not a ParameterException on a new CommandLine: that one would print to the real stderr,
                    // not to the command line's (captured) error stream.
                    throw new IllegalArgumentException(
                            "--preset must be small, medium, paper, smoke or cifar, got '" + preset + "'");
            }
            PretrainConfig p = c.pretrain();
            MocoConfig m = p.moco();
            MethodConfig mc = p.method();
            if (method != null) {
                MethodConfig.Kind k = MethodConfig.Kind.of(method);
                mc = k == MethodConfig.Kind.BYOL && mc.kind() != k ? MethodConfig.byol(p.encoder())
                        : mc.with(k, mc.alphaMode());
            }
            if (alphaMode != null) {
                mc = mc.with(mc.kind(), AlphaMode.of(alphaMode));
            }
            float defaultAlpha = mc.kind() == MethodConfig.Kind.BYOL && p.method().kind() != mc.kind()
                    ? BYOL_ALPHA : m.alpha();
            NegativeSource.Kind kind = negativeSource != null ? NegativeSource.Kind.of(negativeSource)
                    : textureDir != null ? NegativeSource.Kind.TEXTURE : p.negativeSource();
            int perImage = negatives != null ? negatives : switch (kind) {
                case NONE -> 0;
                case PATCH -> Math.max(1, m.nonSemanticPerImage());
                case TEXTURE -> 1;
            };
            if (temperature != null && !(temperature > 0f && Float.isFinite(temperature))) {
                throw new IllegalArgumentException("--temperature must be a finite number > 0, got " + temperature);
            }
            m = new MocoConfig(queue != null ? queue : m.queueSize(), m.keyMomentum(),
                    temperature != null ? temperature : m.temperature(),
                    alpha != null ? alpha : defaultAlpha, perImage);
            p = new PretrainConfig(p.encoder(), m, p.augment(), kind, p.patchMin(), p.patchMax(),
                    textureDir != null ? textureDir : p.textureDir(),
                    epochs != null ? epochs : p.epochs(), batchSize != null ? batchSize : p.batchSize(),
                    lr != null ? lr : p.lr(), p.sgdMomentum(), p.weightDecay(),
                    epochs != null ? Math.min(p.warmupEpochs(), epochs - 1) : p.warmupEpochs(),
                    workers != null ? workers : p.workers(), seed != null ? seed : p.seed(), mc,
                    optimizer(p.optimizer()));
            LinearEvalConfig l = c.linear().withOverrides(linearProtocol, linearEpochs, linearTrainImages);
            if (dataset != null) {
                c = c.withDataset(dataset);
            }
            PretrainConfig d = c.pretrain();
            EncoderConfig encoder = d.encoder();
            if (mc.kind() == MethodConfig.Kind.BYOL && c.pretrain().method().kind() != MethodConfig.Kind.BYOL) {
                encoder = encoder.withHead(mc.predictorHidden(), encoder.projectionDim(), true); // BYOL's projector
            }
            if (projectorBn != null) {
                encoder = encoder.withHeadBatchNorm(projectorBn);
            }
            p = new PretrainConfig(encoder, p.moco(), d.augment(), p.negativeSource(), d.patchMin(),
                    d.patchMax(), p.textureDir(), p.epochs(), p.batchSize(), p.lr(), p.sgdMomentum(),
                    p.weightDecay(), p.warmupEpochs(), p.workers(), p.seed(), p.method(), p.optimizer(),
                    precision != null ? Precision.of(precision) : d.precision());
            return new QuickstartConfig(c.dataset(),
                    dataDir != null ? dataDir : c.dataDir(), out != null ? out : c.outputDir(), p, l,
                    pretrainImages != null ? pretrainImages : c.pretrainImages(),
                    device != null ? device : c.device(), quiet);
        }
    }

    /** The checkpoint interval of the commands that pretrain; not part of a run's configuration. */
    static final class CheckpointOptions {
        @Option(names = "--checkpoint-every", paramLabel = "STEPS", defaultValue = "0", description = "also write"
                + " checkpoint.bin every STEPS optimisation steps within an epoch (default 0: at epoch ends only, as"
                + " the smoke and small presets need); a killed run resumes at the batch after its last checkpoint."
                + " Not part of the run's configuration: a run may resume with another interval")
        int checkpointEvery;

        @Option(names = "--resume", description = "continue the killed or stopped run in the output folder; fails when"
                + " the folder holds no checkpoint. (A rerun with the same settings resumes anyway, and says so.)")
        boolean resume;

        /** With {@code --resume}, checks that {@code config}'s output folder holds a checkpoint to resume from. */
        QuickstartConfig checkResume(QuickstartConfig config) {
            Path ckpt = config.outputDir().resolve(nsn.train.Pretrainer.CHECKPOINT);
            if (resume && !java.nio.file.Files.isRegularFile(ckpt)) {
                throw new IllegalArgumentException("--resume: there is no " + ckpt + " to resume from (a new run needs"
                        + " no --resume)");
            }
            return config;
        }

        /** The interval, checked before any data is read. */
        int steps() {
            if (checkpointEvery < 0) {
                throw new IllegalArgumentException("--checkpoint-every must be >= 0 steps (0 = only at epoch ends),"
                        + " got " + checkpointEvery);
            }
            return checkpointEvery;
        }
    }

    @Command(name = "quickstart", mixinStandardHelpOptions = true,
            description = "Pretrain MoCo-v2 with patch-based non-semantic negatives, then linear-probe the frozen"
                    + " backbone and a random-init baseline. Writes provenance.json, metrics.csv, results.json.")
    static final class Quickstart implements Callable<Integer> {
        @Mixin
        ExperimentOptions options = new ExperimentOptions();

        @Mixin
        CheckpointOptions checkpoints = new CheckpointOptions();

        @Override
        public Integer call() {
            QuickstartExperiment.run(checkpoints.checkResume(options.toConfig()), checkpoints.steps());
            return 0;
        }
    }

    @Command(name = "pretrain", mixinStandardHelpOptions = true,
            description = "Pretrain only; resumes from the run folder's checkpoint.bin if present (at the batch after"
                    + " it, for one written within an epoch with --checkpoint-every).")
    static final class Pretrain implements Callable<Integer> {
        @Mixin
        ExperimentOptions options = new ExperimentOptions();

        @Mixin
        CheckpointOptions checkpoints = new CheckpointOptions();

        @Override
        public Integer call() {
            QuickstartExperiment.pretrain(checkpoints.checkResume(options.toConfig()), checkpoints.steps());
            return 0;
        }
    }

    @Command(name = "linear-eval", mixinStandardHelpOptions = true,
            description = "Linear probe of a pretrained backbone (--checkpoint) or of a random one (--random-init).")
    static final class LinearEval implements Callable<Integer> {
        @Mixin
        ExperimentOptions options = new ExperimentOptions();

        @Option(names = "--checkpoint", description = "checkpoint.bin written by pretrain or quickstart")
        Path checkpoint;

        @Option(names = "--random-init", description = "evaluate a randomly initialised backbone instead")
        boolean randomInit;

        @Override
        public Integer call() {
            if ((checkpoint == null) == !randomInit) {
                throw new IllegalArgumentException("give exactly one of --checkpoint PATH or --random-init");
            }
            QuickstartConfig c = options.toConfig();
            if (options.out == null) {
                c = c.withOutputDir(c.outputDir().resolveSibling(c.outputDir().getFileName() + "-linear-eval"));
            }
            QuickstartExperiment.linearEval(c, checkpoint);
            return 0;
        }
    }

    @Command(name = "kernel", mixinStandardHelpOptions = true,
            description = "Run nsn's Java kernel for Jupyter: Jupyter starts it with a connection file"
                    + " (install the kernel spec with kernelspec/install.sh). Cells are Java, evaluated by JShell in"
                    + " this JVM with nsn on the class path.")
    static final class Kernel implements Callable<Integer> {
        @CommandLine.Parameters(index = "0", paramLabel = "CONNECTION_FILE",
                description = "the kernel connection file Jupyter writes ({connection_file} in kernel.json)")
        Path connectionFile;

        @Override
        public Integer call() throws Exception {
            return nsn.kernel.KernelLauncher.run(connectionFile);
        }
    }
}
