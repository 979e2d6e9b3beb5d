package nsn.eval;

/**
 * Linear-probe training: SGD with momentum and a cosine schedule on standardised frozen features.
 *
 * @param epochs passes over the training features
 * @param batchSize features per step
 * @param lr base learning rate
 * @param momentum SGD momentum
 * @param weightDecay L2 weight decay
 */
public record LinearEvalConfig(int epochs, int batchSize, float lr, float momentum, float weightDecay) {

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
    }

    /** Defaults that converge on standardised features in a few seconds on a CPU. */
    public static LinearEvalConfig defaults() {
        return new LinearEvalConfig(30, 256, 0.1f, 0.9f, 1e-4f);
    }
}
