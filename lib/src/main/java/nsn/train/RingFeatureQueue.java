package nsn.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;

/** {@link FeatureQueue} as a ring buffer over one {@code (K, D)} array. */
final class RingFeatureQueue implements FeatureQueue {

    private final NDManager manager;
    private final NDArray keys;
    private final int capacity;
    private final int dim;
    private int pointer;

    RingFeatureQueue(NDManager parent, int capacity, int dim, long seed) {
        if (capacity < 1 || dim < 1) {
            throw new IllegalArgumentException(
                    "queue capacity and dim must be positive, got K=" + capacity + " D=" + dim);
        }
        this.capacity = capacity;
        this.dim = dim;
        this.manager = parent.newSubManager();
        float[] init = new float[capacity * dim];
        SplittableRandom rng = new SplittableRandom(seed);
        for (int r = 0; r < capacity; r++) {
            double norm = 0;
            for (int c = 0; c < dim; c++) {
                float v = (float) gaussian(rng);
                init[r * dim + c] = v;
                norm += v * v;
            }
            float inv = (float) (1.0 / Math.max(Math.sqrt(norm), 1e-12));
            for (int c = 0; c < dim; c++) {
                init[r * dim + c] *= inv;
            }
        }
        this.keys = manager.create(init, new Shape(capacity, dim));
    }

    private static double gaussian(SplittableRandom rng) {
        double u1 = 1.0 - rng.nextDouble();
        double u2 = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    @Override
    public int capacity() {
        return capacity;
    }

    @Override
    public int dim() {
        return dim;
    }

    @Override
    public int pointer() {
        return pointer;
    }

    @Override
    public NDArray keys() {
        return keys;
    }

    @Override
    public void enqueue(NDArray batch) {
        Shape s = batch.getShape();
        if (s.dimension() != 2 || s.get(1) != dim) {
            throw new IllegalArgumentException("enqueue expects (B, " + dim + ") keys, got " + s);
        }
        int b = (int) s.get(0);
        if (b > capacity) {
            throw new IllegalArgumentException(
                    "cannot enqueue " + b + " keys into a queue of capacity " + capacity);
        }
        int first = Math.min(b, capacity - pointer);
        keys.set(new NDIndex("{}:{}", pointer, pointer + first),
                first == b ? batch : batch.get(new NDIndex("0:{}", first)));
        if (first < b) { // wrap around: the rest goes to the start
            keys.set(new NDIndex("0:{}", b - first), batch.get(new NDIndex("{}:", first)));
        }
        pointer = (pointer + b) % capacity;
    }

    @Override
    public void restore(float[] values, int ptr) {
        if (values.length != capacity * dim || ptr < 0 || ptr >= capacity) {
            throw new IllegalArgumentException("queue state does not match K=" + capacity + " D=" + dim
                    + ": got " + values.length + " values, pointer " + ptr);
        }
        keys.set(values);
        pointer = ptr;
    }

    @Override
    public void close() {
        manager.close();
    }
}
