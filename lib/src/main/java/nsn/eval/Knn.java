package nsn.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import nsn.model.Scalars;
import nsn.train.MoCo;

/**
 * Weighted k-nearest-neighbour evaluation of frozen features, the kNN monitor of InstDisc (Wu et al. 2018;
 * {@code kNN} in {@code zhirongw/lemniscate.pytorch}'s {@code test.py}) that MoCo's CIFAR demo also uses: every
 * feature is L2-normalised; for each test feature the k training features of highest cosine similarity s vote for
 * their labels with weight {@code exp(s / τ)}; the classes are ranked by their summed votes. Top-1 (and top-5, when
 * there are at least 5 classes) accuracy is the fraction of test features whose label is ranked first (among the
 * first five). Ties between classes of equal votes go to the lower class index.
 *
 * <p>The test features are compared with the training set in chunks of {@link KnnConfig#batchSize()} rows: one
 * {@code (B, d) × (d, n)} matrix product and a top-k per chunk on the manager's device, so 50,000 × 10,000 features
 * never need the full {@code 10,000 × 50,000} similarity matrix. The chunk size does not change the result.
 */
public final class Knn {

    /**
     * Accuracy of the kNN classifier.
     *
     * @param top1 fraction of test features whose label gets the most votes, in [0, 1]
     * @param top5 fraction whose label is among the five classes with the most votes, in [0, 1]; NaN with fewer
     *     than 5 classes
     * @param k neighbours that voted
     * @param testSize test features evaluated
     */
    public record Result(double top1, double top5, int k, int testSize) {}

    private Knn() {}

    /**
     * Classifies every test feature by the weighted votes of its k nearest training features.
     *
     * @param train labelled training features (the "memory bank")
     * @param test features to classify, same dimension, labels in the training features' classes
     * @param config k, τ and chunk size
     * @param manager manager on the evaluation device; nothing stays attached to it
     * @throws IllegalArgumentException if k exceeds the training features or the dimensions differ
     */
    public static Result evaluate(Features train, Features test, KnnConfig config, NDManager manager) {
        float[] votes = votes(train, test, config, manager);
        int classes = train.numClasses();
        int top1 = 0;
        int top5 = 0;
        for (int i = 0; i < test.n(); i++) {
            int rank = rank(votes, i * classes, classes, test.labels()[i]);
            top1 += rank < 1 ? 1 : 0;
            top5 += rank < 5 ? 1 : 0;
        }
        double n = Math.max(1, test.n());
        return new Result(top1 / n, classes >= 5 ? top5 / n : Double.NaN, config.k(), test.n());
    }

    /**
     * The summed vote of each class for each test feature: row {@code i} of the returned {@code test.n() ×
     * train.numClasses()} row-major array holds, for each class c, {@code Σ exp(s_j / τ)} over those of the k
     * nearest training features j (by cosine similarity s_j) labelled c.
     *
     * @throws IllegalArgumentException if k exceeds the training features or the dimensions differ
     */
    public static float[] votes(Features train, Features test, KnnConfig config, NDManager manager) {
        check(train, test, config);
        int d = train.dim();
        int classes = train.numClasses();
        float[] out = new float[test.n() * classes];
        try (NDManager m = manager.newSubManager()) {
            NDArray bank = MoCo.l2Normalize(m.create(train.values(), new Shape(train.n(), d))).transpose(); // (d, n)
            NDArray labels = m.create(train.labels()).toType(DataType.INT64, false); // (n,)
            for (int start = 0; start < test.n(); start += config.batchSize()) {
                int b = Math.min(config.batchSize(), test.n() - start);
                float[] rows = new float[b * d];
                System.arraycopy(test.values(), start * d, rows, 0, rows.length);
                try (NDManager cm = m.newSubManager()) {
                    NDArray q = MoCo.l2Normalize(cm.create(rows, new Shape(b, d))); // (b, d)
                    NDArray sim = q.matMul(bank); // (b, n)
                    NDList top = sim.topK(config.k(), 1, true, true); // values (b, k), indices (b, k)
                    NDArray weights = Scalars.div(top.get(0), config.temperature()).exp(); // (b, k)
                    NDArray neighbours = labels.take(cm, top.get(1).toType(DataType.INT64, false)); // (b, k)
                    NDArray oneHot = neighbours.oneHot(classes); // (b, k, C)
                    NDArray v = oneHot.mul(weights.expandDims(2)).sum(new int[] {1}); // (b, C)
                    System.arraycopy(v.toFloatArray(), 0, out, start * classes, b * classes);
                }
            }
        }
        return out;
    }

    /**
     * The rank (0 = first) of class {@code label} among {@code classes} votes starting at {@code offset}: the classes
     * with more votes, plus those with equal votes and a lower index.
     */
    static int rank(float[] votes, int offset, int classes, int label) {
        float mine = votes[offset + label];
        int rank = 0;
        for (int c = 0; c < classes; c++) {
            float v = votes[offset + c];
            if (v > mine || (v == mine && c < label)) {
                rank++;
            }
        }
        return rank;
    }

    private static void check(Features train, Features test, KnnConfig config) {
        if (config.k() > train.n()) {
            throw new IllegalArgumentException("kNN k = " + config.k() + " exceeds the " + train.n()
                    + " training features; use k <= " + train.n());
        }
        if (train.dim() != test.dim()) {
            throw new IllegalArgumentException(
                    "train and test features differ in dimension: " + train.dim() + " vs " + test.dim());
        }
        for (int y : test.labels()) {
            if (y < 0 || y >= train.numClasses()) {
                throw new IllegalArgumentException("test label " + y + " is outside the training features' "
                        + train.numClasses() + " classes");
            }
        }
    }
}
