package nsn.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * A fixed-size dictionary of negative keys, MoCo's queue: the newest batch of keys replaces the oldest.
 *
 * <p>Keys are stored as rows, {@code (K, D)}, L2-normalised, without gradient.
 */
public interface FeatureQueue extends AutoCloseable {

    /** Number of keys held, K. */
    int capacity();

    /** Key dimension, D. */
    int dim();

    /** Row where the next enqueued key goes. */
    int pointer();

    /** The keys, {@code (K, D)}. Callers must not modify or close the returned array. */
    NDArray keys();

    /**
     * Replaces the oldest rows with {@code keys}, wrapping around the end.
     *
     * @param keys {@code (B, D)} with {@code B ≤ K}, normalised
     */
    void enqueue(NDArray keys);

    /** Restores keys and pointer, e.g. from a checkpoint. */
    void restore(float[] keys, int pointer);

    @Override
    void close();

    /**
     * A ring-buffer queue initialised with random unit vectors, as MoCo does.
     *
     * @param manager where the queue lives (its device is the training device)
     * @param capacity K
     * @param dim D
     * @param seed seed of the random initial keys
     */
    static FeatureQueue ring(NDManager manager, int capacity, int dim, long seed) {
        return new RingFeatureQueue(manager, capacity, dim, seed);
    }
}
