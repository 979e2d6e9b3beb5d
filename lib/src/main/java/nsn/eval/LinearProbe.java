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
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import nsn.loss.InfoNce;
import nsn.train.LearningRate;
import nsn.train.Permutation;
import nsn.train.Sgd;

/**
 * The linear evaluation protocol: a softmax classifier trained on frozen features, top-1 accuracy on held-out
 * features. Features are standardised with the training set's per-dimension mean and standard deviation (a
 * parameter-free BatchNorm), which makes one learning rate work for every encoder, pretrained or random.
 */
public final class LinearProbe {

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
     * @param trainTop1 top-1 accuracy on the training features, in [0, 1]
     * @param testTop1 top-1 accuracy on each test feature set, in the order given, in [0, 1]
     * @param finalLoss mean cross-entropy of the last epoch
     */
    public record MultiResult(double trainTop1, double[] testTop1, double finalLoss) {

        /** Copies the accuracies. */
        public MultiResult {
            testTop1 = testTop1.clone();
        }

        @Override
        public double[] testTop1() {
            return testTop1.clone();
        }
    }

    private LinearProbe() {}

    /**
     * Trains the probe on {@code train} and evaluates on {@code test}.
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
     * Trains the probe once on {@code train} and evaluates the fitted classifier on every set of {@code tests}
     * (e.g. the in-domain test set and out-of-domain variants of it), each standardised with the training
     * features' statistics. The first accuracy equals what {@link #fit(Features, Features, LinearEvalConfig,
     * long, NDManager)} returns for that set: the training does not depend on the test sets.
     *
     * @param train training features
     * @param tests test feature sets (same dimension and classes as {@code train}), at least one
     * @param config training settings
     * @param seed seed for initialisation and sample order
     * @param manager manager on the training device
     * @throws IllegalArgumentException if {@code tests} is empty or a set differs from {@code train} in dimension
     */
    public static MultiResult fit(Features train, List<Features> tests, LinearEvalConfig config, long seed,
            NDManager manager) {
        if (tests.isEmpty()) {
            throw new IllegalArgumentException("at least one test feature set is required");
        }
        for (Features test : tests) {
            if (train.dim() != test.dim()) {
                throw new IllegalArgumentException(
                        "train and test features differ in dimension: " + train.dim() + " vs " + test.dim());
            }
        }
        try (NDManager m = manager.newSubManager()) {
            NDArray[] stats = meanStd(train, m);
            NDArray xTrain = standardize(m.create(train.values(), new Shape(train.n(), train.dim())), stats);
            NDArray yTrain = m.create(train.labels());

            Linear classifier = Linear.builder().setUnits(train.numClasses()).build();
            m.getEngine().setRandomSeed((int) seed);
            classifier.initialize(m, DataType.FLOAT32, new Shape(1, train.dim()));
            List<Parameter> params = new ArrayList<>();
            for (Pair<String, Parameter> p : classifier.getParameters()) {
                params.add(p.getValue());
            }
            Sgd sgd = new Sgd(params, config.momentum(), config.weightDecay());
            ParameterStore store = new ParameterStore(m, false);
            int steps = Math.max(1, train.n() / config.batchSize());
            LearningRate schedule = LearningRate.cosine(config.lr(), (long) steps * config.epochs(), 0);
            SplittableRandom rng = new SplittableRandom(seed);
            double epochLoss = 0;
            long step = 0;
            for (int epoch = 0; epoch < config.epochs(); epoch++) {
                int[] order = Permutation.of(train.n(), rng);
                epochLoss = 0;
                for (int b = 0; b < steps; b++) {
                    try (NDManager sm = m.newSubManager()) {
                        int[] idx = new int[config.batchSize()];
                        System.arraycopy(order, b * config.batchSize(), idx, 0, idx.length);
                        NDArray index = sm.create(idx);
                        NDArray x = xTrain.get(new NDIndex("{}", index)); // (B, F)
                        NDArray y = yTrain.get(new NDIndex("{}", index)); // (B,)
                        x.attach(sm);
                        y.attach(sm);
                        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                            NDArray logits = classifier.forward(store, new NDList(x), true).singletonOrThrow();
                            NDArray loss = InfoNce.crossEntropy(logits, y);
                            gc.backward(loss);
                            epochLoss += loss.getFloat();
                        }
                        sgd.step(schedule.at(step++));
                    }
                }
                epochLoss /= steps;
            }
            double trainTop1 = accuracy(classifier, store, xTrain, train.labels(), m);
            double[] testTop1 = new double[tests.size()];
            for (int t = 0; t < testTop1.length; t++) {
                Features test = tests.get(t);
                try (NDManager tm = m.newSubManager()) {
                    NDArray xTest = standardize(tm.create(test.values(), new Shape(test.n(), test.dim())), stats);
                    testTop1[t] = accuracy(classifier, store, xTest, test.labels(), tm);
                }
            }
            return new MultiResult(trainTop1, testTop1, epochLoss);
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

    private static NDArray[] meanStd(Features f, NDManager m) {
        NDArray x = m.create(f.values(), new Shape(f.n(), f.dim()));
        NDArray mean = x.mean(new int[] {0}, true); // (1, F)
        NDArray std = x.sub(mean).square().mean(new int[] {0}, true).sqrt().add(1e-6f); // (1, F)
        return new NDArray[] {mean, std};
    }

    private static NDArray standardize(NDArray x, NDArray[] stats) {
        return x.sub(stats[0]).div(stats[1]);
    }
}
