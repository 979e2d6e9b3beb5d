package nsn.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.function.IntConsumer;
import nsn.augment.SemanticAugmentation;
import nsn.data.ImageDataset;
import nsn.negatives.NonSemanticNegatives;
import nsn.report.Progress;
import nsn.report.RunDirectory;

/**
 * The pretraining loop of any {@link ContrastiveMethod} (MoCo-v2, SimCLR or BYOL, as the configuration names):
 * epochs of steps over {@link PretrainBatches}, a cosine learning rate, one {@code metrics.csv} row and one
 * atomic checkpoint per epoch. A run whose output folder already holds a checkpoint of the same configuration
 * resumes after its last finished epoch. The non-semantic negatives come from the {@link NegativeSource} the
 * configuration names; texture negatives need the texture dataset aligned with the training images.
 */
public final class Pretrainer implements AutoCloseable {

    /** Checkpoint file name inside the run folder. */
    public static final String CHECKPOINT = "checkpoint.bin";

    /**
     * Summary of a pretraining run.
     *
     * @param epochs epochs trained in total
     * @param resumedFrom epochs already done when this process started (0 for a fresh run)
     * @param finalLoss mean loss of the last epoch (for a finished run resumed with nothing left to train, the loss
     *     its {@code metrics.csv} records for the last epoch; NaN when that file lacks it)
     * @param seconds wall time spent training in this process
     */
    public record Summary(int epochs, int resumedFrom, double finalLoss, double seconds) {}

    private final PretrainConfig config;
    private final ImageDataset data;
    private final NegativeSource negatives;
    private final NDManager manager;
    private final ContrastiveMethod method;
    private final Optimizer sgd;

    /**
     * A trainer with patch-based or no non-semantic negatives.
     *
     * @param config run configuration
     * @param data training images (labels unused)
     * @param manager manager on the training device
     * @throws IllegalArgumentException if {@code config} asks for texture negatives, which need the textures
     */
    public Pretrainer(PretrainConfig config, ImageDataset data, NDManager manager) {
        this(config, data, null, manager);
    }

    /**
     * A trainer with any negative source.
     *
     * @param config run configuration
     * @param data training images (labels unused)
     * @param textures with texture negatives, the texture of each training image, aligned with {@code data}
     *     ({@link nsn.negatives.TextureDatasets#aligned}); {@code null} otherwise
     * @param manager manager on the training device
     * @throws IllegalArgumentException if the channels differ from the encoder's, or {@code textures} is missing
     *     with texture negatives, given without them, or not aligned with {@code data}
     */
    public Pretrainer(PretrainConfig config, ImageDataset data, ImageDataset textures, NDManager manager) {
        if (data.channels() != config.encoder().channels()) {
            throw new IllegalArgumentException(data.name() + " has " + data.channels()
                    + " channels but the encoder expects " + config.encoder().channels());
        }
        this.negatives = negativeSource(config, textures);
        negatives.checkCompatible(data);
        this.config = config;
        this.data = data;
        this.manager = manager.newSubManager();
        this.method = method(config, data.size() / config.batchSize(), this.manager);
        this.sgd = config.optimizer().create(method.trainableParameters(), config.sgdMomentum(),
                config.weightDecay());
    }

    /** The method {@code config} names, for a run of {@code stepsPerEpoch} steps per epoch. */
    private static ContrastiveMethod method(PretrainConfig config, int stepsPerEpoch, NDManager manager) {
        MethodConfig m = config.method();
        return switch (m.kind()) {
            case MOCO_V2 -> new MoCo(config.moco(), m.alphaMode(), config.encoder(), manager, config.seed());
            case SIMCLR -> new SimClr(config.moco(), m.alphaMode(), config.encoder(), manager, config.seed());
            case BYOL -> new Byol(config.moco(), m, config.encoder(), manager, config.seed(),
                    Math.max(1L, (long) stepsPerEpoch * config.epochs()));
        };
    }

    /** The negative source {@code config} names, with {@code textures} for texture negatives. */
    private static NegativeSource negativeSource(PretrainConfig config, ImageDataset textures) {
        boolean texture = config.negativeSource() == NegativeSource.Kind.TEXTURE;
        if (texture != (textures != null)) {
            throw new IllegalArgumentException(texture
                    ? "texture negatives need the texture dataset aligned with the training images (read from "
                            + config.textureDir() + " with TextureDatasets.aligned)"
                    : "a texture dataset was given but the negative source is " + config.negativeSource().id());
        }
        return switch (config.negativeSource()) {
            case NONE -> NegativeSource.none();
            case PATCH -> NegativeSource.patches(NonSemanticNegatives.patches(config.patchMin(), config.patchMax()),
                    config.moco().nonSemanticPerImage());
            case TEXTURE -> NegativeSource.textures(textures);
        };
    }

    /** The method being trained. */
    public ContrastiveMethod method() {
        return method;
    }

    /**
     * The MoCo model being trained.
     *
     * @throws IllegalStateException if the configured method is not MoCo-v2
     */
    public MoCo moco() {
        if (method instanceof MoCo moco) {
            return moco;
        }
        throw new IllegalStateException("the method is " + config.method().kind().id() + ", not moco");
    }

    /**
     * Trains to {@code config.epochs()}, resuming from {@code run}'s checkpoint if there is one.
     *
     * @param run output folder for metrics and checkpoints
     * @param progress progress reporter
     */
    public Summary train(RunDirectory run, Progress progress) {
        return trainUntil(run, progress, config.epochs());
    }

    /**
     * Like {@link #train} but stops after {@code stopAfter} epochs in total (at most {@code config.epochs()}),
     * leaving a checkpoint from which {@link #train} later finishes the run exactly as if uninterrupted.
     */
    public Summary trainUntil(RunDirectory run, Progress progress, int stopAfter) {
        return trainUntil(run, progress, stopAfter, epoch -> { });
    }

    /**
     * Like {@link #trainUntil(RunDirectory, Progress, int)}, calling {@code afterEpoch} with the number of epochs
     * done after each epoch's checkpoint is written, when no step is in flight (e.g. to sample memory between
     * epochs with {@link nsn.bench.MemoryProbe}).
     */
    public Summary trainUntil(RunDirectory run, Progress progress, int stopAfter, IntConsumer afterEpoch) {
        if (stopAfter < 1 || stopAfter > config.epochs()) {
            throw new IllegalArgumentException(
                    "stopAfter must be in [1, " + config.epochs() + "], got " + stopAfter);
        }
        Path ckpt = run.resolve(CHECKPOINT);
        int start = 0;
        if (Files.exists(ckpt)) {
            try {
                start = Checkpoint.load(ckpt, config, method, sgd);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot resume from " + ckpt + ": " + e.getMessage(), e);
            }
        }
        MocoConfig mc = config.moco();
        double lastLoss = Double.NaN;
        double seconds = 0;
        try (PretrainBatches batches = new PretrainBatches(data, SemanticAugmentation.mocoV2(config.augment()),
                negatives, config.batchSize(), config.seed(), config.workers())) {
            int steps = batches.batchesPerEpoch();
            LearningRate lr = LearningRate.cosine(config.lr(), (long) steps * config.epochs(),
                    (long) steps * config.warmupEpochs());
            int c = config.encoder().channels();
            int s = config.encoder().imageSize();
            Shape views = new Shape(config.batchSize(), c, s, s);
            Shape negShape = new Shape((long) config.batchSize() * mc.nonSemanticPerImage(), c, s, s);
            for (int epoch = start; epoch < stopAfter; epoch++) {
                long t0 = System.nanoTime();
                double sum = 0;
                int done = 0;
                float rate = 0f;
                progress.start(String.format(Locale.ROOT, "pretrain %d/%d", epoch + 1, config.epochs()), steps);
                Iterator<PretrainBatches.Batch> it = batches.epoch(epoch, 0);
                while (it.hasNext()) {
                    PretrainBatches.Batch b = it.next();
                    long global = (long) epoch * steps + b.index();
                    rate = lr.at(global);
                    float loss;
                    try (NDManager step = manager.newSubManager()) {
                        NDArray xq = step.create(b.query(), views);
                        NDArray xk = step.create(b.key(), views);
                        NDArray xns = mc.usesNonSemantic() ? step.create(b.negatives(), negShape) : null;
                        loss = method.trainStep(step, xq, xk, xns, sgd, rate);
                    }
                    if (!Float.isFinite(loss)) {
                        throw new IllegalStateException(String.format(Locale.ROOT,
                                "loss became %s at epoch %d step %d (lr %.4g); lower the learning rate or alpha."
                                        + " The last good checkpoint is %s", loss, epoch + 1, b.index(), rate,
                                ckpt));
                    }
                    sum += loss;
                    done++;
                    progress.update(done, String.format(Locale.ROOT, "loss %.4f", sum / done));
                }
                double secs = (System.nanoTime() - t0) / 1e9;
                seconds += secs;
                lastLoss = sum / done;
                progress.finish(String.format(Locale.ROOT, "loss %.4f", lastLoss));
                run.appendMetrics("pretrain", epoch + 1, lastLoss, rate, secs,
                        (double) done * config.batchSize() / secs);
                try {
                    Checkpoint.save(ckpt, config, epoch + 1, method, sgd);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot write checkpoint " + ckpt, e);
                }
                afterEpoch.accept(epoch + 1);
            }
        }
        if (Double.isNaN(lastLoss) && start > 0) {
            // nothing left to train in this process: report the last finished epoch's loss as recorded
            lastLoss = run.recordedLoss("pretrain", start).orElse(Double.NaN);
        }
        return new Summary(Math.max(start, stopAfter), start, lastLoss, seconds);
    }

    @Override
    public void close() {
        method.close();
        manager.close();
    }
}
