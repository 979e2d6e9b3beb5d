package nsn.analysis;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;
import nsn.augment.AugmentConfig;
import nsn.augment.Normalization;
import nsn.augment.SemanticAugmentation;
import nsn.data.ImageDataset;
import nsn.loss.InfoNce;
import nsn.model.Encoder;
import nsn.model.EncoderConfig;
import nsn.model.FlatParameters;
import nsn.report.Progress;
import nsn.train.LearningRate;
import nsn.train.Permutation;
import nsn.train.PretrainBatches;
import nsn.train.Sgd;

/**
 * A supervised image classifier: an {@link Encoder} whose backbone is a ResNet or a VGG and whose head is one linear layer to
 * the class logits, trained end to end with cross-entropy ({@link SupervisedConfig}), as the supervised models of
 * §4.2 (paper Figures 7, 9, 10) are.
 *
 * <p>Training is fixed by the seed: it seeds the engine's parameter initialisation, the sample order of every epoch
 * ({@link Permutation} from one random source) and each training view (a random source seeded by the seed, the
 * epoch and the image's index). Each step makes its views on the calling thread, runs the forward pass inside its
 * own sub-manager of the step's manager and keeps only the loss and logits, as {@code nsn.train.Pretrainer} does.
 * Predictions use the evaluation transform ({@link SemanticAugmentation#evaluation}) with BatchNorm's running
 * statistics.
 */
public final class SupervisedClassifier implements AutoCloseable {

    /** Images per forward pass when predicting. */
    public static final int PREDICT_BATCH = 256;

    /**
     * What training did.
     *
     * @param finalLoss mean cross-entropy of the last epoch
     * @param lastEpochTrainTop1 top-1 accuracy on the training views of the last epoch, in [0, 1]
     * @param steps optimisation steps taken
     * @param seconds wall-clock seconds of training
     */
    public record TrainingSummary(double finalLoss, double lastEpochTrainTop1, long steps, double seconds) {}

    private final Encoder network;
    private final Normalization normalization;
    private final List<String> classes;
    private final TrainingSummary summary;

    private SupervisedClassifier(Encoder network, Normalization normalization, List<String> classes,
            TrainingSummary summary) {
        this.network = network;
        this.normalization = normalization;
        this.classes = List.copyOf(classes);
        this.summary = summary;
    }

    /**
     * The network of a classifier with {@code backbone}'s network (ResNet or VGG) and a linear head to {@code classes} logits.
     *
     * @param backbone depth, width, stem, channels and input size (its projection head settings are ignored)
     * @param classes number of classes, at least 2
     */
    public static EncoderConfig network(EncoderConfig backbone, int classes) {
        if (classes < 2) {
            throw new IllegalArgumentException("a classifier needs at least 2 classes, got " + classes);
        }
        return new EncoderConfig(backbone.depth(), backbone.width(), backbone.stem(), backbone.channels(),
                backbone.imageSize(), classes, false, 0, false, backbone.backbone());
    }

    /**
     * Trains a classifier on {@code train}.
     *
     * @param backbone the network (family, depth, width, stem) and the input channels and size; the input size is the side
     *     of the training crops and of the evaluation images
     * @param train labelled training images with the backbone's channels
     * @param normalization per-channel mean and standard deviation of the inputs (e.g. estimated from {@code train})
     * @param config training settings
     * @param seed seed of the initialisation, the sample order and the views
     * @param manager parent manager on the training device; the classifier's parameters live in a sub-manager of it
     *     until {@link #close()}
     * @param progress progress reporter (one bar per epoch)
     * @throws IllegalArgumentException if the channels do not match or there are fewer than 2 training images
     * @throws IllegalStateException if the loss stops being finite
     */
    public static SupervisedClassifier train(EncoderConfig backbone, ImageDataset train, Normalization normalization,
            SupervisedConfig config, long seed, NDManager manager, Progress progress) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(normalization, "normalization");
        int c = train.channels();
        if (c != backbone.channels()) {
            throw new IllegalArgumentException(train.name() + " has " + c + " channels, the classifier expects "
                    + backbone.channels());
        }
        int n = train.size();
        if (n < 2) {
            throw new IllegalArgumentException("a classifier needs at least 2 training images, " + train.name()
                    + " has " + n);
        }
        int s = backbone.imageSize();
        SemanticAugmentation view = SemanticAugmentation.mocoV2(new AugmentConfig(s, config.minScale(), 1f,
                config.flipProb(), 0f, 0f, 0f, 0f, 0f, 0f, 0f, normalization.mean(), normalization.std()));
        int batch = Math.min(config.batchSize(), n);
        int steps = n / batch;
        int viewFloats = c * s * s;
        Encoder network = Encoder.create(network(backbone, train.numClasses()), manager, seed);
        try {
            initHead(network);
            List<ai.djl.nn.Parameter> params = network.parameters().stream().filter(Encoder::isTrainable).toList();
            Sgd sgd = new Sgd(params, config.momentum(), config.weightDecay());
            ParameterStore store = new ParameterStore(manager, false);
            LearningRate lr = LearningRate.cosine(config.lr(), (long) steps * config.epochs(), 0);
            SplittableRandom orderRng = new SplittableRandom(seed);
            byte[] pixels = new byte[train.imageBytes()];
            long t0 = System.nanoTime();
            long step = 0;
            double epochLoss = Double.NaN;
            double epochTop1 = Double.NaN;
            for (int epoch = 0; epoch < config.epochs(); epoch++) {
                int[] order = Permutation.of(n, orderRng);
                progress.start(String.format(Locale.ROOT, "train %d/%d", epoch + 1, config.epochs()), steps);
                double lossSum = 0;
                long correct = 0;
                for (int b = 0; b < steps; b++) {
                    float[] x = new float[batch * viewFloats];
                    int[] y = new int[batch];
                    for (int i = 0; i < batch; i++) {
                        int index = order[b * batch + i];
                        train.readImage(index, pixels, 0);
                        y[i] = train.label(index);
                        view.apply(pixels, 0, c, train.height(), train.width(), x, i * viewFloats,
                                new SplittableRandom(PretrainBatches.mix(seed, epoch, index)));
                    }
                    float rate = lr.at(step);
                    float loss;
                    try (NDManager sm = manager.newSubManager()) {
                        NDArray images = sm.create(x, new Shape(batch, c, s, s));
                        NDArray labels = sm.create(y);
                        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                            NDArray logits;
                            try (NDManager forward = sm.newSubManager()) {
                                images.tempAttach(forward);
                                logits = network.forward(store, images, true);
                                logits.attach(sm);
                            }
                            NDArray l = InfoNce.crossEntropy(logits, labels);
                            gc.backward(l);
                            loss = l.getFloat();
                            correct += logits.argMax(1).toType(DataType.INT32, false).eq(labels).sum().getLong();
                        }
                        sgd.step(rate);
                    }
                    if (!Float.isFinite(loss)) {
                        throw new IllegalStateException(String.format(Locale.ROOT, "supervised loss became %s at"
                                + " epoch %d step %d (lr %.4g); lower the learning rate", loss, epoch + 1, b, rate));
                    }
                    step++;
                    lossSum += loss;
                    progress.update(b + 1, String.format(Locale.ROOT, "loss %.4f", lossSum / (b + 1)));
                }
                epochLoss = lossSum / steps;
                epochTop1 = (double) correct / ((long) steps * batch);
                progress.finish(String.format(Locale.ROOT, "loss %.4f, train top-1 %.1f%%", epochLoss,
                        100 * epochTop1));
            }
            TrainingSummary summary = new TrainingSummary(epochLoss, epochTop1, step,
                    (System.nanoTime() - t0) / 1e9);
            return new SupervisedClassifier(network, normalization, train.classes(), summary);
        } catch (RuntimeException e) {
            network.close();
            throw e;
        }
    }

    /**
     * Re-draws the linear head's weight from N(0, 0.01²) with a zero bias (as nsn's linear probe and MoCo's
     * {@code main_lincls.py} initialise a classifier), from the engine's generator seeded by {@link Encoder#create}:
     * the encoder's Kaiming fan-out initialisation gives a 10-unit head logits large enough to start the
     * cross-entropy far above log(classes).
     */
    private static void initHead(Encoder network) {
        List<ai.djl.nn.Parameter> params = network.parameters();
        ai.djl.nn.Parameter weight = params.get(params.size() - 2);
        ai.djl.nn.Parameter bias = params.get(params.size() - 1);
        int classes = network.config().projectionDim();
        if (weight.getType() != ai.djl.nn.Parameter.Type.WEIGHT || bias.getType() != ai.djl.nn.Parameter.Type.BIAS
                || weight.getArray().getShape().get(0) != classes) {
            throw new IllegalStateException("the encoder's last parameters are not its linear head: "
                    + weight.getName() + ", " + bias.getName());
        }
        NDArray w = weight.getArray();
        try (NDManager m = w.getManager().newSubManager()) {
            // in place: the head's arrays are views of the encoder's packed parameters (copyTo would detach them)
            FlatParameters.copyInto(w, m.randomNormal(0f, 0.01f, w.getShape(), DataType.FLOAT32));
            FlatParameters.copyInto(bias.getArray(), m.zeros(bias.getArray().getShape(), DataType.FLOAT32));
        }
    }

    /** The network's architecture (a linear head to the class logits). */
    public EncoderConfig architecture() {
        return network.config();
    }

    /** The class names, in label order. */
    public List<String> classes() {
        return classes;
    }

    /** What training did. */
    public TrainingSummary summary() {
        return summary;
    }

    /** The trained network (backbone and linear head). */
    public Encoder network() {
        return network;
    }

    /**
     * The predicted class of every image of {@code images}: the evaluation transform to the network's input size,
     * the network in inference mode, the arg-max logit.
     *
     * @param images images with the network's channels
     * @param manager manager on the network's device
     * @param progress progress reporter
     * @return one label per image, in {@code [0, classes)}
     */
    public int[] predict(ImageDataset images, NDManager manager, Progress progress) {
        EncoderConfig arch = network.config();
        int c = images.channels();
        if (c != arch.channels()) {
            throw new IllegalArgumentException(images.name() + " has " + c + " channels, the classifier expects "
                    + arch.channels());
        }
        int s = arch.imageSize();
        SemanticAugmentation eval = SemanticAugmentation.evaluation(s, normalization.mean(), normalization.std());
        int n = images.size();
        int viewFloats = c * s * s;
        int[] out = new int[n];
        byte[] pixels = new byte[images.imageBytes()];
        ParameterStore store = new ParameterStore(manager, false);
        progress.start("predict " + images.name(), n);
        for (int start = 0; start < n; start += PREDICT_BATCH) {
            int b = Math.min(PREDICT_BATCH, n - start);
            float[] x = new float[b * viewFloats];
            for (int i = 0; i < b; i++) {
                images.readImage(start + i, pixels, 0);
                eval.apply(pixels, 0, c, images.height(), images.width(), x, i * viewFloats, null);
            }
            try (NDManager sm = manager.newSubManager()) {
                long[] p = network.forward(store, sm.create(x, new Shape(b, c, s, s)), false).argMax(1)
                        .toLongArray();
                for (int i = 0; i < b; i++) {
                    out[start + i] = (int) p[i];
                }
            }
            progress.update(start + b, "");
        }
        progress.finish("");
        return out;
    }

    /** Frees the network's parameters. */
    @Override
    public void close() {
        network.close();
    }
}
