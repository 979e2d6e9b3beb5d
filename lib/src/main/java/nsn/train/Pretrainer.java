package nsn.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
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
 * atomic {@link Checkpoint} per epoch, and one every {@link #optCheckpointEvery N steps} if asked. A run whose
 * output folder already holds a checkpoint of the same configuration resumes exactly where it was written — at
 * the batch after it, within an epoch — so a process killed at any moment (SIGKILL included) loses at most the
 * steps since the last checkpoint, and the finished run's weights are the uninterrupted run's, bit for bit on CPU
 * at the same libtorch intra-op thread count ({@code ai.djl.pytorch.num_threads}; another count rounds reductions
 * differently, so a run resumed with it follows another trajectory in the last bits, as an uninterrupted one would).
 * The unfinished epoch's loss sum and count travel in the checkpoint, so its {@code metrics.csv} row is the mean
 * over the whole epoch. A NaN or infinite loss, or a non-finite model at a checkpoint, stops the run with an
 * {@link IllegalStateException} naming the epoch and step; the last checkpoint written before is kept, and the
 * broken epoch gets no {@code metrics.csv} row. The non-semantic negatives come from the {@link NegativeSource} the
 * configuration names; texture negatives need the texture dataset aligned with the training images.
 */
public final class Pretrainer implements AutoCloseable {

    /** Checkpoint file name inside the run folder. */
    public static final String CHECKPOINT = "checkpoint.bin";

    /**
     * Summary of a pretraining run.
     *
     * @param epochs epochs trained in total (finished ones, when stopped within an epoch)
     * @param resumedFrom whole epochs already done when this process started (0 for a fresh run)
     * @param finalLoss mean loss of the last epoch (for a finished run resumed with nothing left to train, the loss
     *     its {@code metrics.csv} records for the last epoch; NaN when that file lacks it)
     * @param seconds wall time spent training in this process
     * @param resumedFromStep optimisation steps already done when this process started (0 for a fresh run; a
     *     multiple of the steps per epoch unless it resumed from a checkpoint written within an epoch)
     */
    public record Summary(int epochs, int resumedFrom, double finalLoss, double seconds, long resumedFromStep) {}

    /** Sees, and may replace, each batch before its step: a package-private seam for fault-injection tests. */
    @FunctionalInterface
    interface BatchHook {
        PretrainBatches.Batch before(int epoch, PretrainBatches.Batch batch);
    }

    static {
        NativeAllocator.tune(); // before the first step's allocations
    }

    private final PretrainConfig config;
    private final ImageDataset data;
    private final NegativeSource negatives;
    private final NDManager manager;
    private final ContrastiveMethod method;
    private final Optimizer optimizer;
    private int checkpointEvery;
    BatchHook batchHook = (epoch, batch) -> batch;

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
        this(config, data, textures, manager, List.of(manager.getDevice()));
    }

    /**
     * A trainer that trains data-parallel on several devices ({@link Replicas}): each step's batch is split into
     * equal shards, one per device, the loss is taken over the whole batch on the first device and the gradients
     * summed there. BatchNorm sees one shard at a time, so the number of devices is part of the recipe (a run resumed
     * on another number follows another trajectory); MoCo shuffles the keys' shards (shuffle BN).
     *
     * @param devices one per replica, {@code manager}'s device first; the same device may repeat (several BatchNorm
     *     shards on one device)
     * @throws IllegalArgumentException as the other constructors, or if the batch size is not a multiple of the
     *     number of devices
     */
    public Pretrainer(PretrainConfig config, ImageDataset data, ImageDataset textures, NDManager manager,
            List<Device> devices) {
        if (devices.isEmpty() || config.batchSize() % devices.size() != 0) {
            throw new IllegalArgumentException("batch size " + config.batchSize() + " cannot be split evenly over "
                    + devices.size() + " devices " + devices + "; choose a multiple of the device count");
        }
        if (data.channels() != config.encoder().channels()) {
            throw new IllegalArgumentException(data.name() + " has " + data.channels()
                    + " channels but the encoder expects " + config.encoder().channels());
        }
        this.negatives = negativeSource(config, textures);
        negatives.checkCompatible(data);
        this.config = config;
        this.data = data;
        this.manager = manager.newSubManager();
        this.method = method(config, data.size() / config.batchSize(), this.manager, devices);
        this.optimizer = config.optimizer().create(method.trainableParameters(), config.sgdMomentum(),
                config.weightDecay());
    }

    /** The method {@code config} names, for a run of {@code stepsPerEpoch} steps per epoch. */
    private static ContrastiveMethod method(PretrainConfig config, int stepsPerEpoch, NDManager manager,
            List<Device> devices) {
        MethodConfig m = config.method();
        return switch (m.kind()) {
            case MOCO_V2 -> new MoCo(config.moco(), m.alphaMode(), config.encoder(), manager, config.seed(), devices,
                    config.precision());
            case SIMCLR -> new SimClr(config.moco(), m.alphaMode(), config.encoder(), manager, config.seed(),
                    devices, config.precision());
            case BYOL -> new Byol(config.moco(), m, config.encoder(), manager, config.seed(),
                    Math.max(1L, (long) stepsPerEpoch * config.epochs()), devices, config.precision());
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
     * Checkpoints also every {@code steps} optimisation steps within an epoch (counted over the whole run, so a
     * resumed run checkpoints at the same steps), besides the one at every epoch end, which is also the one at the
     * end of the run. 0 (the default) checkpoints at epoch ends only, enough for the smoke and small presets whose
     * epochs take minutes; set it for runs whose epochs take long (an ImageNet-100 epoch at the paper's batch 256
     * is about 500 steps). The interval is not part of the run's configuration: a run may resume with another.
     *
     * @param steps steps between checkpoints, &ge; 0 (0 = at epoch ends only)
     * @return this trainer
     * @throws IllegalArgumentException if {@code steps} is negative
     */
    public Pretrainer optCheckpointEvery(int steps) {
        if (steps < 0) {
            throw new IllegalArgumentException(
                    "checkpoint interval must be >= 0 steps (0 = only at epoch ends), got " + steps);
        }
        this.checkpointEvery = steps;
        return this;
    }

    /** Steps between checkpoints within an epoch; 0 when only epoch ends are checkpointed. */
    public int checkpointEvery() {
        return checkpointEvery;
    }

    /**
     * Trains to {@code config.epochs()}, resuming from {@code run}'s checkpoint if there is one.
     *
     * @param run output folder for metrics and checkpoints
     * @param progress progress reporter
     * @throws IllegalStateException if the loss or the state to checkpoint becomes NaN or infinite; the message
     *     names the epoch and step, and the last checkpoint written before stays as it was
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
        return trainTo(run, progress, stopAfter, Long.MAX_VALUE, afterEpoch);
    }

    /**
     * Trains until {@code stopAfter} epochs or {@code stopAtStep} steps in total are done, whichever comes first
     * (stopping right after that step and its checkpoint, if one falls there).
     */
    Summary trainTo(RunDirectory run, Progress progress, int stopAfter, long stopAtStep) {
        return trainTo(run, progress, stopAfter, stopAtStep, epoch -> { });
    }

    private Summary trainTo(RunDirectory run, Progress progress, int stopAfter, long stopAtStep,
            IntConsumer afterEpoch) {
        Path ckpt = run.resolve(CHECKPOINT);
        deleteStaleTemporaryFiles(run.path());
        Checkpoint.Position start = Checkpoint.Position.epochEnd(0);
        if (Files.exists(ckpt)) {
            try {
                start = Checkpoint.resume(ckpt, config, method, optimizer);
                System.err.printf(Locale.ROOT, "resuming from %s: %d epoch(s) and %d batch(es) of the next done%n",
                        ckpt, start.epochsDone(), start.nextBatch());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot resume from " + ckpt + ": " + e.getMessage(), e);
            }
        }
        MocoConfig mc = config.moco();
        double lastLoss = Double.NaN;
        double seconds = 0;
        long startStep = 0;
        try (PretrainBatches batches = new PretrainBatches(data, SemanticAugmentation.mocoV2(config.augment()),
                negatives, config.batchSize(), config.seed(), config.workers(), manager.getDevice().isGpu())) {
            int steps = batches.batchesPerEpoch();
            startStep = start.stepsDone(steps);
            LearningRate lr = LearningRate.cosine(config.lr(), (long) steps * config.epochs(),
                    (long) steps * config.warmupEpochs());
            int c = config.encoder().channels();
            int s = config.encoder().imageSize();
            Shape views = new Shape(config.batchSize(), c, s, s);
            Shape negShape = new Shape((long) config.batchSize() * mc.nonSemanticPerImage(), c, s, s);
            HostStaging staging = new HostStaging(3);
            for (int epoch = start.epochsDone(); epoch < stopAfter; epoch++) {
                boolean resumed = epoch == start.epochsDone();
                long t0 = System.nanoTime();
                double before = resumed ? start.seconds() : 0;
                double sum = resumed ? start.lossSum() : 0;
                int done = resumed ? start.lossCount() : 0;
                float rate = 0f;
                progress.start(String.format(Locale.ROOT, "pretrain %d/%d", epoch + 1, config.epochs()), steps);
                Iterator<PretrainBatches.Batch> it = batches.epoch(epoch, resumed ? start.nextBatch() : 0);
                while (it.hasNext()) {
                    PretrainBatches.Batch b = batchHook.before(epoch, it.next());
                    long global = (long) epoch * steps + b.index();
                    rate = lr.at(global);
                    float loss;
                    try (NDManager step = manager.newSubManager()) {
                        NDArray xq = staging.upload(step, 0, b.query(), b.staged(0), views);
                        NDArray xk = staging.upload(step, 1, b.key(), b.staged(1), views);
                        NDArray xns = mc.usesNonSemantic()
                                ? staging.upload(step, 2, b.negatives(), b.staged(2), negShape) : null;
                        method.beginStep(global);
                        loss = method.trainStep(step, xq, xk, xns, optimizer, rate);
                    }
                    if (!Float.isFinite(loss)) {
                        throw new IllegalStateException(String.format(Locale.ROOT,
                                "loss became %s at epoch %d step %d (global step %d, lr %.4g); lower the learning"
                                        + " rate or alpha. %s", loss, epoch + 1, b.index(), global, rate,
                                lastGood(ckpt)));
                    }
                    sum += loss;
                    done++;
                    long completed = global + 1;
                    if (b.index() + 1 < steps && checkpointEvery > 0 && completed % checkpointEvery == 0) {
                        save(ckpt, new Checkpoint.Position(epoch, b.index() + 1, sum, done,
                                before + (System.nanoTime() - t0) / 1e9), epoch, b.index());
                    }
                    progress.update(done, String.format(Locale.ROOT, "loss %.4f", sum / done));
                    if (completed >= stopAtStep && b.index() + 1 < steps) {
                        seconds += (System.nanoTime() - t0) / 1e9;
                        return new Summary(epoch, start.epochsDone(), sum / done, seconds, startStep);
                    }
                }
                checkFinite(ckpt, epoch, steps - 1); // before the epoch's row: a broken epoch gets none
                double secs = before + (System.nanoTime() - t0) / 1e9;
                seconds += (System.nanoTime() - t0) / 1e9;
                lastLoss = done > 0 ? sum / done : Double.NaN;
                progress.finish(String.format(Locale.ROOT, "loss %.4f", lastLoss));
                run.appendMetrics("pretrain", epoch + 1, lastLoss, rate, secs,
                        secs > 0 ? (double) done * config.batchSize() / secs : Double.NaN);
                save(ckpt, Checkpoint.Position.epochEnd(epoch + 1), epoch, steps - 1);
                afterEpoch.accept(epoch + 1);
                if ((long) (epoch + 1) * steps >= stopAtStep) {
                    return new Summary(epoch + 1, start.epochsDone(), lastLoss, seconds, startStep);
                }
            }
        }
        if (Double.isNaN(lastLoss) && start.epochsDone() > 0) {
            // nothing left to train in this process: report the last finished epoch's loss as recorded
            lastLoss = run.recordedLoss("pretrain", start.epochsDone()).orElse(Double.NaN);
        }
        return new Summary(Math.max(start.epochsDone(), stopAfter), start.epochsDone(), lastLoss, seconds,
                startStep);
    }

    /** Writes the checkpoint at {@code position}, after step {@code index} of {@code epoch} (0-based). */
    private void save(Path ckpt, Checkpoint.Position position, int epoch, int index) {
        try {
            Checkpoint.save(ckpt, config, position, method, optimizer);
        } catch (Checkpoint.NonFiniteStateException e) {
            throw nonFinite(ckpt, epoch, index, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + ckpt + ": " + e.getMessage(), e);
        }
    }

    /** Throws as {@link #save} does if the state is not finite, without writing anything. */
    private void checkFinite(Path ckpt, int epoch, int index) {
        try {
            Checkpoint.checkFinite(method, optimizer);
        } catch (Checkpoint.NonFiniteStateException e) {
            throw nonFinite(ckpt, epoch, index, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    private static IllegalStateException nonFinite(Path ckpt, int epoch, int index,
            Checkpoint.NonFiniteStateException e) {
        return new IllegalStateException(String.format(Locale.ROOT,
                "the model became non-finite at epoch %d step %d (%s) although the loss was finite; lower the"
                        + " learning rate or alpha. %s", epoch + 1, index, e.getMessage(), lastGood(ckpt)), e);
    }

    /** Names the checkpoint left in place after a numerical fault, and where it stands. */
    private static String lastGood(Path ckpt) {
        if (!Files.exists(ckpt)) {
            return "No checkpoint had been written yet.";
        }
        try {
            Checkpoint.Position p = Checkpoint.readPosition(ckpt);
            return String.format(Locale.ROOT, "The last good checkpoint, %s, is kept (after %d epochs and %d"
                    + " batches of the next).", ckpt, p.epochsDone(), p.nextBatch());
        } catch (IOException e) {
            return "The last checkpoint, " + ckpt + ", is kept but cannot be read: " + e.getMessage();
        }
    }

    /**
     * Deletes temporary checkpoint files ({@code .checkpoint.bin…tmp}, as {@link nsn.report.AtomicFiles} names
     * them) that a process killed while writing a checkpoint left behind; the checkpoint itself was never touched
     * by them.
     */
    static void deleteStaleTemporaryFiles(Path dir) {
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String name = f.getFileName().toString();
                if (name.startsWith("." + CHECKPOINT) && name.endsWith(".tmp")) {
                    Files.deleteIfExists(f);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean stale temporary checkpoints in " + dir, e);
        }
    }

    @Override
    public void close() {
        method.close();
        manager.close();
    }
}
