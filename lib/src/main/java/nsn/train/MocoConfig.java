package nsn.train;

/**
 * MoCo-v2 hyper-parameters with the paper's non-semantic term.
 *
 * @param queueSize K, the number of standard negatives (65536 in MoCo, 16384 in the paper's ImageNet-100 runs)
 * @param keyMomentum m of the key-encoder update (0.999 in MoCo; lower for short runs)
 * @param temperature τ (0.2 in MoCo-v2)
 * @param alpha α, the scale of the non-semantic similarity in Eq. 1 (0 disables the term)
 * @param nonSemanticPerImage M, non-semantic negatives per query (1 in the paper's runs); 0 means none
 */
public record MocoConfig(int queueSize, float keyMomentum, float temperature, float alpha, int nonSemanticPerImage) {

    /** Validates the values. */
    public MocoConfig {
        if (queueSize < 1) {
            throw new IllegalArgumentException("queue size must be positive, got " + queueSize);
        }
        if (!(keyMomentum >= 0f && keyMomentum < 1f)) {
            throw new IllegalArgumentException("key momentum must be in [0, 1), got " + keyMomentum);
        }
        if (!(temperature > 0f) || Float.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be positive, got " + temperature);
        }
        if (!(alpha >= 0f) || Float.isInfinite(alpha)) {
            throw new IllegalArgumentException("alpha must be non-negative, got " + alpha);
        }
        if (nonSemanticPerImage < 0 || nonSemanticPerImage > 16) {
            throw new IllegalArgumentException(
                    "non-semantic negatives per image must be in [0, 16], got " + nonSemanticPerImage);
        }
    }

    /** Whether the non-semantic term of Eq. 1 is active. */
    public boolean usesNonSemantic() {
        return nonSemanticPerImage > 0;
    }

    /** The paper's ImageNet-100 setting: K = 16384, m = 0.999, τ = 0.2, α = 2, one patch negative. */
    public static MocoConfig paper() {
        return new MocoConfig(16384, 0.999f, 0.2f, 2f, 1);
    }
}
