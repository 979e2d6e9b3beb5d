package nsn.eval;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import nsn.augment.AugmentConfig;
import nsn.augment.SemanticAugmentation;
import nsn.data.ImageDataset;
import nsn.loss.InfoNce;
import nsn.model.Encoder;
import nsn.model.Scalars;
import nsn.report.Progress;
import nsn.train.LearningRate;
import nsn.train.Permutation;
import nsn.train.PretrainBatches;
import nsn.train.Sgd;

/**
 * The linear evaluation protocol: a softmax classifier trained on a frozen backbone, top-1 accuracy on held-out
 * images. Two protocols ({@link LinearEvalConfig.Protocol}):
 * <ul>
 *   <li>{@code FEATURES} ({@link #fit(Features, List, LinearEvalConfig, long, NDManager)}): features of the
 *       un-augmented images extracted once and standardised with the training set's per-dimension mean and standard
 *       deviation (a parameter-free BatchNorm), which makes one learning rate work for every encoder, pretrained or
 *       random; cheap enough for the small presets' grids.</li>
 *   <li>{@code AUGMENTED} ({@link #fitAugmented}): the authors' protocol (MoCo's {@code main_lincls.py}): at every
 *       step the frozen backbone, in inference mode, runs on a new RandomResizedCrop + flip view of each training
 *       image; raw features; classifier initialised from N(0, 0.01²) with zero bias.</li>
 * </ul>
 * Both evaluate the classifier on every test set after every epoch and report the last epoch ({@code testTop1})
 * and the epoch best on the first test set ({@code bestEpoch}, {@code bestTestTop1}: the authors' reported number,
 * selected on the test set itself, so labelled "best epoch" wherever nsn shows it).
 */
public final class LinearProbe {

    /** Images per forward pass of the frozen backbone when extracting test features. */
    public static final int FEATURE_BATCH = 512;

    /**
     * Result of a probe.
     *
     * @param trainTop1 top-1 accuracy on the training features, in [0, 1]
     * @param testTop1 top-1 accuracy on the test features, in [0, 1]
     * @param finalLoss mean cross-entropy of the last epoch
     */
    public record Result(double trainTop1, double testTop1, double finalLoss) {}

    /**
     * Result of a probe evaluated on several test sets with one fitted classifier.
     *
     * @param trainTop1 top-1 accuracy on the training set in [0, 1]: on the training features after the last epoch
     *     ({@code FEATURES}), or on the augmented views seen during the last epoch ({@code AUGMENTED}, as
     *     {@code main_lincls.py} reports it)
     * @param testTop1 top-1 accuracy after the last epoch on each test set, in the order given, in [0, 1]
     * @param finalLoss mean cross-entropy of the last epoch
     * @param bestEpoch the epoch (1-based) with the highest accuracy on the first test set, the earliest on ties
     * @param bestTestTop1 top-1 accuracy of every test set after {@code bestEpoch}
     * @param epochTestTop1 top-1 accuracy of the first test set after each epoch
     * @param scores class probabilities (softmax of the classifier after the last epoch), {@code n × classes}
     *     row-major, of each scored set, in the order given (e.g. cue-conflict stimuli for the shape bias)
     */
    public record MultiResult(double trainTop1, double[] testTop1, double finalLoss, int bestEpoch,
            double[] bestTestTop1, double[] epochTestTop1, List<float[]> scores) {

        /** Copies the arrays. */
        public MultiResult {
            testTop1 = testTop1.clone();
            bestTestTop1 = bestTestTop1.clone();
            epochTestTop1 = epochTestTop1.clone();
            scores = List.copyOf(scores);
        }

        @Override
        public double[] testTop1() {
            return testTop1.clone();
        }

        @Override
        public double[] bestTestTop1() {
            return bestTestTop1.clone();
        }

        @Override
        public double[] epochTestTop1() {
            return epochTestTop1.clone();
        }
    }

    private LinearProbe() {}

    /**
     * Trains a {@code FEATURES} probe on {@code train} and evaluates on {@code test}.
     *
     * @param train training features
     * @param test test features (same dimension and classes)
     * @param config training settings
     * @param seed seed for initialisation and sample order
     * @param manager manager on the training device
     */
    public static Result fit(Features train, Features test, LinearEvalConfig config, long seed,
            NDManager manager) {
        MultiResult r = fit(train, List.of(test), config, seed, manager);
        return new Result(r.trainTop1(), r.testTop1()[0], r.finalLoss());
    }

    /**
     * Trains a {@code FEATURES} probe once on {@code train} and evaluates the fitted classifier on every set of
     * {@code tests} (e.g. the in-domain test set and out-of-domain variants of it), each standardised with the
     * training features' statistics. The first accuracy equals what {@link #fit(Features, Features,
     * LinearEvalConfig, long, NDManager)} returns for that set: the training does not depend on the test sets.
     *
     * @param train training features
     * @param tests test feature sets (same dimension and classes as {@code train}), at least one
     * @param config training settings, protocol {@code FEATURES}
     * @param seed seed for initialisation and sample order
     * @param manager manager on the training device
     * @throws IllegalArgumentException if {@code tests} is empty, a set differs from {@code train} in dimension, or
     *     the protocol is {@code AUGMENTED} (which needs the images: {@link #fitAugmented})
     */
    public static MultiResult fit(Features train, List<Features> tests, LinearEvalConfig config, long seed,
            NDManager manager) {
        return fit(train, tests, List.of(), config, seed, manager);
    }

    /**
     * As {@link #fit(Features, List, LinearEvalConfig, long, NDManager)}, also returning the fitted classifier's
     * class probabilities on every set of {@code scored} (standardised like the test sets).
     */
    public static MultiResult fit(Features train, List<Features> tests, List<Features> scored,
            LinearEvalConfig config, long seed, NDManager manager) {
        if (config.protocol() != LinearEvalConfig.Protocol.FEATURES) {
            throw new IllegalArgumentException("linear-eval protocol " + config.protocol().id() + " trains on"
                    + " augmented images, not on fixed features: use LinearProbe.fitAugmented or evaluate");
        }
        checkTests(train.dim(), tests);
        checkTests(train.dim(), scored, true);
        try (NDManager m = manager.newSubManager()) {
            NDArray[] stats = meanStd(train, m);
            NDArray xTrain = standardize(m.create(train.values(), new Shape(train.n(), train.dim())), stats);
            NDArray yTrain = m.create(train.labels());
            List<NDArray> xTests = new ArrayList<>();
            for (Features test : tests) {
                xTests.add(standardize(m.create(test.values(), new Shape(test.n(), test.dim())), stats));
            }
            Linear classifier = Linear.builder().setUnits(train.numClasses()).build();
            m.getEngine().setRandomSeed((int) seed);
            classifier.initialize(m, DataType.FLOAT32, new Shape(1, train.dim()));
            int batch = Math.min(config.batchSize(), train.n()); // a training subset smaller than one batch
            int steps = Math.max(1, train.n() / batch);
            SplittableRandom rng = new SplittableRandom(seed);
            BatchSource source = new BatchSource() {
                private int[] order;

                @Override
                public int steps() {
                    return steps;
                }

                @Override
                public NDList batch(int epoch, int b, NDManager sm) {
                    if (b == 0) {
                        order = Permutation.of(train.n(), rng);
                    }
                    int[] idx = new int[batch];
                    System.arraycopy(order, b * batch, idx, 0, idx.length);
                    NDArray index = sm.create(idx);
                    NDArray x = xTrain.get(new NDIndex("{}", index)); // (B, F)
                    NDArray y = yTrain.get(new NDIndex("{}", index)); // (B,)
                    x.attach(sm);
                    y.attach(sm);
                    return new NDList(x, y);
                }
            };
            Trained t = train(classifier, source, xTests, tests, config, m, Progress.silent(), "linear probe");
            double trainTop1 = accuracy(classifier, t.store(), xTrain, train.labels(), m);
            List<float[]> scores = new ArrayList<>();
            for (Features f : scored) {
                try (NDManager sm = m.newSubManager()) {
                    NDArray x = standardize(sm.create(f.values(), new Shape(f.n(), f.dim())), stats);
                    scores.add(probabilities(classifier, t.store(), x, sm));
                }
            }
            return t.result(trainTop1, scores);
        }
    }

    /**
     * Trains an {@code AUGMENTED} probe (the authors' protocol): every step reads a batch of {@code train}, makes
     * one {@code view} of each image, runs the frozen backbone of {@code encoder} in inference mode on it and takes
     * a step on the classifier only. The sample order and every view are fixed by {@code seed}, whatever the number
     * of {@code workers}. The last partial batch of an epoch is kept, as {@code main_lincls.py} keeps it.
     *
     * @param encoder the encoder whose backbone is probed; its gradient tracking is turned off
     * @param train training images with labels
     * @param view the training view (RandomResizedCrop + flip: {@link #trainingView})
     * @param tests features of the test sets made by the same backbone with the evaluation transform (raw, not
     *     standardised)
     * @param config training settings
     * @param seed seed for initialisation, sample order and views
     * @param workers threads making the views
     * @param manager manager on the training device
     * @param progress progress reporter
     */
    public static MultiResult fitAugmented(Encoder encoder, ImageDataset train, SemanticAugmentation view,
            List<Features> tests, LinearEvalConfig config, long seed, int workers, NDManager manager,
            Progress progress) {
        return fitAugmented(encoder, train, view, tests, List.of(), config, seed, workers, manager, progress);
    }

    /** As {@link #fitAugmented(Encoder, ImageDataset, SemanticAugmentation, List, LinearEvalConfig, long, int,
     * NDManager, Progress)}, also returning the class probabilities on every set of {@code scored} (raw features). */
    public static MultiResult fitAugmented(Encoder encoder, ImageDataset train, SemanticAugmentation view,
            List<Features> tests, List<Features> scored, LinearEvalConfig config, long seed, int workers,
            NDManager manager, Progress progress) {
        int dim = encoder.config().featureDim();
        checkTests(dim, tests);
        checkTests(dim, scored, true);
        if (workers < 1) {
            throw new IllegalArgumentException("linear-eval workers must be positive, got " + workers);
        }
        encoder.freeze();
        int c = train.channels();
        int s = view.outputSize();
        int viewFloats = c * s * s;
        int n = train.size();
        int batch = config.batchSize();
        int steps = (n + batch - 1) / batch;
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "nsn-linear-views");
            t.setDaemon(true);
            return t;
        });
        try (NDManager m = manager.newSubManager()) {
            List<NDArray> xTests = new ArrayList<>();
            for (Features test : tests) {
                xTests.add(m.create(test.values(), new Shape(test.n(), test.dim())));
            }
            Linear classifier = Linear.builder().setUnits(train.numClasses()).build();
            classifier.setInitializer(new NormalInitializer(0.01f), Parameter.Type.WEIGHT);
            m.getEngine().setRandomSeed((int) seed);
            classifier.initialize(m, DataType.FLOAT32, new Shape(1, dim));
            ParameterStore backboneStore = new ParameterStore(m, false);
            SplittableRandom rng = new SplittableRandom(seed);
            BatchSource source = new BatchSource() {
                private int[] order;
                private int orderEpoch = -1;
                private Future<float[]> next;

                @Override
                public int steps() {
                    return steps;
                }

                @Override
                public NDList batch(int epoch, int b, NDManager sm) {
                    if (orderEpoch != epoch) {
                        order = Permutation.of(n, rng);
                        orderEpoch = epoch;
                        next = submit(epoch, 0);
                    }
                    float[] pixels = get(next);
                    next = b + 1 < steps ? submit(epoch, b + 1) : null;
                    int size = Math.min(batch, n - b * batch);
                    int[] labels = new int[size];
                    for (int i = 0; i < size; i++) {
                        labels[i] = train.label(order[b * batch + i]);
                    }
                    NDArray x;
                    try (NDManager fm = sm.newSubManager()) {
                        NDArray images = fm.create(pixels, new Shape(size, c, s, s));
                        x = encoder.features(backboneStore, images, false); // (B, F), no gradient
                        x.attach(sm);
                    }
                    return new NDList(x, sm.create(labels));
                }

                private Future<float[]> submit(int epoch, int b) {
                    int[] ord = order;
                    return pool.submit(() -> views(train, view, ord, b * batch, Math.min(batch, n - b * batch),
                            viewFloats, seed, epoch, pool, workers));
                }
            };
            Trained t = train(classifier, source, xTests, tests, config, m, progress, "linear probe (augmented)");
            List<float[]> scores = new ArrayList<>();
            for (Features f : scored) {
                try (NDManager sm = m.newSubManager()) {
                    scores.add(probabilities(classifier, t.store(), sm.create(f.values(), new Shape(f.n(), f.dim())),
                            sm));
                }
            }
            return t.result(t.lastEpochTrainTop1(), scores);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Extracts features and fits the probe of {@code config}'s protocol: the evaluation routine of nsn's
     * experiments. The backbone's gradient tracking is turned off (it is never trained here).
     *
     * @param encoder the encoder whose backbone is probed
     * @param train training images
     * @param tests test image sets (the in-domain test set first)
     * @param mean normalisation mean of the encoder's inputs
     * @param std normalisation standard deviation
     * @param config probe settings
     * @param seed probe seed
     * @param workers threads making augmented views ({@code AUGMENTED} only)
     * @param manager manager on the evaluation device
     * @param progress progress reporter
     */
    public static MultiResult evaluate(Encoder encoder, ImageDataset train, List<ImageDataset> tests, float[] mean,
            float[] std, LinearEvalConfig config, long seed, int workers, NDManager manager, Progress progress) {
        return evaluate(encoder, train, tests, List.of(), mean, std, config, seed, workers, manager, progress);
    }

    /**
     * As {@link #evaluate(Encoder, ImageDataset, List, float[], float[], LinearEvalConfig, long, int, NDManager,
     * Progress)}, also returning the fitted classifier's class probabilities on every image set of {@code scored}.
     */
    public static MultiResult evaluate(Encoder encoder, ImageDataset train, List<ImageDataset> tests,
            List<ImageDataset> scored, float[] mean, float[] std, LinearEvalConfig config, long seed, int workers,
            NDManager manager, Progress progress) {
        encoder.freeze();
        int size = encoder.config().imageSize();
        SemanticAugmentation eval = SemanticAugmentation.evaluation(size, mean, std);
        List<Features> testFeatures = new ArrayList<>();
        for (ImageDataset set : tests) {
            testFeatures.add(FeatureExtractor.extract(encoder, set, eval, FEATURE_BATCH, manager, progress));
        }
        List<Features> scoredFeatures = new ArrayList<>();
        for (ImageDataset set : scored) {
            scoredFeatures.add(FeatureExtractor.extract(encoder, set, eval, FEATURE_BATCH, manager, progress));
        }
        if (config.protocol() == LinearEvalConfig.Protocol.AUGMENTED) {
            return fitAugmented(encoder, train, trainingView(size, mean, std), testFeatures, scoredFeatures, config,
                    seed, workers, manager, progress);
        }
        Features trainFeatures = FeatureExtractor.extract(encoder, train, eval, FEATURE_BATCH, manager, progress);
        return fit(trainFeatures, testFeatures, scoredFeatures, config, seed, manager);
    }

    /**
     * The training view of the authors' linear protocol: RandomResizedCrop to {@code size} with torchvision's
     * default scale [0.08, 1] and ratio [3/4, 4/3], horizontal flip with probability 0.5, then normalisation; no
     * colour augmentation.
     */
    public static SemanticAugmentation trainingView(int size, float[] mean, float[] std) {
        return SemanticAugmentation.mocoV2(new AugmentConfig(size, 0.08f, 1f, 0.5f, 0f, 0f, 0f, 0f, 0f, 0f, 0f,
                mean, std));
    }

    /** Makes the views of {@code count} images of {@code order} from {@code first}, split over the workers. */
    private static float[] views(ImageDataset data, SemanticAugmentation view, int[] order, int first, int count,
            int viewFloats, long seed, int epoch, ExecutorService pool, int workers) throws Exception {
        float[] out = new float[count * viewFloats];
        int chunks = Math.min(workers, count);
        List<Future<?>> parts = new ArrayList<>();
        for (int w = 1; w < chunks; w++) {
            int from = count * w / chunks;
            int to = count * (w + 1) / chunks;
            parts.add(pool.submit(() -> viewRange(data, view, order, first, from, to, viewFloats, seed, epoch, out)));
        }
        viewRange(data, view, order, first, 0, count / chunks, viewFloats, seed, epoch, out);
        for (Future<?> f : parts) {
            f.get();
        }
        return out;
    }

    private static void viewRange(ImageDataset data, SemanticAugmentation view, int[] order, int first, int from,
            int to, int viewFloats, long seed, int epoch, float[] out) {
        byte[] pixels = new byte[data.imageBytes()];
        for (int i = from; i < to; i++) {
            int index = order[first + i];
            data.readImage(index, pixels, 0);
            SplittableRandom r = new SplittableRandom(PretrainBatches.mix(seed, epoch, index));
            view.apply(pixels, 0, data.channels(), data.height(), data.width(), out, i * viewFloats, r);
        }
    }

    private static float[] get(Future<float[]> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while making linear-probe views", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("making linear-probe views failed: " + cause, cause);
        }
    }

    /** Supplies the (inputs, labels) of each step; inputs {@code (B, F)} and labels {@code (B,)} in {@code sm}. */
    private interface BatchSource {
        int steps();

        NDList batch(int epoch, int b, NDManager sm);
    }

    /** The trained classifier with its per-epoch record. */
    private record Trained(ParameterStore store, double[] last, double finalLoss, int bestEpoch, double[] best,
            double[] curve, double lastEpochTrainTop1) {

        MultiResult result(double trainTop1, List<float[]> scores) {
            return new MultiResult(trainTop1, last, finalLoss, bestEpoch, best, curve, scores);
        }
    }

    /**
     * SGD on the classifier's parameters over {@code source}'s batches, with the cosine schedule per step (no
     * milestones) or the step schedule per epoch; the test sets are scored after every epoch.
     */
    private static Trained train(Linear classifier, BatchSource source, List<NDArray> xTests, List<Features> tests,
            LinearEvalConfig config, NDManager m, Progress progress, String label) {
        List<Parameter> params = new ArrayList<>();
        for (Pair<String, Parameter> p : classifier.getParameters()) {
            params.add(p.getValue());
        }
        Sgd sgd = new Sgd(params, config.momentum(), config.weightDecay());
        ParameterStore store = new ParameterStore(m, false);
        int steps = source.steps();
        LearningRate cosine = LearningRate.cosine(config.lr(), (long) steps * config.epochs(), 0);
        boolean stepSchedule = !config.lrMilestones().isEmpty();
        double epochLoss = 0;
        double epochCorrect = 0;
        double epochSeen = 0;
        long step = 0;
        double[] curve = new double[config.epochs()];
        double[] last = new double[tests.size()];
        double[] best = null;
        int bestEpoch = 0;
        progress.start(label, (long) config.epochs() * steps);
        String status = "";
        for (int epoch = 0; epoch < config.epochs(); epoch++) {
            epochLoss = 0;
            epochCorrect = 0;
            epochSeen = 0;
            for (int b = 0; b < steps; b++) {
                try (NDManager sm = m.newSubManager()) {
                    NDList xy = source.batch(epoch, b, sm);
                    NDArray x = xy.get(0); // (B, F)
                    NDArray y = xy.get(1); // (B,)
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray logits = classifier.forward(store, new NDList(x), true).singletonOrThrow();
                        NDArray loss = InfoNce.crossEntropy(logits, y);
                        gc.backward(loss);
                        epochLoss += loss.getFloat();
                        epochCorrect += logits.argMax(1).toType(DataType.INT32, false)
                                .eq(y.toType(DataType.INT32, false)).sum().getLong();
                        epochSeen += y.getShape().get(0);
                    }
                    float lr = stepSchedule ? config.stepLr(epoch) : cosine.at(step);
                    step++;
                    sgd.step(lr);
                }
                progress.update(step, status);
            }
            epochLoss /= steps;
            for (int t = 0; t < last.length; t++) {
                last[t] = accuracy(classifier, store, xTests.get(t), tests.get(t).labels(), m);
            }
            curve[epoch] = last[0];
            if (best == null || last[0] > best[0]) {
                best = last.clone();
                bestEpoch = epoch + 1;
            }
            status = String.format(Locale.ROOT, "epoch %d loss %.4f, test top-1 %.2f%%", epoch + 1,
                    epochLoss, 100 * last[0]);
        }
        progress.finish(String.format(Locale.ROOT, "test top-1 %.2f%% (best %.2f%% at epoch %d)",
                100 * last[0], 100 * best[0], bestEpoch));
        return new Trained(store, last, epochLoss, bestEpoch, best, curve, epochCorrect / epochSeen);
    }

    private static void checkTests(int dim, List<Features> tests) {
        checkTests(dim, tests, false);
    }

    private static void checkTests(int dim, List<Features> tests, boolean mayBeEmpty) {
        if (tests.isEmpty() && !mayBeEmpty) {
            throw new IllegalArgumentException("at least one test feature set is required");
        }
        for (Features test : tests) {
            if (dim != test.dim()) {
                throw new IllegalArgumentException(
                        "train and test features differ in dimension: " + dim + " vs " + test.dim());
            }
        }
    }

    private static double accuracy(Linear classifier, ParameterStore store, NDArray x, int[] labels,
            NDManager m) {
        try (NDManager sm = m.newSubManager()) {
            x.tempAttach(sm);
            NDArray predicted = classifier.forward(store, new NDList(x), false).singletonOrThrow().argMax(1);
            long[] p = predicted.toLongArray();
            int correct = 0;
            for (int i = 0; i < p.length; i++) {
                if (p[i] == labels[i]) {
                    correct++;
                }
            }
            return (double) correct / labels.length;
        }
    }

    /** Softmax class probabilities {@code (n × classes)}, row-major. */
    private static float[] probabilities(Linear classifier, ParameterStore store, NDArray x, NDManager sm) {
        x.tempAttach(sm);
        return classifier.forward(store, new NDList(x), false).singletonOrThrow().softmax(1).toFloatArray();
    }

    private static NDArray[] meanStd(Features f, NDManager m) {
        NDArray x = m.create(f.values(), new Shape(f.n(), f.dim()));
        NDArray mean = x.mean(new int[] {0}, true); // (1, F)
        NDArray std = Scalars.add(x.sub(mean).square().mean(new int[] {0}, true).sqrt(), 1e-6f); // (1, F)
        return new NDArray[] {mean, std};
    }

    private static NDArray standardize(NDArray x, NDArray[] stats) {
        return x.sub(stats[0]).div(stats[1]);
    }
}
