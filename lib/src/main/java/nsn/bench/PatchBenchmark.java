package nsn.bench;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import nsn.negatives.PatchNegatives;

/**
 * Throughput of patch-based negatives on a C×S×S float view (224×224×3 by default, the pretraining loader's path)
 * against a plain memory copy: {@link System#arraycopy} of the same C·S² floats from the same source view into the
 * same destination. Both run on one thread, then on {@code threads} threads at once (each with its own destination
 * and random stream, all reading one shared source), after a warm-up of both on one thread. Within a measurement
 * the two kernels alternate in slices of at most half a second, so that a machine shared with other work loads
 * both alike. The ratio patch / copy says how close
 * the generator gets to the speed of just moving the pixels (goal: at least 0.5).
 */
public final class PatchBenchmark {

    /** Where each thread leaves a value read from its outputs, so that the JIT cannot drop the work. */
    private static volatile float sink;

    private PatchBenchmark() {}

    /**
     * What to measure.
     *
     * @param size side S of the square view, pixels
     * @param channels channels C
     * @param seconds duration of each timed measurement
     * @param warmupSeconds duration of the warm-up of each kernel before timing
     * @param threads threads of the all-core measurement
     * @param generator the patch-negative generator; its largest patch must fit the view
     */
    public record Config(int size, int channels, double seconds, double warmupSeconds, int threads,
            PatchNegatives generator) {

        /** Validates each field. */
        public Config {
            if (size < 1 || size > 4096) {
                throw new IllegalArgumentException("size must be in [1, 4096], got " + size);
            }
            if (channels < 1 || channels > 16) {
                throw new IllegalArgumentException("channels must be in [1, 16], got " + channels);
            }
            if (!(seconds > 0) || seconds > 3600) {
                throw new IllegalArgumentException("seconds must be in (0, 3600], got " + seconds);
            }
            if (!(warmupSeconds >= 0) || warmupSeconds > 3600) {
                throw new IllegalArgumentException("warmupSeconds must be in [0, 3600], got " + warmupSeconds);
            }
            if (threads < 1 || threads > 1024) {
                throw new IllegalArgumentException("threads must be in [1, 1024], got " + threads);
            }
            Objects.requireNonNull(generator, "generator");
            if (generator.config().maxPatch() > size) {
                throw new IllegalArgumentException("the generator's maxPatch (" + generator.config().maxPatch()
                        + ") must be <= size, got size " + size);
            }
        }

        /** 224×224×3, the paper's patch range and layout, 3 s per measurement, 1 s warm-up, all cores. */
        public static Config defaults() {
            return new Config(224, 3, 3, 1, Runtime.getRuntime().availableProcessors(),
                    PatchNegatives.builder().build());
        }
    }

    /**
     * Images per second of both kernels on some number of threads.
     *
     * @param threads threads that ran at once
     * @param patchImagesPerSecond negatives written per second, all threads together
     * @param copyImagesPerSecond plain copies of a view per second, all threads together
     */
    public record Measurement(int threads, double patchImagesPerSecond, double copyImagesPerSecond) {

        /** Patch negatives per second per thread. */
        public double patchPerThread() {
            return patchImagesPerSecond / threads;
        }

        /** Plain copies per second per thread. */
        public double copyPerThread() {
            return copyImagesPerSecond / threads;
        }

        /** Patch throughput as a fraction of copy throughput. */
        public double ratio() {
            return patchImagesPerSecond / copyImagesPerSecond;
        }
    }

    /**
     * The result.
     *
     * @param config what was measured
     * @param singleThread one thread
     * @param allThreads {@code config.threads()} threads at once
     */
    public record Result(Config config, Measurement singleThread, Measurement allThreads) {}

    /** Runs the benchmark and prints its result to {@code out}. */
    public static Result run(Config config, PrintWriter out) {
        int floats = config.channels() * config.size() * config.size();
        float[] source = new float[floats]; // (C, S, S), a normalised-looking view
        SplittableRandom fill = new SplittableRandom(1);
        for (int i = 0; i < floats; i++) {
            source[i] = (float) fill.nextGaussian();
        }
        out.printf(Locale.ROOT, "patch negatives %s vs System.arraycopy, %dx%dx%d floats, %.1f s warm-up, %.1f s"
                + " per measurement%n", config.generator(), config.channels(), config.size(), config.size(),
                config.warmupSeconds(), config.seconds());
        out.flush();
        if (config.warmupSeconds() > 0) {
            measure(config, source, 1, config.warmupSeconds());
        }
        Measurement single = measure(config, source, 1, config.seconds());
        print(out, single);
        Measurement all = measure(config, source, config.threads(), config.seconds());
        print(out, all);
        return new Result(config, single, all);
    }

    private static void print(PrintWriter out, Measurement m) {
        out.printf(Locale.ROOT, "%2d thread(s): patch %,10.0f images/s (%,9.0f per thread), copy %,10.0f images/s"
                + " (%,9.0f per thread), patch/copy %.2f%n", m.threads(), m.patchImagesPerSecond(),
                m.patchPerThread(), m.copyImagesPerSecond(), m.copyPerThread(), m.ratio());
        out.flush();
    }

    /** Longest stretch one kernel runs before the other takes over, seconds. */
    private static final double SLICE_SECONDS = 0.5;

    /**
     * Times both kernels on {@code threads} threads for {@code seconds} each, alternating slices of at most
     * {@link #SLICE_SECONDS} so that both see the same machine load.
     */
    private static Measurement measure(Config config, float[] source, int threads, double seconds) {
        long[] patch = new long[2]; // images, nanoseconds
        long[] copy = new long[2];
        long target = (long) (seconds * 1e9);
        long slice = (long) (SLICE_SECONDS * 1e9);
        SplittableRandom seeds = new SplittableRandom(threads);
        while (patch[1] < target || copy[1] < target) {
            run(config, source, seeds, threads, Math.min(slice, Math.max(1, target - patch[1])), true, patch);
            run(config, source, seeds, threads, Math.min(slice, Math.max(1, target - copy[1])), false, copy);
        }
        return new Measurement(threads, patch[0] * 1e9 / patch[1], copy[0] * 1e9 / copy[1]);
    }

    /**
     * Runs one kernel on {@code threads} threads started together for at least {@code nanos}, adding the images
     * made and the wall time to {@code total} (images, nanoseconds). Each thread's random stream is split from
     * {@code seeds}.
     */
    private static void run(Config config, float[] source, SplittableRandom seeds, int threads, long nanos,
            boolean patch, long[] total) {
        long[] counts = new long[threads];
        CountDownLatch start = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int id = t;
            float[] dst = new float[source.length]; // (C, S, S)
            SplittableRandom rng = seeds.split();
            workers[t] = new Thread(() -> {
                try {
                    start.await();
                    long n = 0;
                    float local = 0;
                    long t0 = System.nanoTime();
                    do {
                        for (int i = 0; i < 16; i++) {
                            if (patch) {
                                config.generator().generate(source, 0, config.channels(), config.size(), dst, 0,
                                        rng);
                            } else {
                                System.arraycopy(source, 0, dst, 0, source.length);
                            }
                            local += dst[(int) (n++ % dst.length)];
                        }
                    } while (System.nanoTime() - t0 < nanos);
                    counts[id] = n;
                    sink += local;
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "bench-" + t);
            workers[t].start();
        }
        long t0 = System.nanoTime();
        start.countDown();
        for (Thread w : workers) {
            try {
                w.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while benchmarking", e);
            }
        }
        total[1] += System.nanoTime() - t0;
        if (failure.get() != null) {
            throw new IllegalStateException("benchmark thread failed: " + failure.get(), failure.get());
        }
        for (long c : counts) {
            total[0] += c;
        }
    }
}
