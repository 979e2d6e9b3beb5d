package nsn.train;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import nsn.augment.SemanticAugmentation;
import nsn.data.ImageDataset;

/**
 * Makes pretraining batches — two semantic views per image and M non-semantic negatives from a
 * {@link NegativeSource} — on worker threads, a few batches ahead of the training step.
 *
 * <p>Every batch is a pure function of {@code (seed, epoch, batch index)}: the epoch's sample order and each
 * sample's random choices derive from them, so any number of workers, and a run resumed at an epoch boundary,
 * produce exactly the same views. The last partial batch of an epoch is dropped, as in MoCo.
 *
 * <p>Each image gets its own random source, split from the batch's. With patch negatives (or none) the query
 * view, the key view and then the negatives draw from it in turn. When the source {@linkplain
 * NegativeSource#replaysQuery() replays the query's augmentation} (texture negatives), the image's random source
 * first gives a seed, the query view is made with {@code new SplittableRandom(seed)}, and the negative source
 * repeats that seed on the texture; the key view then draws from the image's random source as before.
 *
 * <p>For training on an accelerator the loader can also <em>stage</em> each batch: the worker that makes it copies
 * its views into direct buffers, from which the step's host-to-device copies read with no copy of their own on the
 * training thread (for ResNet-50 at 224 px, batch 64, that copy of 115 MB was a quarter of nsn's step on an H100;
 * docs/BENCHMARKS.md, "GPU"). The buffers come from a ring of {@code workers + 3} sets reused from batch to batch,
 * so a batch's staged buffers stay valid until the iterator's next call to {@code next()}.
 */
public final class PretrainBatches implements AutoCloseable {

    /**
     * One batch of views, each CHW floats laid out sample after sample.
     *
     * @param index batch index within the epoch
     * @param size images in the batch, N
     * @param query query views {@code (N, C, S, S)}
     * @param key key views {@code (N, C, S, S)}
     * @param negatives non-semantic negatives {@code (N·M, C, S, S)}, grouped by image; empty when M = 0
     * @param staged the same three in native-order direct buffers (query, key, negatives), or {@code null} when the
     *     loader does not stage; valid until the iterator's next call to {@code next()}
     */
    public record Batch(int index, int size, float[] query, float[] key, float[] negatives, ByteBuffer[] staged) {

        /** A batch that is not staged. */
        public Batch(int index, int size, float[] query, float[] key, float[] negatives) {
            this(index, size, query, key, negatives, null);
        }

        /**
         * View {@code i}'s staged buffer (0 query, 1 key, 2 negatives), or {@code null} when the batch is not staged.
         */
        public ByteBuffer staged(int i) {
            return staged == null ? null : staged[i];
        }
    }

    private final ImageDataset data;
    private final SemanticAugmentation augmentation;
    private final NegativeSource negatives;
    private final int batchSize;
    private final long seed;
    private final int prefetch;
    private final ExecutorService workers;
    /** Staging buffers, one set per ring slot (batch index modulo its length); null when not staging. */
    private final ByteBuffer[][] ring;
    /** The pending batches of the latest epoch iterator, drained before another iterator reuses the ring. */
    private ArrayDeque<Future<Batch>> latest;

    /**
     * @param data training images
     * @param augmentation semantic augmentation making the query and key views
     * @param negatives source of the M non-semantic negatives per image
     * @param batchSize N
     * @param seed run seed
     * @param workers loader threads
     * @throws IllegalArgumentException if the batch size or worker count is out of range, or the negative source
     *     does not fit {@code data} (a texture dataset of another size or shape)
     */
    public PretrainBatches(ImageDataset data, SemanticAugmentation augmentation, NegativeSource negatives,
            int batchSize, long seed, int workers) {
        this(data, augmentation, negatives, batchSize, seed, workers, false);
    }

    /**
     * @param data training images
     * @param augmentation semantic augmentation making the query and key views
     * @param negatives source of the M non-semantic negatives per image
     * @param batchSize N
     * @param seed run seed
     * @param workers loader threads
     * @param stage whether the workers also copy each batch into direct buffers for a device upload ({@link
     *     Batch#staged()})
     * @throws IllegalArgumentException if the batch size or worker count is out of range, or the negative source
     *     does not fit {@code data} (a texture dataset of another size or shape)
     */
    public PretrainBatches(ImageDataset data, SemanticAugmentation augmentation, NegativeSource negatives,
            int batchSize, long seed, int workers, boolean stage) {
        if (batchSize < 1 || batchSize > data.size()) {
            throw new IllegalArgumentException("batch size must be in [1, " + data.size() + "] for "
                    + data.name() + ", got " + batchSize);
        }
        if (workers < 1) {
            throw new IllegalArgumentException("loader workers must be positive, got " + workers);
        }
        negatives.checkCompatible(data);
        this.data = data;
        this.augmentation = augmentation;
        this.negatives = negatives;
        this.batchSize = batchSize;
        this.seed = seed;
        this.prefetch = workers + 1;
        // a batch's set is next written by batch index + ring length, submitted once the consumer has taken the
        // batch after it: pending (at most prefetch) + the one being consumed + one
        this.ring = stage ? new ByteBuffer[prefetch + 2][] : null;
        this.workers = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "nsn-loader");
            t.setDaemon(true);
            return t;
        });
    }

    /** Full batches per epoch. */
    public int batchesPerEpoch() {
        return data.size() / batchSize;
    }

    /** Floats per view: C × S × S. */
    public int viewFloats() {
        return data.channels() * augmentation.outputSize() * augmentation.outputSize();
    }

    /** The sample order of {@code epoch}: a seeded Fisher–Yates permutation. */
    int[] order(int epoch) {
        return Permutation.of(data.size(), new SplittableRandom(mix(seed, epoch, -1)));
    }

    /**
     * The batches of one epoch from {@code firstBatch} on, prepared ahead on the worker threads.
     *
     * @param epoch epoch number (0-based)
     * @param firstBatch first batch to produce (0 for a whole epoch)
     */
    public Iterator<Batch> epoch(int epoch, int firstBatch) {
        int[] order = order(epoch);
        int total = batchesPerEpoch();
        ArrayDeque<Future<Batch>> queue = new ArrayDeque<>();
        drainLatest();
        latest = queue;
        return new Iterator<>() {
            private final ArrayDeque<Future<Batch>> pending = queue;
            private int next = firstBatch;

            private void fill() {
                while (pending.size() < prefetch && next < total) {
                    int b = next++;
                    pending.add(workers.submit(() -> make(epoch, b, order)));
                }
            }

            @Override
            public boolean hasNext() {
                fill();
                return !pending.isEmpty();
            }

            @Override
            public Batch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                try {
                    Batch batch = pending.poll().get();
                    fill();
                    return batch;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while loading a batch", e);
                } catch (ExecutionException e) {
                    throw new IllegalStateException("failed to make batch of " + data.name() + ": "
                            + e.getCause().getMessage(), e.getCause());
                }
            }
        };
    }

    /**
     * Waits for the batches a previous iterator left pending (one abandoned mid-epoch), whose workers may still be
     * writing staging buffers that the next iterator's batches reuse. Their results and failures are of no interest.
     */
    private void drainLatest() {
        if (latest == null) {
            return;
        }
        for (Future<Batch> f : latest) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while finishing an earlier epoch's batches", e);
            } catch (ExecutionException | CancellationException e) {
                // the abandoned batch failed or was cancelled: nothing is written any more
            }
        }
        latest.clear();
    }

    /** Builds batch {@code b} of {@code epoch}. */
    Batch make(int epoch, int b, int[] order) {
        int c = data.channels();
        int h = data.height();
        int w = data.width();
        int view = viewFloats();
        int m = negatives.perImage();
        float[] q = new float[batchSize * view];
        float[] k = new float[batchSize * view];
        float[] ns = new float[batchSize * m * view];
        byte[] pixels = new byte[data.imageBytes()];
        SplittableRandom batchRng = new SplittableRandom(mix(seed, epoch, b));
        for (int i = 0; i < batchSize; i++) {
            SplittableRandom rng = batchRng.split();
            int index = order[b * batchSize + i];
            data.readImage(index, pixels, 0);
            long querySeed = 0;
            if (negatives.replaysQuery()) {
                querySeed = rng.nextLong();
                augmentation.apply(pixels, 0, c, h, w, q, i * view, new SplittableRandom(querySeed));
            } else {
                augmentation.apply(pixels, 0, c, h, w, q, i * view, rng);
            }
            augmentation.apply(pixels, 0, c, h, w, k, i * view, rng);
            if (m > 0) {
                negatives.generate(new NegativeSource.Query(index, q, i * view, c, augmentation, querySeed), ns,
                        i * m * view, rng);
            }
        }
        return new Batch(b, batchSize, q, k, ns, ring == null ? null : stage(b % ring.length, q, k, ns));
    }

    /** Copies the three views into ring slot {@code r}'s buffers (allocated on first use). */
    private ByteBuffer[] stage(int r, float[]... views) {
        ByteBuffer[] set = ring[r];
        if (set == null) {
            set = new ByteBuffer[views.length];
            for (int i = 0; i < views.length; i++) {
                set[i] = HostStaging.allocate(views[i].length);
            }
            ring[r] = set;
        }
        ByteBuffer[] out = new ByteBuffer[views.length];
        for (int i = 0; i < views.length; i++) {
            set[i].clear();
            set[i].asFloatBuffer().put(views[i]);
            out[i] = set[i].duplicate().order(set[i].order()); // position 0, limit = capacity
        }
        return out;
    }

    /**
     * A 64-bit mix of the run seed, epoch and batch (or sample) index (SplitMix64 finaliser): the seed of one
     * batch's or sample's random choices, independent of thread scheduling.
     */
    public static long mix(long seed, int epoch, int batch) {
        long z = seed * 0x9E3779B97F4A7C15L + epoch * 0xBF58476D1CE4E5B9L + batch * 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
