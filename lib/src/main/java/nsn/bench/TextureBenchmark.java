package nsn.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import nsn.data.ByteImage;
import nsn.negatives.TextureNegatives;
import nsn.negatives.TextureSynthesisConfig;
import nsn.negatives.TextureSynthesizer;

/**
 * Time of the texture synthesizer on the paper's workload: a {@code size × size} texture (224 by default) from
 * the two 96×96 example patches of real images, on one thread and on all cores (each thread synthesizing whole
 * images, as {@code make-texture-dataset} does). Goal of the project: at most 1 s per image per core at 224².
 */
public final class TextureBenchmark {

    /**
     * @param imagesDir folder of real images (e.g. the ImageNet-100 samples)
     * @param images how many of its images (in file-name order) to synthesize per measurement
     * @param size output side
     * @param threads threads of the all-cores measurement
     * @param texture synthesizer parameters
     */
    public record Config(Path imagesDir, int images, int size, int threads, TextureSynthesisConfig texture) {

        /** Validates each field. */
        public Config {
            if (imagesDir == null || !Files.isDirectory(imagesDir)) {
                throw new IllegalArgumentException("images folder not found: " + imagesDir
                        + " (lay out the ImageNet samples with data-scripts/imagenet-samples.sh or pass --images)");
            }
            if (images < 1) {
                throw new IllegalArgumentException("images must be positive, got " + images);
            }
            if (size < 8 || size > 2048) {
                throw new IllegalArgumentException("size must be in [8, 2048], got " + size);
            }
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be positive, got " + threads);
            }
            if (texture == null) {
                throw new IllegalArgumentException("texture config is required");
            }
        }

        /** 10 images at 224² on all available processors with the default synthesizer. */
        public static Config defaults(Path imagesDir) {
            return new Config(imagesDir, 10, TextureNegatives.OUTPUT_SIDE, Runtime.getRuntime().availableProcessors(),
                    TextureSynthesisConfig.defaults());
        }
    }

    /**
     * @param images images per measurement
     * @param size output side
     * @param threads threads of the parallel measurement
     * @param singleThreadSeconds mean wall seconds per image on one thread
     * @param parallelImagesPerSecond images per second on {@code threads} threads
     * @param parallelSecondsPerImagePerCore {@code threads / parallelImagesPerSecond}
     */
    public record Result(int images, int size, int threads, double singleThreadSeconds,
            double parallelImagesPerSecond, double parallelSecondsPerImagePerCore) {

        /** One line per measurement. */
        public String summary() {
            return String.format(Locale.ROOT,
                    "texture %dx%d from two example patches, %d real images%n"
                            + "  1 thread : %.3f s/image%n"
                            + "  %d threads: %.2f images/s = %.3f s/image/core (goal <= 1 s: %s)%n",
                    size, size, images, singleThreadSeconds, threads, parallelImagesPerSecond,
                    parallelSecondsPerImagePerCore, parallelSecondsPerImagePerCore <= 1.0 ? "met" : "NOT met");
        }
    }

    private TextureBenchmark() {}

    /** Runs both measurements after a warm-up, printing the summary to {@code out}. */
    public static Result run(Config config, PrintWriter out) {
        List<List<ByteImage>> examples = loadExamples(config);
        TextureSynthesizer synth = new TextureSynthesizer(config.texture());
        int n = examples.size();
        for (int i = 0; i < Math.min(2, n); i++) { // warm-up: JIT compilation
            synth.synthesize(examples.get(i), config.size(), config.size(), i);
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            synth.synthesize(examples.get(i), config.size(), config.size(), i);
        }
        double single = (System.nanoTime() - t0) / 1e9 / n;

        int tasks = n * config.threads(); // every thread keeps busy for about the single-thread run
        ExecutorService pool = Executors.newFixedThreadPool(config.threads());
        try {
            AtomicInteger next = new AtomicInteger();
            List<Future<?>> futures = new ArrayList<>();
            long t1 = System.nanoTime();
            for (int t = 0; t < config.threads(); t++) {
                futures.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < tasks; i = next.getAndIncrement()) {
                        synth.synthesize(examples.get(i % n), config.size(), config.size(), i);
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            double wall = (System.nanoTime() - t1) / 1e9;
            double rate = tasks / wall;
            Result r = new Result(n, config.size(), config.threads(), single, rate, config.threads() / rate);
            out.print(r.summary());
            out.flush();
            return r;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("synthesis failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** The example patches of the first images of the folder, in file-name order. */
    private static List<List<ByteImage>> loadExamples(Config config) {
        List<List<ByteImage>> out = new ArrayList<>();
        try (var files = Files.list(config.imagesDir())) {
            List<Path> paths = files.filter(Files::isRegularFile).sorted().toList();
            for (Path p : paths) {
                if (out.size() == config.images()) {
                    break;
                }
                var img = ImageIO.read(p.toFile());
                if (img != null) {
                    out.add(TextureNegatives.examples(ByteImage.of(img), new SplittableRandom(out.size())));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + config.imagesDir(), e);
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no readable image in " + config.imagesDir());
        }
        return out;
    }
}
