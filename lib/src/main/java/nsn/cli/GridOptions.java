package nsn.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nsn.experiment.GridConfig;
import nsn.experiment.OodSet;
import nsn.experiment.QuickstartConfig;
import nsn.model.Precision;
import nsn.train.MocoConfig;
import nsn.train.PretrainConfig;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * Flags shared by the comparison commands ({@code table1}, {@code color-shortcut}, {@code queue-sweep}); each
 * overrides a field of the chosen preset's grid.
 */
final class GridOptions {

    /** Field prefixes of the configs' validation messages and the flags that set those fields. */
    private static final Map<String, String> FLAGS = new LinkedHashMap<>();

    static {
        FLAGS.put("seeds:", "--seeds/--seed-list:");
        FLAGS.put("queues:", "--queues:");
        FLAGS.put("queue:", "--queue (K):");
        FLAGS.put("ood:", "--ood:");
        FLAGS.put("textureDir:", "--texture-dir:");
        FLAGS.put("testImages:", "--test-images:");
        FLAGS.put("linearTrainImages:", "--linear-train-images:");
        FLAGS.put("preset:", "--preset:");
        FLAGS.put("dataset:", "--dataset:");
        FLAGS.put("checkpointEvery:", "--checkpoint-every:");
    }

    @Option(names = "--preset", defaultValue = "small", description = "small (CIFAR-10 on a CPU, under a minute per"
            + " run), medium (CIFAR-10 on a CPU, the scale of docs/RESULTS.md, minutes per run), paper (ImageNet-100"
            + " on a CUDA GPU) or smoke (a quick end-to-end check). Default: ${DEFAULT-VALUE}")
    String preset;

    @Option(names = "--dataset", description = "fashion-mnist, cifar10, stl10 or imagenet100 (default: the preset's)")
    String dataset;

    @Option(names = "--data-dir", description = "data root (default: $NSN_DATA_DIR or ./data)")
    Path dataDir;

    @Option(names = {"-o", "--out"}, description = "grid folder; rerunning with the same folder skips finished runs"
            + " and resumes half-done ones (default: the preset's, e.g. runs/table1)")
    Path out;

    @Option(names = "--precision", paramLabel = "fp32|bf16|fp16", description = Main.ExperimentOptions.PRECISION_HELP)
    String precision;

    @Option(names = "--device", description = Main.ExperimentOptions.DEVICE_HELP)
    String device;

    @Option(names = "--checkpoint-every", paramLabel = "STEPS", description = "each pretraining run also writes its"
            + " checkpoint.bin every STEPS steps within an epoch (default 0: at epoch ends only); a killed grid resumes"
            + " at the batch after the last checkpoint. Not part of a run's configuration")
    Integer checkpointEvery;

    @Option(names = "--seeds", paramLabel = "N", description = "run seeds 0..N-1 (default: the preset's)")
    Integer seeds;

    @Option(names = "--seed-list", paramLabel = "S,S,...", split = ",", description = "run exactly these seeds")
    List<Long> seedList;

    @Option(names = "--epochs", description = "pretraining epochs")
    Integer epochs;

    @Option(names = "--batch-size", description = "pretraining batch size")
    Integer batchSize;

    @Option(names = "--pretrain-images", description = "pretrain each run on a seeded subset of this many images"
            + " (0 = all)")
    Integer pretrainImages;

    @Option(names = "--linear-protocol", description = "linear-probe recipe: features (nsn's probe on standardised"
            + " frozen features, 30 epochs) or augmented (the authors' protocol: backbone run on RandomResizedCrop +"
            + " flip views, 60 epochs, lr 10, x0.1 at 30/40/50); default: the preset's (small: features, paper:"
            + " augmented)")
    String linearProtocol;

    @Option(names = "--linear-epochs", description = "linear-probe epochs")
    Integer linearEpochs;

    @Option(names = "--linear-train-images", description = "fit the probe on a fixed subset of this many training"
            + " images (0 = all)")
    Integer linearTrainImages;

    @Option(names = "--test-images", description = "evaluate on a fixed subset of this many test images, and as many"
            + " of each --ood set (0 = all)")
    Integer testImages;

    @Option(names = "--ood", paramLabel = "[KIND:]NAME=DIR", description = "an out-of-domain test set, one more"
            + " column of the table (repeatable). KIND folder (the default for other names): an ImageFolder with the"
            + " in-domain test set's class folders; imagenet-c, imagenet-sketch, imagenet-r or stylized-imagenet"
            + " (the default when NAME is one of these): that benchmark's released layout, its wnid folders mapped"
            + " onto the in-domain classes; ImageNet-C gives the mean top-1 over its sets, and its per-set top-1 and"
            + " mCE go to NAME-summary.csv, NAME-corruptions.csv and NAME.json (see docs/OOD.md)")
    List<String> ood;

    @Option(names = {"-q", "--quiet"}, description = "no progress bar (also: NSN_PROGRESS=off)")
    boolean quiet;

    /**
     * The preset's grid with every given flag applied; {@code queue} replaces K when not null.
     *
     * @param presetGrid the grid of the preset named by {@link #preset}
     * @param queue the {@code --queue} flag of the command, or null
     */
    GridConfig apply(GridConfig presetGrid, Integer queue, CommandLine cl) {
        QuickstartConfig q = presetGrid.base();
        if (dataset != null) {
            q = q.withDataset(dataset);
        }
        PretrainConfig p = q.pretrain();
        if (epochs != null) {
            if (epochs < 1) {
                throw new CommandLine.ParameterException(cl, "--epochs must be positive, got " + epochs);
            }
            p = p.withEpochs(epochs);
        }
        if (batchSize != null || queue != null) {
            MocoConfig m = p.moco();
            int k = queue != null ? queue : m.queueSize();
            int b = batchSize != null ? batchSize : p.batchSize();
            if (queue != null && k < 1) {
                throw new CommandLine.ParameterException(cl, "--queue must be positive, got " + k);
            }
            p = new PretrainConfig(p.encoder(), new MocoConfig(k, m.keyMomentum(), m.temperature(), m.alpha(),
                    m.nonSemanticPerImage()), p.augment(), p.negativeSource(), p.patchMin(), p.patchMax(),
                    p.textureDir(), p.epochs(), b, p.lr(), p.sgdMomentum(), p.weightDecay(), p.warmupEpochs(),
                    p.workers(), p.seed(), p.method(), p.optimizer(), p.precision());
        }
        if (precision != null) {
            p = p.withPrecision(Precision.of(precision));
        }
        q = q.withPretrain(p);
        if (pretrainImages != null) {
            q = q.withPretrainImages(pretrainImages);
        }
        q = q.withLinear(q.linear().withOverrides(linearProtocol, linearEpochs, null));
        if (dataDir != null) {
            q = q.withDataDir(dataDir);
        }
        if (out != null) {
            q = q.withOutputDir(out);
        }
        if (device != null) {
            q = q.withDevice(device);
        }
        q = q.withQuiet(quiet);
        GridConfig g = presetGrid.withBase(q);
        if (seeds != null && seedList != null) {
            throw new CommandLine.ParameterException(cl, "give --seeds N or --seed-list, not both");
        }
        if (seeds != null) {
            if (seeds < 1) {
                throw new CommandLine.ParameterException(cl, "--seeds must be positive, got " + seeds);
            }
            g = g.withSeeds(GridConfig.seedRange(0, seeds));
        } else if (seedList != null) {
            g = g.withSeeds(seedList);
        }
        if (linearTrainImages != null) {
            g = g.withLinearTrainImages(linearTrainImages);
        }
        if (testImages != null) {
            g = g.withTestImages(testImages);
        }
        if (checkpointEvery != null) {
            g = g.withCheckpointEvery(checkpointEvery);
        }
        if (ood != null) {
            List<OodSet> sets = new ArrayList<>(g.ood());
            for (String spec : ood) {
                sets.add(OodSet.parse(spec));
            }
            g = g.withOod(sets);
        }
        return g;
    }

    /**
     * Runs {@code build}, turning a configuration's validation error into a usage error naming the flag that sets
     * the bad field.
     */
    static <T> T named(CommandLine cl, java.util.function.Supplier<T> build) {
        try {
            return build.get();
        } catch (CommandLine.ParameterException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            String m = String.valueOf(e.getMessage());
            for (Map.Entry<String, String> f : FLAGS.entrySet()) {
                if (m.startsWith(f.getKey())) {
                    m = f.getValue() + m.substring(f.getKey().length());
                    break;
                }
            }
            throw new CommandLine.ParameterException(cl, m, e);
        }
    }
}
