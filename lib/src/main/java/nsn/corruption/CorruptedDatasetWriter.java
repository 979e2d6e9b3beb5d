package nsn.corruption;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import nsn.data.ByteImage;
import nsn.data.ImageDataset;
import nsn.negatives.TextureDatasetLayout;
import nsn.report.AtomicFiles;
import nsn.report.Progress;

/**
 * Writes the "-C" variant of a dataset to disk in ImageNet-C's layout, {@code OUT/<corruption>/<severity>/<class>/
 * <file>.png}, each tree an ImageFolder that {@link nsn.data.ImageFolderDataset} reads back. File names follow
 * {@link TextureDatasetLayout#outputName(ImageDataset, int)}: an ImageFolder source keeps its class folders and file
 * stems, other datasets use {@code <class>/<index, 6 digits>.png}. PNG is lossless, so the files hold exactly the
 * bytes of {@link CorruptedDataset} with the same seed (ImageNet-C itself stored JPEG at quality 85).
 *
 * <p>Every file is written atomically ({@link AtomicFiles}); a file that exists is skipped, so a killed run resumes
 * where it stopped when rerun with the same arguments. {@value #SETTINGS_FILE} in the output root records the source,
 * seed and scale; a run with another source, seed or scale into the same root is refused, since skipping its
 * existing files would mix two variants.
 */
public final class CorruptedDatasetWriter {

    /** The settings file in the output root. */
    public static final String SETTINGS_FILE = "corrupted-dataset.json";

    /** Counts of one run. */
    public record Summary(long written, long skipped, double seconds) {}

    private final ImageDataset source;
    private final Path output;
    private final List<Corruption> corruptions;
    private final List<Integer> severities;
    private final Scale scale;
    private final long seed;
    private final int limit;
    private final int threads;
    private final Progress progress;

    private CorruptedDatasetWriter(Builder b) {
        this.source = b.source;
        this.output = b.output;
        this.corruptions = List.copyOf(b.corruptions);
        this.severities = List.copyOf(b.severities);
        this.scale = b.scale != null ? b.scale : Scale.forSize(b.source.height(), b.source.width());
        this.seed = b.seed;
        this.limit = b.limit > 0 ? Math.min(b.limit, b.source.size()) : b.source.size();
        this.threads = b.threads;
        this.progress = b.progress;
    }

    /** A builder; {@link Builder#setSource} and {@link Builder#setOutput} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The file of image {@code index} for one corruption and severity, under {@code output}. */
    public static Path file(Path output, ImageDataset source, Corruption corruption, int severity, int index) {
        return output.resolve(corruption.name()).resolve(Integer.toString(severity))
                .resolve(TextureDatasetLayout.outputName(source, index));
    }

    /** Writes every missing file; returns the counts. */
    public Summary run() throws InterruptedException {
        long start = System.nanoTime();
        checkSettings();
        long total = (long) corruptions.size() * severities.size() * limit;
        AtomicLong written = new AtomicLong();
        AtomicLong skipped = new AtomicLong();
        AtomicLong done = new AtomicLong();
        progress.start("corrupt " + source.name(), total);
        AtomicInteger ids = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "corrupt-" + ids.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            for (Corruption corruption : corruptions) {
                for (int severity : severities) {
                    CorruptedDataset view = new CorruptedDataset(source, corruption, severity, scale, seed);
                    List<Future<?>> parts = new ArrayList<>();
                    for (int t = 0; t < threads; t++) {
                        int first = t;
                        parts.add(pool.submit(() -> {
                            for (int i = first; i < limit; i += threads) {
                                if (Thread.currentThread().isInterrupted()) {
                                    return null;
                                }
                                Path target = file(output, source, corruption, severity, i);
                                if (Files.exists(target)) {
                                    skipped.incrementAndGet();
                                } else {
                                    writePng(target, view.image(i));
                                    written.incrementAndGet();
                                }
                                done.incrementAndGet();
                            }
                            return null;
                        }));
                    }
                    for (Future<?> part : parts) {
                        while (true) {
                            try {
                                part.get(250, java.util.concurrent.TimeUnit.MILLISECONDS);
                                break;
                            } catch (java.util.concurrent.TimeoutException e) {
                                progress.update(done.get(), corruption.name() + " " + severity);
                            }
                        }
                    }
                    progress.update(done.get(), corruption.name() + " " + severity);
                }
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        } finally {
            pool.shutdownNow();
        }
        Summary summary = new Summary(written.get(), skipped.get(), (System.nanoTime() - start) / 1e9);
        progress.finish(String.format(Locale.ROOT, "written %d, already done %d", summary.written(),
                summary.skipped()));
        return summary;
    }

    /**
     * Writes {@value #SETTINGS_FILE}, or checks that the one already there has this run's source, seed and scale.
     *
     * @throws IllegalArgumentException naming the field that differs
     */
    private void checkSettings() {
        java.util.Map<String, Object> settings = new java.util.LinkedHashMap<>();
        settings.put("source", source.name());
        settings.put("sourceFingerprint", source.fingerprint());
        settings.put("seed", Long.toString(seed));
        settings.put("scale", scale.name().toLowerCase(Locale.ROOT));
        settings.put("imageSize", source.channels() + "x" + source.height() + "x" + source.width());
        Path file = output.resolve(SETTINGS_FILE);
        try {
            if (Files.exists(file)) {
                com.google.gson.JsonObject previous = com.google.gson.JsonParser.parseString(Files.readString(file))
                        .getAsJsonObject();
                for (var e : settings.entrySet()) {
                    com.google.gson.JsonElement old = previous.get(e.getKey());
                    if (old == null || !old.getAsString().equals(e.getValue())) {
                        throw new IllegalArgumentException(output + " holds a corrupted dataset made with " + e.getKey()
                                + " " + (old == null ? "(missing)" : old.getAsString()) + ", not " + e.getValue()
                                + " (see " + file + "); resume with the same settings or choose another output folder");
                    }
                }
                return;
            }
            Files.createDirectories(output);
            AtomicFiles.writeString(file, nsn.report.Json.write(settings) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        } catch (com.google.gson.JsonParseException | IllegalStateException | UnsupportedOperationException e) {
            throw new IllegalArgumentException(file + ": unreadable settings of an earlier run (" + e.getMessage()
                    + "); choose another output folder");
        }
    }

    /** Writes one image as PNG, atomically. */
    static void writePng(Path target, ByteImage image) {
        BufferedImage png = image.toBufferedImage();
        try {
            AtomicFiles.write(target, out -> {
                ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
                try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
                    writer.setOutput(stream);
                    writer.write(png);
                } finally {
                    writer.dispose();
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e); // AtomicFiles names the target
        }
    }

    /** Builds a {@link CorruptedDatasetWriter}. */
    public static final class Builder {
        private ImageDataset source;
        private Path output;
        private List<Corruption> corruptions = Corruption.all();
        private List<Integer> severities = List.of(1, 2, 3, 4, 5);
        private Scale scale;
        private long seed;
        private int limit;
        private int threads = Runtime.getRuntime().availableProcessors();
        private Progress progress = Progress.silent();

        private Builder() {}

        /** The clean dataset (required). */
        public Builder setSource(ImageDataset source) {
            this.source = Objects.requireNonNull(source, "source");
            return this;
        }

        /** The output root (required); created when missing. */
        public Builder setOutput(Path output) {
            this.output = Objects.requireNonNull(output, "output");
            return this;
        }

        /** The corruptions to write (default: all 15). */
        public Builder optCorruptions(List<Corruption> corruptions) {
            if (corruptions.isEmpty()) {
                throw new IllegalArgumentException("corruptions must not be empty");
            }
            this.corruptions = List.copyOf(corruptions);
            return this;
        }

        /** The severities to write, each in [1, 5] (default: 1 to 5). */
        public Builder optSeverities(List<Integer> severities) {
            if (severities.isEmpty()) {
                throw new IllegalArgumentException("severities must not be empty");
            }
            for (int s : severities) {
                Corruption.checkSeverity(s);
            }
            this.severities = List.copyOf(severities);
            return this;
        }

        /** The parameter table (default: {@link Scale#forSize} of the source). */
        public Builder optScale(Scale scale) {
            this.scale = Objects.requireNonNull(scale, "scale");
            return this;
        }

        /** The seed (default 0). */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Only the first {@code limit} images (0, the default, for all). */
        public Builder optLimit(int limit) {
            if (limit < 0) {
                throw new IllegalArgumentException("limit must be >= 0, got " + limit);
            }
            this.limit = limit;
            return this;
        }

        /** Worker threads (default: available processors). */
        public Builder optThreads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be >= 1, got " + threads);
            }
            this.threads = threads;
            return this;
        }

        /** Progress reporting (default: silent). */
        public Builder optProgress(Progress progress) {
            this.progress = Objects.requireNonNull(progress, "progress");
            return this;
        }

        /** The writer. */
        public CorruptedDatasetWriter build() {
            if (source == null) {
                throw new IllegalStateException("setSource(...) is required");
            }
            if (output == null) {
                throw new IllegalStateException("setOutput(...) is required");
            }
            return new CorruptedDatasetWriter(this);
        }
    }
}
