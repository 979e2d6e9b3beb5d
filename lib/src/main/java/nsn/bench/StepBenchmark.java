package nsn.bench;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import nsn.loss.AlphaMode;
import nsn.model.EncoderConfig;
import nsn.model.Precision;
import nsn.model.ResNet;
import nsn.train.HostStaging;
import nsn.train.MoCo;
import nsn.train.MocoConfig;
import nsn.train.Sgd;

/**
 * Time of one MoCo-v2 training step with non-semantic negatives — momentum update, key forward of the positive
 * keys and the negatives, query forward, the loss of Eq. 1, backward, SGD and enqueue ({@link MoCo#trainStep}) —
 * on fixed random inputs that are copied from the host into a fresh step manager every step, as the pretraining
 * loop does (on an accelerator from direct buffers, as the loader stages them: {@code PretrainBatches}). The PyTorch
 * reference {@code bench/step_reference.py} runs the same step with the same shapes, so the two can be compared as a
 * ratio on the same machine ({@code nsn bench step --python ...}).
 */
public final class StepBenchmark {

    /**
     * What to time.
     *
     * @param depth ResNet depth (18 or 50 for the comparison; 10 and 34 also work)
     * @param width first-stage channels (64 = the standard network)
     * @param stem stem for the input size
     * @param imageSize input side in pixels
     * @param batchSize N
     * @param queueSize K
     * @param negatives non-semantic negatives per image, M
     * @param warmup untimed steps first
     * @param steps timed steps
     * @param devices the training device, or several to train data-parallel ({@link nsn.train.Replicas}), the
     *     first holding the loss
     * @param seed seed of the weights and inputs
     * @param precision the encoders' arithmetic ({@code null}: float32)
     */
    public record Config(int depth, int width, ResNet.Stem stem, int imageSize, int batchSize, int queueSize,
            int negatives, int warmup, int steps, List<Device> devices, long seed, Precision precision) {

        /** One device, float32. */
        public Config(int depth, int width, ResNet.Stem stem, int imageSize, int batchSize, int queueSize,
                int negatives, int warmup, int steps, Device device, long seed) {
            this(depth, width, stem, imageSize, batchSize, queueSize, negatives, warmup, steps,
                    device == null ? null : List.of(device), seed, Precision.FP32);
        }

        /** Validates the values. */
        public Config {
            if (batchSize < 2) {
                throw new IllegalArgumentException("batch size must be at least 2, got " + batchSize);
            }
            if (warmup < 0) {
                throw new IllegalArgumentException("warm-up steps must be non-negative, got " + warmup);
            }
            if (steps < 1) {
                throw new IllegalArgumentException("timed steps must be positive, got " + steps);
            }
            if (stem == null || devices == null || devices.isEmpty()) {
                throw new IllegalArgumentException("stem and device are required");
            }
            devices = List.copyOf(devices);
            if (precision == null) {
                precision = Precision.FP32;
            }
            if (batchSize % devices.size() != 0) {
                throw new IllegalArgumentException("batch size " + batchSize + " cannot be split evenly over "
                        + devices.size() + " devices");
            }
            new MocoConfig(queueSize, 0.999f, 0.2f, 2f, negatives); // validates K and M
            encoderOf(depth, width, stem, imageSize); // validates the architecture
        }

        /** The first device (the only one without data parallelism). */
        public Device device() {
            return devices.get(0);
        }

        /** The encoder: the ResNet with MoCo-v2's MLP head (hidden = feature width, 128-d output). */
        public EncoderConfig encoder() {
            return encoderOf(depth, width, stem, imageSize);
        }

        private static EncoderConfig encoderOf(int depth, int width, ResNet.Stem stem, int imageSize) {
            return new EncoderConfig(depth, width, stem, 3, imageSize, 128, true);
        }

        /** One line naming the shapes, for the printed report. */
        public String describe() {
            return String.format(Locale.ROOT, "ResNet-%d width %d, %s stem, %d px, batch %d, K %d, M %d, %s%s",
                    depth, width, stem.name().toLowerCase(Locale.ROOT), imageSize, batchSize, queueSize, negatives,
                    devices.size() == 1 ? devices.get(0) : devices,
                    precision == Precision.FP32 ? "" : ", " + precision.id());
        }
    }

    /**
     * Timed steps of one measurement.
     *
     * @param millis milliseconds of each timed step, in order
     * @param lastLoss loss of the last step (finite when the step is sound)
     */
    public record Result(double[] millis, float lastLoss) {

        /** Median step time in milliseconds. */
        public double medianMillis() {
            return median(millis);
        }

        /** Images per second at the median step time. */
        public double imagesPerSecond(int batchSize) {
            return batchSize * 1000.0 / medianMillis();
        }
    }

    /** One model, optimiser and set of inputs, timed in as many rounds as the caller asks. */
    public static final class Session implements AutoCloseable {
        private final Config config;
        private final NDManager manager;
        private final MoCo moco;
        private final Sgd sgd;
        private final float[] query;
        private final float[] key;
        private final float[] negatives;
        private final Shape views;
        private final Shape negShape;
        private final HostStaging staging = new HostStaging(3);
        /** The inputs as the loader hands them to a step on an accelerator: staged in direct buffers. */
        private final ByteBuffer[] staged;

        /** Builds the model on {@code config.device()} and the fixed inputs. */
        public Session(Config config) {
            nsn.train.NativeAllocator.tune();
            this.config = config;
            this.manager = NDManager.newBaseManager(config.device());
            MocoConfig mc = new MocoConfig(config.queueSize(), 0.999f, 0.2f, 2f, config.negatives());
            this.moco = new MoCo(mc, AlphaMode.LOGIT, config.encoder(), manager, config.seed(), config.devices(),
                    config.precision());
            this.sgd = new Sgd(moco.trainableParameters(), 0.9f, 1e-4f);
            int s = config.imageSize();
            int n = config.batchSize();
            SplittableRandom random = new SplittableRandom(config.seed());
            this.query = gaussian(random, n * 3 * s * s);
            this.key = gaussian(random, n * 3 * s * s);
            this.negatives = gaussian(random, n * config.negatives() * 3 * s * s);
            this.views = new Shape(n, 3, s, s);
            this.negShape = new Shape((long) n * config.negatives(), 3, s, s);
            this.staged = config.device().isGpu() ? new ByteBuffer[] {HostStaging.direct(query),
                HostStaging.direct(key), HostStaging.direct(negatives)} : new ByteBuffer[3];
        }

        /** Runs {@code warmup} untimed steps, then times {@code steps} steps. */
        public Result measure(int warmup, int steps) {
            float loss = Float.NaN;
            for (int i = 0; i < warmup; i++) {
                loss = step();
            }
            double[] millis = new double[steps];
            for (int i = 0; i < steps; i++) {
                long t0 = System.nanoTime();
                loss = step();
                millis[i] = (System.nanoTime() - t0) / 1e6;
            }
            return new Result(millis, loss);
        }

        /** One step exactly as {@code Pretrainer} runs it; reading the loss waits for the device. */
        private float step() {
            try (NDManager step = manager.newSubManager()) {
                NDArray xq = staging.upload(step, 0, query, staged[0], views); // (N, 3, S, S)
                NDArray xk = staging.upload(step, 1, key, staged[1], views); // (N, 3, S, S)
                NDArray xns = config.negatives() > 0
                        ? staging.upload(step, 2, negatives, staged[2], negShape) : null; // (N·M, 3, S, S)
                return moco.trainStep(step, xq, xk, xns, sgd, 0.03f);
            }
        }

        @Override
        public void close() {
            moco.close();
            manager.close();
        }
    }

    private StepBenchmark() {}

    /** Times {@code config} in one session and prints the result to {@code out}. */
    public static Result run(Config config, PrintWriter out) {
        try (Session session = new Session(config)) {
            Result r = session.measure(config.warmup(), config.steps());
            print(out, "djl", config, r);
            return r;
        }
    }

    /** Prints one measurement line. */
    public static void print(PrintWriter out, String who, Config config, Result r) {
        out.printf(Locale.ROOT, "%s: %s: median %.1f ms/step (min %.1f, max %.1f over %d steps), %.1f images/s,"
                        + " loss %.4f%n", who, config.describe(), r.medianMillis(),
                Arrays.stream(r.millis()).min().orElse(Double.NaN),
                Arrays.stream(r.millis()).max().orElse(Double.NaN), r.millis().length,
                r.imagesPerSecond(config.batchSize()), r.lastLoss());
        out.flush();
    }

    /** The engine's description of itself, for the report. */
    public static String engineLine() {
        Engine e = Engine.getInstance();
        return String.format(Locale.ROOT, "engine %s %s, %d GPU(s), intra-op threads %s, inter-op threads %s,"
                        + " allocator: %s", e.getEngineName(), e.getVersion(), e.getGpuCount(),
                System.getProperty("ai.djl.pytorch.num_threads", "(libtorch default)"),
                System.getProperty("ai.djl.pytorch.num_interop_threads", "(libtorch default)"),
                nsn.train.NativeAllocator.tune());
    }

    /** Median of {@code values} (NaN when empty). */
    public static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] v = values.clone();
        Arrays.sort(v);
        int m = v.length / 2;
        return v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2;
    }

    private static float[] gaussian(SplittableRandom random, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i += 2) {
            // Box-Muller: two standard normals from two uniforms
            double u = 1.0 - random.nextDouble();
            double r = Math.sqrt(-2 * Math.log(u));
            double a = 2 * Math.PI * random.nextDouble();
            x[i] = (float) (r * Math.cos(a));
            if (i + 1 < n) {
                x[i + 1] = (float) (r * Math.sin(a));
            }
        }
        return x;
    }
}
