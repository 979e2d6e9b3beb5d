package nsn.eval;

/**
 * Settings of the weighted kNN evaluation ({@link Knn}).
 *
 * @param k neighbours that vote, at least 1 (and at most the number of training features, checked by {@link Knn})
 * @param temperature τ of the vote weight {@code exp(sim / τ)}, positive and finite
 * @param batchSize test features compared with the whole training set at once; bounds the {@code batchSize × n}
 *     similarity matrix held in memory, and does not change the result
 */
public record KnnConfig(int k, float temperature, int batchSize) {

    /** Neighbours of InstDisc's kNN monitor: {@code kNN(..., 200, args.nce_t)} in lemniscate.pytorch's main.py. */
    public static final int DEFAULT_K = 200;

    /** τ of InstDisc's kNN monitor: {@code --nce-t} defaults to 0.07 in lemniscate.pytorch's main.py. */
    public static final float DEFAULT_TEMPERATURE = 0.07f;

    /** Test features per similarity chunk by default: 256 × 50,000 floats is 51 MB. */
    public static final int DEFAULT_BATCH_SIZE = 256;

    /** Validates the values. */
    public KnnConfig {
        if (k < 1) {
            throw new IllegalArgumentException("kNN k must be at least 1, got " + k);
        }
        if (!(temperature > 0f) || Float.isInfinite(temperature)) {
            throw new IllegalArgumentException("kNN temperature must be positive and finite, got " + temperature);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("kNN batch size must be at least 1, got " + batchSize);
        }
    }

    /** k = 200, τ = 0.07 (InstDisc / MoCo's kNN monitor), 256 test features per chunk. */
    public static KnnConfig defaults() {
        return new KnnConfig(DEFAULT_K, DEFAULT_TEMPERATURE, DEFAULT_BATCH_SIZE);
    }

    /** A copy with another k. */
    public KnnConfig withK(int newK) {
        return new KnnConfig(newK, temperature, batchSize);
    }

    /** A copy with another chunk size. */
    public KnnConfig withBatchSize(int newBatchSize) {
        return new KnnConfig(k, temperature, newBatchSize);
    }
}
