package nsn.bench;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;
import nsn.augment.AugmentConfig;
import nsn.augment.SemanticAugmentation;
import nsn.data.ImageDataset;
import nsn.data.ImageFolderDataset;
import nsn.negatives.PatchNegatives;
import nsn.train.HostStaging;
import nsn.train.NegativeSource;
import nsn.train.PretrainBatches;

/**
 * Throughput of the pretraining input pipeline on real JPEGs: per sample, decode (javax.imageio) and resize-and-
 * centre-crop to the dataset's image size (as {@link ImageFolderDataset} does with an image size set), two MoCo-v2
 * views ({@link SemanticAugmentation#mocoV2}) and optionally one patch-based negative ({@link PatchNegatives} with
 * the authors' defaults), batched by {@link PretrainBatches} into float arrays that the main thread copies into
 * NDArrays exactly as {@link nsn.train.Pretrainer} does. Measured with one loader worker and with {@code threads}
 * workers; a sample (two views, plus a negative when asked) counts as one image.
 *
 * <p>The reference is torchvision's MoCo-v2 transform ({@code bench/pipeline_reference.py}, run as a subprocess):
 * the measurements of nsn and of the reference alternate, {@code repeats} times, so that a shared machine loads
 * both alike. The goal of issue 8 is nsn ≥ 2× the reference in images per second per core.
 */
public final class PipelineBenchmark {

    private PipelineBenchmark() {}

    /**
     * What to measure.
     *
     * @param imagesDir a flat folder of images (the ImageNet samples) or an ImageFolder layout
     * @param images images used from the folder, in file-name order; 0 for all
     * @param size view side S and the dataset's image size, pixels (224)
     * @param batchSize samples per batch
     * @param threads loader workers of the all-core measurement (and the reference's DataLoader workers)
     * @param seconds duration of each timed measurement
     * @param warmupSeconds warm-up before each timed measurement
     * @param repeats how many times each measurement runs, nsn and reference alternating
     * @param negatives also measure nsn with one patch negative per sample (it is always measured without)
     * @param cached decode every image once, before timing, and time only the augmentation and batching: nsn
     *     keeps the S×S bytes in memory, the reference keeps PIL images resized and centre-cropped to S×S
     * @param python interpreter of the reference, or null to skip it
     * @param referenceScript {@code bench/pipeline_reference.py}, or null to skip the reference
     */
    public record Config(Path imagesDir, int images, int size, int batchSize, int threads, double seconds,
            double warmupSeconds, int repeats, boolean negatives, boolean cached, Path python,
            Path referenceScript) {

        /** Validates each field. */
        public Config {
            Objects.requireNonNull(imagesDir, "imagesDir");
            if (images < 0) {
                throw new IllegalArgumentException("images must be >= 0 (0 for all), got " + images);
            }
            if (size < PatchNegatives.PAPER_MAX_PATCH || size > 1024) {
                throw new IllegalArgumentException("size must be in [72, 1024], got " + size);
            }
            if (batchSize < 1 || batchSize > 4096) {
                throw new IllegalArgumentException("batchSize must be in [1, 4096], got " + batchSize);
            }
            if (threads < 1 || threads > 1024) {
                throw new IllegalArgumentException("threads must be in [1, 1024], got " + threads);
            }
            if (!(seconds > 0) || seconds > 3600) {
                throw new IllegalArgumentException("seconds must be in (0, 3600], got " + seconds);
            }
            if (!(warmupSeconds >= 0) || warmupSeconds > 3600) {
                throw new IllegalArgumentException("warmupSeconds must be in [0, 3600], got " + warmupSeconds);
            }
            if (repeats < 1 || repeats > 100) {
                throw new IllegalArgumentException("repeats must be in [1, 100], got " + repeats);
            }
        }

        /** Whether the torchvision reference runs. */
        public boolean withReference() {
            return python != null && referenceScript != null;
        }
    }

    /**
     * One timed measurement.
     *
     * @param pipeline {@code nsn} or {@code torchvision}
     * @param workers loader workers (for the reference, 0 means the main process, one core)
     * @param cores cores the measurement used: the workers, at least 1
     * @param negatives whether each sample also had a patch negative
     * @param images samples produced in the timed span
     * @param seconds the timed span
     * @param cpuSeconds CPU time (user + system) the process and its workers used in the span: what a core
     *     would have taken if the machine were not shared
     */
    public record Measurement(String pipeline, int workers, int cores, boolean negatives, long images,
            double seconds, double cpuSeconds) {

        /** Samples per second. */
        public double imagesPerSecond() {
            return images / seconds;
        }

        /** Samples per second per core. */
        public double perCore() {
            return imagesPerSecond() / cores;
        }

        /** Samples per CPU second: per-core throughput that other load on the machine does not lower. */
        public double perCpuSecond() {
            return images / cpuSeconds;
        }
    }

    /**
     * Mean single-thread CPU time of each stage, milliseconds per sample, on the same images.
     *
     * @param decode decode and resize-and-centre-crop to S×S bytes
     * @param views the two MoCo-v2 views
     * @param negative one patch negative of the query view
     */
    public record Stages(double decode, double views, double negative) {}

    /**
     * The result.
     *
     * @param config what was measured
     * @param measurements every timed run, in the order they ran
     * @param stages the single-thread breakdown
     */
    public record Result(Config config, List<Measurement> measurements, Stages stages) {

        /** Median images/s per core of the runs of {@code pipeline} at {@code cores} cores; NaN if none ran. */
        public double medianPerCore(String pipeline, int cores, boolean negatives) {
            return median(pipeline, cores, negatives, Measurement::perCore);
        }

        /** Median images per CPU second of the runs of {@code pipeline} at {@code cores} cores; NaN if none ran. */
        public double medianPerCpuSecond(String pipeline, int cores, boolean negatives) {
            return median(pipeline, cores, negatives, Measurement::perCpuSecond);
        }

        private double median(String pipeline, int cores, boolean negatives,
                ToDoubleFunction<Measurement> metric) {
            double[] v = measurements.stream().filter(m -> m.pipeline().equals(pipeline) && m.cores() == cores
                    && m.negatives() == negatives).mapToDouble(metric).sorted().toArray();
            if (v.length == 0) {
                return Double.NaN;
            }
            return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
        }
    }

    /**
     * The images of {@code dir} at {@code size}×{@code size} RGB: an {@link ImageFolderDataset} when {@code dir}
     * has class folders, else its image files in name order; the first {@code images} of them (0 for all),
     * repeated {@code repeat} times so that an epoch has enough batches to keep every worker busy.
     */
    public static ImageDataset dataset(Path dir, int images, int size, int repeat) {
        ImageDataset base;
        try (Stream<Path> entries = Files.list(dir)) {
            List<Path> all = entries.sorted().toList();
            if (all.stream().anyMatch(Files::isDirectory)) {
                base = ImageFolderDataset.builder().setRoot(dir).optChannels(3).optImageSize(size, size).build();
            } else {
                List<Path> files = all.stream().filter(p -> {
                    String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                    return n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".png");
                }).toList();
                base = new FileList(dir.getFileName() + "", files, size);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        int n = images == 0 ? base.size() : Math.min(images, base.size());
        if (n == 0) {
            throw new IllegalArgumentException("no images in " + dir);
        }
        return repeated(base, n, repeat);
    }

    /** The first {@code n} images of {@code base}, {@code repeat} times over. */
    public static ImageDataset repeated(ImageDataset base, int n, int repeat) {
        int[] indices = new int[n * repeat];
        for (int i = 0; i < indices.length; i++) {
            indices[i] = i % n;
        }
        return ImageDataset.indexed(base, indices);
    }

    /** The augmentation measured: MoCo-v2 at {@code size} with ImageNet's mean and std. */
    public static SemanticAugmentation augmentation(int size) {
        return SemanticAugmentation.mocoV2(AugmentConfig.mocoV2(size, new float[] {0.485f, 0.456f, 0.406f},
                new float[] {0.229f, 0.224f, 0.225f}));
    }

    /** One patch negative per sample with the authors' defaults (d from 16 to 72 at 224 px, scaled). */
    public static NegativeSource patchNegative(int size) {
        return NegativeSource.patches(PatchNegatives.builder().optPatchRangeScaledTo(size).build(), 1);
    }

    /**
     * Times {@link PretrainBatches} on {@code data} with {@code workers} workers: warm-up, then whole batches for
     * at least {@code seconds}, each copied into NDArrays on this thread as the trainer does.
     */
    public static Measurement measureNsn(ImageDataset data, SemanticAugmentation augmentation,
            NegativeSource negatives, int batchSize, int workers, double warmupSeconds, double seconds) {
        int s = augmentation.outputSize();
        Shape views = new Shape(batchSize, data.channels(), s, s);
        Shape negShape = new Shape((long) batchSize * negatives.perImage(), data.channels(), s, s);
        try (PretrainBatches batches = new PretrainBatches(data, augmentation, negatives, batchSize, 1, workers);
                NDManager manager = NDManager.newBaseManager()) {
            HostStaging staging = new HostStaging(3);
            int epoch = 0;
            Iterator<PretrainBatches.Batch> it = batches.epoch(epoch, 0);
            long images = 0;
            long t0 = System.nanoTime();
            long c0 = processCpuNanos();
            long warm = (long) (warmupSeconds * 1e9);
            long target = (long) (seconds * 1e9);
            boolean timing = warm == 0;
            while (true) {
                if (!it.hasNext()) {
                    it = batches.epoch(++epoch, 0);
                }
                PretrainBatches.Batch b = it.next();
                try (NDManager step = manager.newSubManager()) { // as Pretrainer uploads a batch
                    staging.upload(step, 0, b.query(), b.staged(0), views);
                    staging.upload(step, 1, b.key(), b.staged(1), views);
                    if (negatives.perImage() > 0) {
                        staging.upload(step, 2, b.negatives(), b.staged(2), negShape);
                    }
                }
                long now = System.nanoTime();
                if (!timing) {
                    if (now - t0 >= warm) {
                        timing = true;
                        t0 = now;
                        c0 = processCpuNanos();
                    }
                    continue;
                }
                images += b.size();
                if (now - t0 >= target) {
                    return new Measurement("nsn", workers, workers, negatives.perImage() > 0, images,
                            (now - t0) / 1e9, (processCpuNanos() - c0) / 1e9);
                }
            }
        }
    }

    /**
     * Single-thread CPU time of each stage over the first {@code samples} images of {@code data} (cycling), after
     * one warm-up pass; CPU time rather than wall time so that other load on the machine does not count.
     */
    public static Stages stages(ImageDataset data, SemanticAugmentation augmentation, int samples) {
        int s = augmentation.outputSize();
        int view = data.channels() * s * s;
        byte[] pixels = new byte[data.imageBytes()];
        float[] q = new float[view];
        float[] k = new float[view];
        float[] ns = new float[view];
        NegativeSource negative = patchNegative(s);
        long[] nanos = new long[3];
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int pass = 0; pass < 2; pass++) {
            SplittableRandom rng = new SplittableRandom(pass);
            Arrays.fill(nanos, 0);
            for (int i = 0; i < samples; i++) {
                long t0 = threads.getCurrentThreadCpuTime();
                data.readImage(i % data.size(), pixels, 0);
                long t1 = threads.getCurrentThreadCpuTime();
                augmentation.apply(pixels, 0, data.channels(), data.height(), data.width(), q, 0, rng);
                augmentation.apply(pixels, 0, data.channels(), data.height(), data.width(), k, 0, rng);
                long t2 = threads.getCurrentThreadCpuTime();
                negative.generate(new NegativeSource.Query(i, q, 0, data.channels(), augmentation, 0), ns, 0, rng);
                long t3 = threads.getCurrentThreadCpuTime();
                nanos[0] += t1 - t0;
                nanos[1] += t2 - t1;
                nanos[2] += t3 - t2;
            }
        }
        return new Stages(nanos[0] / 1e6 / samples, nanos[1] / 1e6 / samples, nanos[2] / 1e6 / samples);
    }

    /**
     * Runs the reference once: {@code python script --images-dir … --workers w …}; parses its last line,
     * {@code images=<n> seconds=<t>}.
     */
    public static Measurement measureReference(Config config, int workers, boolean negatives) {
        List<String> cmd = new ArrayList<>(List.of(config.python().toString(), config.referenceScript().toString(),
                "--images-dir", config.imagesDir().toString(), "--images", Integer.toString(config.images()),
                "--size", Integer.toString(config.size()), "--batch-size", Integer.toString(config.batchSize()),
                "--workers", Integer.toString(workers), "--seconds", Double.toString(config.seconds()),
                "--warmup", Double.toString(config.warmupSeconds())));
        if (negatives) {
            cmd.add("--negatives");
        }
        if (config.cached()) {
            cmd.add("--cached");
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("OMP_NUM_THREADS", "1");
        String last = null;
        StringBuilder all = new StringBuilder();
        try {
            Process p = pb.start();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    all.append(line).append('\n');
                    if (line.startsWith("images=")) {
                        last = line;
                    }
                }
            }
            int rc = p.waitFor();
            if (rc != 0 || last == null) {
                throw new IllegalStateException("reference " + String.join(" ", cmd) + " failed (exit " + rc
                        + "):\n" + all);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run the reference " + cmd, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running the reference", e);
        }
        long images = 0;
        double seconds = 0;
        double cpu = Double.NaN;
        for (String field : last.trim().split("\\s+")) {
            String[] kv = field.split("=", 2);
            if (kv[0].equals("images")) {
                images = Long.parseLong(kv[1]);
            } else if (kv[0].equals("seconds")) {
                seconds = Double.parseDouble(kv[1]);
            } else if (kv[0].equals("cpu")) {
                cpu = Double.parseDouble(kv[1]);
            }
        }
        return new Measurement("torchvision", workers, Math.max(1, workers), negatives, images, seconds, cpu);
    }

    /** Runs the benchmark and prints each measurement and the summary to {@code out}. */
    public static Result run(Config config, PrintWriter out) {
        SemanticAugmentation augmentation = augmentation(config.size());
        ImageDataset probe = dataset(config.imagesDir(), config.images(), config.size(), 1);
        // enough samples for 4 batches per worker per epoch
        int repeat = Math.max(1, (4 * config.threads() * config.batchSize() + probe.size() - 1) / probe.size());
        ImageDataset data = repeated(config.cached() ? probe.cache() : probe, probe.size(), repeat);
        out.printf(Locale.ROOT, "input pipeline%s: %d images of %s (x%d per epoch), %dx%d, batch %d, %.1f s warm-up,"
                + " %.1f s per measurement, %d repeat(s), reference: %s%n",
                config.cached() ? " (decoded once, cached at SxS: augmentation and batching only)" : "",
                probe.size(), config.imagesDir(), repeat,
                config.size(), config.size(), config.batchSize(), config.warmupSeconds(), config.seconds(),
                config.repeats(), config.withReference() ? config.python() + " " + config.referenceScript() : "none");
        out.flush();
        Stages stages = stages(probe, augmentation, Math.max(probe.size(), 20));
        out.printf(Locale.ROOT, "one thread, CPU ms per sample: decode+resize %.2f, two views %.2f, patch negative %.2f%n",
                stages.decode(), stages.views(), stages.negative());
        out.flush();
        List<Measurement> all = new ArrayList<>();
        int[] workerCounts = config.threads() == 1 ? new int[] {1} : new int[] {1, config.threads()};
        NegativeSource none = NegativeSource.none();
        NegativeSource patch = patchNegative(config.size());
        for (int r = 0; r < config.repeats(); r++) {
            for (int w : workerCounts) {
                for (boolean neg : config.negatives() ? new boolean[] {false, true} : new boolean[] {false}) {
                    Measurement m = measureNsn(data, augmentation, neg ? patch : none, config.batchSize(), w,
                            config.warmupSeconds(), config.seconds());
                    print(out, m);
                    all.add(m);
                    if (config.withReference()) {
                        Measurement ref = measureReference(config, w == 1 ? 0 : w, neg);
                        print(out, ref);
                        all.add(ref);
                    }
                }
            }
        }
        Result result = new Result(config, all, stages);
        for (int w : workerCounts) {
            for (boolean neg : config.negatives() ? new boolean[] {false, true} : new boolean[] {false}) {
                double nsn = result.medianPerCore("nsn", w, neg);
                double ref = result.medianPerCore("torchvision", w, neg);
                double nsnCpu = result.medianPerCpuSecond("nsn", w, neg);
                double refCpu = result.medianPerCpuSecond("torchvision", w, neg);
                out.printf(Locale.ROOT, "median, %d core(s), %s: images/s per core nsn %.1f, torchvision %s;"
                        + " images per CPU second nsn %.1f, torchvision %s%n", w,
                        neg ? "with patch negative" : "views only", nsn, format(ref), nsnCpu, format(refCpu));
                if (!Double.isNaN(ref)) {
                    out.printf(Locale.ROOT, "  nsn/torchvision per core %.2f, per CPU second %.2f (goal >= 2: %s)%n",
                            nsn / ref, nsnCpu / refCpu, nsn / ref >= 2 ? "met" : "NOT met");
                }
            }
        }
        out.flush();
        return result;
    }

    private static String format(double v) {
        return Double.isNaN(v) ? "not run" : String.format(Locale.ROOT, "%.1f", v);
    }

    /** CPU time of this JVM, all threads (loader workers, JIT, GC), nanoseconds. */
    static long processCpuNanos() {
        OperatingSystemMXBean os = ManagementFactory
                .getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime();
        }
        return 0;
    }

    private static void print(PrintWriter out, Measurement m) {
        out.printf(Locale.ROOT, "%-11s %2d worker(s) %-10s %,8.1f images/s %,7.1f per core %,7.1f per CPU s"
                + "  (%d images in %.2f s, %.2f CPU s)%n", m.pipeline(), m.workers(),
                m.negatives() ? "+negative" : "views only", m.imagesPerSecond(), m.perCore(), m.perCpuSecond(),
                m.images(), m.seconds(), m.cpuSeconds());
        out.flush();
    }

    /** Image files read and resized to S×S with {@link ImageFolderDataset#readFile}, all label 0. */
    private static final class FileList implements ImageDataset {
        private final String name;
        private final List<Path> files;
        private final int size;

        FileList(String name, List<Path> files, int size) {
            this.name = name;
            this.files = List.copyOf(files);
            this.size = size;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public int size() {
            return files.size();
        }

        @Override
        public int channels() {
            return 3;
        }

        @Override
        public int height() {
            return size;
        }

        @Override
        public int width() {
            return size;
        }

        @Override
        public List<String> classes() {
            return List.of("all");
        }

        @Override
        public int label(int index) {
            Objects.checkIndex(index, files.size());
            return 0;
        }

        @Override
        public void readImage(int index, byte[] dst, int offset) {
            ImageFolderDataset.readFile(files.get(index), 3, size, size, dst, offset);
        }

        @Override
        public String fingerprint() {
            return name + ":" + files.size();
        }
    }
}
