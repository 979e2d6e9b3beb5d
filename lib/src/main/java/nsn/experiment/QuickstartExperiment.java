package nsn.experiment;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import nsn.augment.AugmentConfig;
import nsn.augment.Normalization;
import nsn.data.ImageDataset;
import nsn.data.Split;
import nsn.eval.LinearProbe;
import nsn.model.Encoder;
import nsn.negatives.TextureDatasets;
import nsn.report.Progress;
import nsn.report.Provenance;
import nsn.report.RunDirectory;
import nsn.train.Checkpoint;
import nsn.train.NegativeSource;
import nsn.train.PretrainConfig;
import nsn.train.Pretrainer;

/**
 * The first experiment, end to end: MoCo-v2 pretraining with non-semantic negatives (Eq. 1; patch-based by
 * default, texture-based, or none for the MoCo-v2 baseline), then the linear evaluation protocol on the frozen
 * backbone, and — in the same run, with the same probe — the same backbone at its random initialisation as the
 * baseline the pretraining must beat.
 *
 * <p>{@link #run} does all three; {@link #pretrain} and {@link #linearEval} are the halves the CLI's
 * {@code pretrain} and {@code linear-eval} commands call. Each writes {@code provenance.json} and its metrics to
 * the output folder; pretraining also writes {@code checkpoint.bin} each epoch, and re-running with the same
 * folder resumes from the last finished epoch.
 */
public final class QuickstartExperiment {

    /**
     * Final metrics of {@link #run}.
     *
     * @param linearTop1 linear-probe top-1 on the test set with the pretrained backbone, in [0, 1]
     * @param randomInitLinearTop1 the same probe on the randomly initialised backbone
     * @param pretrainFinalLoss mean loss of the last pretraining epoch
     * @param pretrainSeconds wall time of pretraining in this process
     * @param totalSeconds wall time of the whole run
     */
    public record Result(double linearTop1, double randomInitLinearTop1, double pretrainFinalLoss,
            double pretrainSeconds, double totalSeconds) {

        /** Improvement of the pretrained over the random backbone, in percentage points. */
        public double improvementPoints() {
            return 100 * (linearTop1 - randomInitLinearTop1);
        }
    }

    /**
     * The loaded data and resolved settings of one invocation; {@code textures} is the texture dataset aligned
     * with the pretraining images when a pretraining command uses texture negatives, {@code null} otherwise.
     */
    private record Session(QuickstartConfig config, PretrainConfig pretrain, ImageDataset train,
            ImageDataset pretrainSource, ImageDataset test, ImageDataset textures, List<Device> devices,
            RunDirectory run, Progress progress) {

        /** The first device: the loss, the probes and the managers live there. */
        Device device() {
            return devices.get(0);
        }

        static Session open(QuickstartConfig config, String command, boolean pretrains) {
            DatasetSpec spec = DatasetSpec.of(config.dataset());
            ImageDataset train = spec.load(config.dataDir(), Split.TRAIN);
            ImageDataset source = pretrains ? spec.pretraining(config.dataDir(), train) : train;
            PretrainConfig pc = config.pretrain();
            ImageDataset textures = null;
            if (pretrains && pc.negativeSource() == NegativeSource.Kind.TEXTURE) {
                textures = TextureDatasets.aligned(source,
                        Experiments.subsetIndices(source.size(), config.pretrainImages(), pc.seed()),
                        pc.textureDir());
            }
            ImageDataset test = spec.load(config.dataDir(), Split.TEST);
            if (pc.augment().needsNormalization()) {
                pc = pc.withAugment(pc.augment().withNormalization(Normalization.estimate(source, 10_000)));
            }
            List<Device> devices = Experiments.devices(config.device());
            RunDirectory run = RunDirectory.open(config.outputDir());
            if (pretrains) {
                run.checkSameConfig("pretrain", pc);
            } else {
                // linear-eval: the folder's results belong to one dataset, backbone recipe and probe
                run.checkSameConfig("dataset", config.dataset());
                run.checkSameConfig("pretrain", pc);
                run.checkSameConfig("linear", config.linear());
                if (Files.exists(run.resolve("results.json"))) {
                    System.err.println(run.path() + " already holds this evaluation's results.json (same dataset,"
                            + " backbone recipe and probe): evaluating again, which gives the same numbers");
                }
            }
            Map<String, String> fingerprints = new LinkedHashMap<>();
            fingerprints.put(train.name(), train.fingerprint());
            if (source != train) {
                fingerprints.put(source.name(), source.fingerprint());
            }
            fingerprints.put(test.name(), test.fingerprint());
            if (textures != null) {
                fingerprints.put(textures.name(), textures.fingerprint());
            }
            run.writeProvenance(Provenance.collect(command, pc.seed(), config.withPretrain(pc), fingerprints,
                    devices));
            return new Session(config.withPretrain(pc), pc, train, source, test, textures, devices, run,
                    Progress.console(config.quiet()));
        }
    }

    private QuickstartExperiment() {}

    /**
     * The end-of-run report of the bad-image policy ({@link ImageDataset#tolerant}): for each dataset read through
     * it, the number of images that failed to decode goes into {@code results.json} as
     * {@code undecodable_images.<dataset>}, and when any failed, its summary line goes to stderr. Datasets read into
     * memory at the start (CIFAR-10) reported theirs as warnings then.
     */
    private static void reportUndecodable(Session s, Map<String, Object> out) {
        Experiments.reportUndecodable(List.of(s.pretrainSource(), s.train(), s.test()), out);
    }

    /** Runs pretraining, then the linear probe on the pretrained and on a random backbone. */
    public static Result run(QuickstartConfig config) {
        return run(config, 0);
    }

    /**
     * Like {@link #run(QuickstartConfig)}, checkpointing pretraining also every {@code checkpointEvery} steps
     * ({@link Pretrainer#optCheckpointEvery}; 0 = at epoch ends only).
     */
    public static Result run(QuickstartConfig config, int checkpointEvery) {
        long t0 = System.nanoTime();
        Session s = Session.open(config, "quickstart", true);
        try (NDManager manager = NDManager.newBaseManager(s.device())) {
            Pretrainer.Summary summary = pretrain(s, manager, checkpointEvery);
            double pretrained = probe(s, manager, s.run().resolve(Pretrainer.CHECKPOINT)).testTop1();
            double random = probe(s, manager, null).testTop1();
            Result result = new Result(pretrained, random, summary.finalLoss(), summary.seconds(),
                    (System.nanoTime() - t0) / 1e9);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("linear_top1", result.linearTop1());
            out.put("random_init_linear_top1", result.randomInitLinearTop1());
            out.put("improvement_points", result.improvementPoints());
            out.put("pretrain_final_loss", result.pretrainFinalLoss());
            out.put("pretrain_seconds", result.pretrainSeconds());
            out.put("total_seconds", result.totalSeconds());
            out.put("dataset", config.dataset());
            out.put("pretrain_images", Math.min(config.pretrainImages() > 0 ? config.pretrainImages()
                    : Integer.MAX_VALUE, s.train().size()));
            out.put("test_images", s.test().size());
            reportUndecodable(s, out);
            s.run().writeResults(out);
            System.err.printf(Locale.ROOT, "linear top-1: pretrained %.2f%%, random init %.2f%% (%+.2f points)%n",
                    100 * result.linearTop1(), 100 * result.randomInitLinearTop1(), result.improvementPoints());
            return result;
        }
    }

    /** Pretrains only (the CLI's {@code pretrain}); the encoder ends up in the run folder's checkpoint. */
    public static Pretrainer.Summary pretrain(QuickstartConfig config) {
        return pretrain(config, 0);
    }

    /**
     * Like {@link #pretrain(QuickstartConfig)}, checkpointing also every {@code checkpointEvery} steps
     * ({@link Pretrainer#optCheckpointEvery}; 0 = at epoch ends only).
     */
    public static Pretrainer.Summary pretrain(QuickstartConfig config, int checkpointEvery) {
        Session s = Session.open(config, "pretrain", true);
        try (NDManager manager = NDManager.newBaseManager(s.device())) {
            Pretrainer.Summary summary = pretrain(s, manager, checkpointEvery);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("pretrain_final_loss", summary.finalLoss());
            out.put("pretrain_seconds", summary.seconds());
            out.put("epochs", summary.epochs());
            out.put("resumed_from_epoch", summary.resumedFrom());
            out.put("resumed_from_step", summary.resumedFromStep());
            out.put("checkpoint", s.run().resolve(Pretrainer.CHECKPOINT).toString());
            reportUndecodable(s, out);
            s.run().writeResults(out);
            return summary;
        }
    }

    /**
     * Linear evaluation only (the CLI's {@code linear-eval}): the backbone of {@code checkpoint}, or a randomly
     * initialised one when {@code checkpoint} is {@code null}. The checkpoint's own configuration decides the
     * architecture and normalisation.
     */
    public static LinearProbe.Result linearEval(QuickstartConfig config, Path checkpoint) {
        QuickstartConfig effective = config;
        if (checkpoint != null) {
            try {
                effective = config.withPretrain(Checkpoint.readConfig(checkpoint));
            } catch (IOException e) {
                throw new UncheckedIOException(e.getMessage(), e);
            }
        }
        Session s = Session.open(effective, "linear-eval", false);
        try (NDManager manager = NDManager.newBaseManager(s.device())) {
            LinearProbe.Result r = probe(s, manager, checkpoint);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("linear_top1", r.testTop1());
            out.put("linear_train_top1", r.trainTop1());
            out.put("linear_final_loss", r.finalLoss());
            out.put("encoder", checkpoint == null ? "random-init" : checkpoint.toString());
            reportUndecodable(s, out);
            s.run().writeResults(out);
            System.err.printf(Locale.ROOT, "linear top-1 (%s): %.2f%%%n",
                    checkpoint == null ? "random init" : checkpoint, 100 * r.testTop1());
            return r;
        }
    }

    private static Pretrainer.Summary pretrain(Session s, NDManager manager, int checkpointEvery) {
        ImageDataset pretrainSet = Experiments.subset(s.pretrainSource(), s.config().pretrainImages(),
                s.pretrain().seed());
        System.err.printf(Locale.ROOT,
                "pretraining on %d of %d %s images with %s negatives for %d epochs on %s -> %s%n",
                pretrainSet.size(), s.pretrainSource().size(), s.config().dataset(), s.pretrain().negativeSource().id(),
                s.pretrain().epochs(), s.devices().size() == 1 ? s.device() : s.devices(),
                s.run().path().toAbsolutePath());
        try (Pretrainer pretrainer = new Pretrainer(s.pretrain(), pretrainSet, s.textures(), manager, s.devices())
                .optCheckpointEvery(checkpointEvery)) {
            return pretrainer.train(s.run(), s.progress());
        }
    }

    /** Linear probe of the backbone in {@code checkpoint}, or of a random one when it is {@code null}. */
    private static LinearProbe.Result probe(Session s, NDManager manager, Path checkpoint) {
        try (Encoder encoder = Encoder.create(s.pretrain().encoder(), manager, s.pretrain().seed())) {
            if (checkpoint != null) {
                try {
                    Checkpoint.loadQueryEncoder(checkpoint, encoder);
                } catch (IOException e) {
                    throw new UncheckedIOException(e.getMessage(), e);
                }
            }
            ImageDataset probeTrain = Experiments.subset(s.train(), s.config().linear().trainImages(),
                    s.pretrain().seed());
            AugmentConfig a = s.pretrain().augment();
            LinearProbe.MultiResult r = LinearProbe.evaluate(encoder, probeTrain, List.of(s.test()), a.mean(),
                    a.std(), s.config().linear(), s.pretrain().seed(), s.pretrain().workers(), manager,
                    s.progress());
            return new LinearProbe.Result(r.trainTop1(), r.testTop1()[0], r.finalLoss());
        }
    }
}
