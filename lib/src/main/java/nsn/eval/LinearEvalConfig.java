package nsn.eval;

/**
 * Linear-probe training: SGD with momentum and a cosine schedule on standardised frozen features.
 *
 * @param epochs passes over the training features
 * @param batchSize features per step
 * @param lr base learning rate
 * @param momentum SGD momentum
 * @param weightDecay L2 weight decay
 * @param trainImages train the probe on the features of a seeded random subset of this many training images
 *     (0 = all of them, the linear evaluation protocol); the small presets' comparisons use a subset, since
 *     extracting features of every training image costs more than their short pretraining
 */
public record LinearEvalConfig(int epochs, int batchSize, float lr, float momentum, float weightDecay,
        int trainImages) {

    /** Validates the values. */
    public LinearEvalConfig {
        if (epochs < 1) {
            throw new IllegalArgumentException("linear-eval epochs must be positive, got " + epochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("linear-eval batch size must be positive, got " + batchSize);
        }
        if (!(lr > 0f)) {
            throw new IllegalArgumentException("linear-eval learning rate must be positive, got " + lr);
        }
        if (!(momentum >= 0f && momentum < 1f)) {
            throw new IllegalArgumentException("linear-eval momentum must be in [0, 1), got " + momentum);
        }
        if (!(weightDecay >= 0f)) {
            throw new IllegalArgumentException("linear-eval weight decay must be >= 0, got " + weightDecay);
        }
        if (trainImages < 0) {
            throw new IllegalArgumentException("linear-eval train images must be >= 0 (0 = all), got " + trainImages);
        }
    }

    /** A probe on the features of every training image. */
    public LinearEvalConfig(int epochs, int batchSize, float lr, float momentum, float weightDecay) {
        this(epochs, batchSize, lr, momentum, weightDecay, 0);
    }

    /** A copy with another number of epochs. */
    public LinearEvalConfig withEpochs(int newEpochs) {
        return new LinearEvalConfig(newEpochs, batchSize, lr, momentum, weightDecay, trainImages);
    }

    /** A copy trained on a seeded random subset of {@code n} training images (0 = all). */
    public LinearEvalConfig withTrainImages(int n) {
        return new LinearEvalConfig(epochs, batchSize, lr, momentum, weightDecay, n);
    }

    /** Defaults that converge on standardised features in a few seconds on a CPU. */
    public static LinearEvalConfig defaults() {
        return new LinearEvalConfig(30, 256, 0.1f, 0.9f, 1e-4f);
    }
}
