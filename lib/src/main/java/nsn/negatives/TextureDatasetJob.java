package nsn.negatives;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import nsn.data.ByteImage;
import nsn.data.DatasetFormatException;
import nsn.data.ImageDataset;
import nsn.experiment.DatasetSpec;
import nsn.report.AtomicFiles;
import nsn.report.Json;
import nsn.report.Progress;

/**
 * Writes the texture version of every image of a dataset ({@code make-texture-dataset}): the ImageNet-Texture
 * recipe of §2.2 run over a whole ImageFolder or a named small dataset, laid out by {@link TextureDatasetLayout}.
 *
 * <p>Each image is decoded, turned into a texture by the {@link ImageToTexture generator} (by default
 * {@link TextureNegatives#generate}) on one worker thread, and written as a PNG of {@code size × size} with the
 * image's channels (grayscale stays grayscale). At most two images per thread are in flight, so the dataset is never
 * decoded into memory at once.
 *
 * <p>The job can be killed and rerun: every output is written to a temporary file in its own folder and renamed
 * into place, so an output that exists is complete and is skipped ("already done"); temporary files left by a
 * killed run are deleted when the next run starts. The seed of each image is a hash of the job seed and the image's
 * relative input path (or index), so the bytes of every output depend neither on the number of threads nor on which
 * images an earlier run already wrote.
 *
 * <p>An image that cannot be read (empty, truncated, corrupt, not an image) or whose texture cannot be made is
 * recorded and the job goes on; {@value #FAILURES_FILE} ({@code path,reason}) and {@value #SUMMARY_FILE} (config
 * and counts) are written to the output root at the end. Missing inputs, an output folder inside the input, a failing
 * disk and an {@link Error} stop the job.
 */
public final class TextureDatasetJob {

    /** The failures file in the output root: a {@code path,reason} header, then one line per failed image. */
    public static final String FAILURES_FILE = "failures.csv";

    /** The summary file in the output root: config, counts, seconds and status. */
    public static final String SUMMARY_FILE = "texture-dataset.json";

    private static final String LOCK_FILE = ".texture-dataset.lock";
    private static final Set<String> EXTENSIONS = Set.of("jpg", "jpeg", "png", "bmp");

    /** Makes the texture of one image; called from several threads at once, so it must be thread-safe. */
    @FunctionalInterface
    public interface ImageToTexture {
        /**
         * The texture of {@code image}.
         *
         * @param image the decoded source image, any size, 1 or 3 channels
         * @param outputSize side of the texture
         * @param seed the image's seed; the same arguments must give the same texture
         * @return an {@code outputSize × outputSize} image with the channels of {@code image}
         */
        ByteImage make(ByteImage image, int outputSize, long seed);
    }

    /**
     * An image the job could not write.
     *
     * @param path the input file, or {@code <dataset name>[<index>]} for a named dataset
     * @param reason what went wrong
     */
    public record Failure(String path, String reason) {}

    /**
     * What a run did.
     *
     * @param source the ImageFolder root or the dataset's name
     * @param images images selected (after the class subset and limits)
     * @param written textures written by this run
     * @param skippedExisting images whose texture already existed (written by an earlier run)
     * @param failures images that could not be written, in path order
     * @param seconds wall-clock time of the run
     */
    public record Summary(String source, int images, int written, int skippedExisting, List<Failure> failures,
            double seconds) {

        /** Copies the failures. */
        public Summary {
            failures = List.copyOf(failures);
        }

        /** Number of failed images. */
        public int failed() {
            return failures.size();
        }
    }

    private final ImageToTexture generator;

    /** A job making textures with {@code generator}. */
    public TextureDatasetJob(ImageToTexture generator) {
        this.generator = Objects.requireNonNull(generator, "generator");
    }

    /** A job making the paper's texture negatives, {@link TextureNegatives#defaults()}. */
    public static TextureDatasetJob defaults() {
        return new TextureDatasetJob(TextureNegatives.defaults()::generate);
    }

    /**
     * Writes the texture of every selected image that has none yet under {@code config.output()}.
     *
     * @return the counts and failures
     * @throws DatasetFormatException naming the path if the input, a class folder or the class-subset file is
     *     missing or holds no images
     * @throws IllegalArgumentException if the output folder lies inside the input, is a non-empty folder that is not
     *     a texture dataset, or holds textures made with another size or seed
     * @throws IllegalStateException if another job is writing to the same output folder
     * @throws UncheckedIOException if an output cannot be written
     * @throws InterruptedException if the calling thread is interrupted; the workers are stopped first, and the
     *     outputs written so far are complete
     */
    public Summary run(TextureDatasetConfig config) throws InterruptedException {
        return run(config, null);
    }

    /**
     * Like {@link #run(TextureDatasetConfig)} but writes only the images of the named dataset at {@code indices}
     * (e.g. the seeded pretraining subset of {@link nsn.experiment.Experiments#subsetIndices}) that the config's
     * class subset and limits select; the outputs are the ones a full run writes for those images, so a later
     * full run skips them.
     *
     * @param config the job; must name a dataset (not an ImageFolder input) when {@code indices} is given
     * @param indices indices into the dataset's split, or {@code null} for every image
     * @throws IllegalArgumentException if {@code indices} is given with an ImageFolder input or is out of range
     */
    public Summary run(TextureDatasetConfig config, int[] indices) throws InterruptedException {
        long start = System.nanoTime();
        if (indices != null && config.input() != null) {
            throw new IllegalArgumentException("an index subset applies to a named dataset, not to the ImageFolder"
                    + " input " + config.input());
        }
        Source source = config.input() != null ? ImageFolderSource.list(config)
                : DatasetSource.load(config).restrict(indices);
        Path output = config.output();
        try {
            checkIsTextureDataset(output);
            Files.createDirectories(output);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the output folder " + output, e);
        }
        try (FileChannel lockChannel = FileChannel.open(output.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock lock = tryLock(lockChannel, output)) {
            checkSameSettings(config);
            removeStaleTempFiles(output);
            Set<PosixFilePermission> permissions = filePermissions(output);
            writeSummaryFile(config, source, "running", null, permissions);
            Summary summary = process(config, source, permissions, start);
            writeFailures(output.resolve(FAILURES_FILE), summary.failures(), permissions);
            writeSummaryFile(config, source, "complete", summary, permissions);
            return summary;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to " + output + ": " + e.getMessage(), e);
        }
    }

    /**
     * The indices of {@code source} whose texture is not under {@code textureRoot} yet, in the layout of
     * {@link TextureDatasetLayout#outputName(ImageDataset, int)}; empty once the job has written them all.
     */
    public static int[] missing(ImageDataset source, Path textureRoot) {
        return IntStream.range(0, source.size())
                .filter(i -> !Files.exists(textureRoot.resolve(TextureDatasetLayout.outputName(source, i))))
                .toArray();
    }

    /** The seed of one image: the first 8 bytes of SHA-256(job seed, big-endian ‖ UTF-8 key). */
    static long imageSeed(long jobSeed, String key) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(ByteBuffer.allocate(Long.BYTES).putLong(jobSeed).array());
            return ByteBuffer.wrap(digest.digest(key.getBytes(StandardCharsets.UTF_8))).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    // ----------------------------------------------------------------------------------------------------------
    // Sources

    /** The images to write, each with a key (its seed's input), an output name and a reader. */
    private interface Source {
        /** The ImageFolder root or the dataset's name. */
        String name();

        /** Images to write. */
        int size();

        /** Image {@code i}'s key: its relative input path or its index. */
        String key(int i);

        /** Image {@code i}'s path in failures. */
        String displayPath(int i);

        /** Image {@code i}'s output path relative to the output root. */
        String outputName(int i);

        /** Decodes image {@code i}. */
        ByteImage read(int i) throws UnreadableImageException;

        /** Images already failed while listing (output-name collisions). */
        List<Failure> listingFailures();
    }

    /** An image file that cannot be decoded; the message is the reason. */
    private static final class UnreadableImageException extends Exception {
        private static final long serialVersionUID = 1L;

        UnreadableImageException(String reason) {
            super(reason);
        }
    }

    /** An ImageFolder tree: {@code root/<class>/<image>}, images of any size. */
    private record ImageFolderSource(Path root, List<String> relative, List<Failure> listingFailures)
            implements Source {

        static ImageFolderSource list(TextureDatasetConfig config) {
            Path root = config.input();
            if (!Files.isDirectory(root)) {
                throw new DatasetFormatException(root, Files.exists(root) ? "not a folder: expected an ImageFolder"
                        + " root with one folder per class" : "missing: expected an ImageFolder root with one folder"
                        + " per class");
            }
            checkOutputOutside(root, config.output());
            List<String> classes = config.classSubset() == null ? classFolders(root)
                    : readSubset(config.classSubset());
            List<String> relative = new ArrayList<>();
            List<Failure> failures = new ArrayList<>();
            for (String cls : classes) {
                Path dir = root.resolve(cls);
                if (!Files.isDirectory(dir)) {
                    throw new DatasetFormatException(dir, "class folder listed in " + config.classSubset()
                            + " is missing");
                }
                Map<String, String> byOutput = new HashMap<>();
                int taken = 0;
                for (String file : imageFiles(dir)) {
                    if (config.limitPerClass() > 0 && taken == config.limitPerClass()) {
                        break;
                    }
                    String rel = cls + "/" + file;
                    String previous = byOutput.putIfAbsent(TextureDatasetLayout.outputName(rel), rel);
                    if (previous != null) {
                        failures.add(new Failure(dir.resolve(file).toString(), "same output name as "
                                + root.resolve(previous) + "; rename one of them"));
                        continue;
                    }
                    relative.add(rel);
                    taken++;
                }
            }
            if (relative.isEmpty() && failures.isEmpty()) {
                throw DatasetFormatException.expected(root, "image files (" + String.join(", ",
                        new TreeSet<>(EXTENSIONS)) + ") in its class folders " + classes, "none");
            }
            if (config.limit() > 0 && relative.size() > config.limit()) {
                relative = new ArrayList<>(relative.subList(0, config.limit()));
            }
            return new ImageFolderSource(root, relative, failures);
        }

        private static List<String> classFolders(Path root) {
            try (Stream<Path> entries = Files.list(root)) {
                List<String> names = entries.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                        .filter(n -> !n.startsWith(".")).sorted().toList();
                if (names.isEmpty()) {
                    throw DatasetFormatException.expected(root, "one folder per class (root/<class>/<image>)",
                            "no folders");
                }
                return names;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + root, e);
            }
        }

        private static List<String> imageFiles(Path dir) {
            try (Stream<Path> entries = Files.list(dir)) {
                return entries.filter(p -> isImageName(p.getFileName().toString()) && Files.isRegularFile(p))
                        .map(p -> p.getFileName().toString()).sorted().toList();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + dir, e);
            }
        }

        private static boolean isImageName(String name) {
            int dot = name.lastIndexOf('.');
            return !name.startsWith(".") && dot > 0
                    && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
        }

        @Override
        public String name() {
            return root.toString();
        }

        @Override
        public int size() {
            return relative.size();
        }

        @Override
        public String key(int i) {
            return relative.get(i);
        }

        @Override
        public String displayPath(int i) {
            return root.resolve(relative.get(i)).toString();
        }

        @Override
        public String outputName(int i) {
            return TextureDatasetLayout.outputName(relative.get(i));
        }

        @Override
        public ByteImage read(int i) throws UnreadableImageException {
            return decode(root.resolve(relative.get(i)));
        }
    }

    /** One split of a named small dataset, written by index. */
    private record DatasetSource(ImageDataset data, int[] indices) implements Source {

        static DatasetSource load(TextureDatasetConfig config) {
            ImageDataset data = DatasetSpec.of(config.dataset()).load(config.dataDir(), config.split());
            boolean[] selected = new boolean[data.numClasses()];
            if (config.classSubset() == null) {
                Arrays.fill(selected, true);
            } else {
                for (String cls : readSubset(config.classSubset())) {
                    int label = IntStream.range(0, data.numClasses()).filter(l -> data.classes().get(l).equals(cls)
                            || TextureDatasetLayout.sanitize(data.classes().get(l)).equals(cls)).findFirst().orElse(-1);
                    if (label < 0) {
                        throw new DatasetFormatException(config.classSubset(), "lists class '" + cls + "', which "
                                + data.name() + " does not have; its classes are " + data.classes());
                    }
                    selected[label] = true;
                }
            }
            int[] perClass = new int[data.numClasses()];
            IntStream.Builder indices = IntStream.builder();
            int count = 0;
            for (int i = 0; i < data.size() && (config.limit() == 0 || count < config.limit()); i++) {
                int label = data.label(i);
                if (selected[label] && (config.limitPerClass() == 0 || perClass[label] < config.limitPerClass())) {
                    perClass[label]++;
                    indices.add(i);
                    count++;
                }
            }
            return new DatasetSource(data, indices.build().toArray());
        }

        /** The images of this source at {@code only} (indices into the dataset), or this when it is null. */
        DatasetSource restrict(int[] only) {
            if (only == null) {
                return this;
            }
            boolean[] wanted = new boolean[data.size()];
            for (int i : only) {
                wanted[Objects.checkIndex(i, data.size())] = true;
            }
            return new DatasetSource(data, Arrays.stream(indices).filter(i -> wanted[i]).toArray());
        }

        @Override
        public String name() {
            return data.name();
        }

        @Override
        public int size() {
            return indices.length;
        }

        @Override
        public String key(int i) {
            return Integer.toString(indices[i]);
        }

        @Override
        public String displayPath(int i) {
            return data.name() + "[" + indices[i] + "]";
        }

        @Override
        public String outputName(int i) {
            return TextureDatasetLayout.outputName(data, indices[i]);
        }

        @Override
        public ByteImage read(int i) {
            return ByteImage.of(data, indices[i]);
        }

        @Override
        public List<Failure> listingFailures() {
            return List.of();
        }
    }

    /** The class names of a class-subset file: one a line, blank lines and text after {@code #} ignored. */
    private static List<String> readSubset(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new DatasetFormatException(file, "missing: expected a class-subset file (one class name a line)");
        }
        TreeSet<String> names = new TreeSet<>();
        try {
            for (String line : Files.readAllLines(file)) {
                int comment = line.indexOf('#');
                String entry = (comment >= 0 ? line.substring(0, comment) : line).strip();
                if (!entry.isEmpty()) {
                    names.add(entry);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        if (names.isEmpty()) {
            throw DatasetFormatException.expected(file, "at least one class name", "none");
        }
        return List.copyOf(names);
    }

    /** Refuses an output folder inside (or equal to) the input, symbolic links resolved. */
    private static void checkOutputOutside(Path input, Path output) {
        try {
            Path in = input.toRealPath();
            Path out = output.toAbsolutePath().normalize();
            Path existing = out;
            while (existing != null && !Files.exists(existing)) {
                existing = existing.getParent();
            }
            if (existing != null) {
                out = existing.toRealPath().resolve(existing.relativize(out));
            }
            if (out.startsWith(in)) {
                throw new IllegalArgumentException(output + ": the output folder is inside the input " + input
                        + "; choose a folder outside it");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot resolve " + input + " or " + output, e);
        }
    }

    /**
     * Decodes an image file, failing on anything a complete file would not give: an empty or unrecognised file, a
     * decoder error, or a decoder warning (a truncated JPEG decodes with a grey bottom and only a warning).
     */
    private static ByteImage decode(Path file) throws UnreadableImageException {
        try {
            if (Files.size(file) == 0) {
                throw new UnreadableImageException("empty file (0 bytes)");
            }
            try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
                Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
                if (readers == null || !readers.hasNext()) {
                    throw new UnreadableImageException("not an image: no JPEG, PNG or BMP decoder recognises it");
                }
                ImageReader reader = readers.next();
                List<String> warnings = new ArrayList<>();
                try {
                    reader.addIIOReadWarningListener((r, warning) -> warnings.add(warning));
                    reader.setInput(in, true, true);
                    BufferedImage image = reader.read(0);
                    if (!warnings.isEmpty()) {
                        throw new UnreadableImageException("corrupt or truncated " + reader.getFormatName()
                                + ": " + String.join("; ", warnings));
                    }
                    return ByteImage.of(image);
                } finally {
                    reader.dispose();
                }
            }
        } catch (IIOException e) {
            throw new UnreadableImageException("undecodable: " + e.getMessage());
        } catch (IOException e) {
            throw new UnreadableImageException("unreadable: " + e);
        } catch (RuntimeException e) {
            throw new UnreadableImageException("undecodable: " + e);
        }
    }

    // ----------------------------------------------------------------------------------------------------------
    // Running

    /** What happened to one image: written, skipped, or failed with a reason. */
    private record Outcome(int index, boolean skipped, String failure) {}

    private Summary process(TextureDatasetConfig config, Source source, Set<PosixFilePermission> permissions,
            long start) throws InterruptedException {
        Progress progress = Progress.console(config.quiet());
        progress.start("texture " + source.name(), source.size());
        AtomicInteger threadIds = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(config.threads(), r -> {
            Thread t = new Thread(r, "texture-dataset-" + threadIds.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        CompletionService<Outcome> completed = new ExecutorCompletionService<>(pool);
        int maxInFlight = 2 * config.threads();
        int written = 0;
        int skipped = 0;
        List<Failure> failures = new ArrayList<>(source.listingFailures());
        try {
            int next = 0;
            int inFlight = 0;
            while (next < source.size() || inFlight > 0) {
                if (next < source.size() && inFlight < maxInFlight) {
                    int i = next++;
                    completed.submit(() -> processOne(config, source, i, permissions));
                    inFlight++;
                    continue;
                }
                Outcome outcome = take(completed);
                inFlight--;
                if (outcome.failure() != null) {
                    failures.add(new Failure(source.displayPath(outcome.index()), outcome.failure()));
                } else if (outcome.skipped()) {
                    skipped++;
                } else {
                    written++;
                }
                progress.update(written + skipped + failures.size() - source.listingFailures().size(),
                        status(written, skipped, failures.size()));
            }
        } finally {
            stop(pool);
        }
        failures.sort(Comparator.comparing(Failure::path));
        Summary summary = new Summary(source.name(), source.size() + source.listingFailures().size(), written,
                skipped, failures, (System.nanoTime() - start) / 1e9);
        progress.finish(status(written, skipped, failures.size()));
        return summary;
    }

    private static String status(int written, int skipped, int failed) {
        return "written " + written + ", already done " + skipped + ", failed " + failed;
    }

    private Outcome processOne(TextureDatasetConfig config, Source source, int i,
            Set<PosixFilePermission> permissions) throws IOException {
        Path target = config.output().resolve(source.outputName(i));
        if (Files.exists(target)) {
            return new Outcome(i, true, null);
        }
        ByteImage image;
        try {
            image = source.read(i);
        } catch (UnreadableImageException e) {
            return new Outcome(i, false, e.getMessage());
        }
        ByteImage texture;
        try {
            texture = generator.make(image, config.size(), imageSeed(config.seed(), source.key(i)));
        } catch (RuntimeException e) {
            return new Outcome(i, false, "texture generation failed: " + e);
        }
        if (texture == null || texture.height() != config.size() || texture.width() != config.size()
                || texture.channels() != image.channels()) {
            return new Outcome(i, false, "texture generation failed: expected " + image.channels() + "x"
                    + config.size() + "x" + config.size() + ", got " + texture);
        }
        BufferedImage png = texture.toBufferedImage();
        AtomicFiles.write(target, out -> {
            ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
            try (ImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
                writer.setOutput(stream);
                writer.write(png);
            } finally {
                writer.dispose();
            }
        });
        setPermissions(target, permissions);
        return new Outcome(i, false, null);
    }

    /** The next finished image; an exception or error of a worker stops the job. */
    private static Outcome take(CompletionService<Outcome> completed) throws InterruptedException {
        try {
            return completed.take().get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Error error) {
                throw error;
            }
            if (cause instanceof IOException io) {
                throw new UncheckedIOException(io.getMessage(), io);
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(cause);
        }
    }

    /** Interrupts the workers and waits until they have stopped, so no write is under way when the job returns. */
    private static void stop(ExecutorService pool) {
        pool.shutdownNow();
        boolean interrupted = Thread.interrupted();
        try {
            while (true) {
                try {
                    if (pool.awaitTermination(1, TimeUnit.MINUTES)) {
                        return;
                    }
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // ----------------------------------------------------------------------------------------------------------
    // Output folder

    private static FileLock tryLock(FileChannel channel, Path output) throws IOException {
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            throw new IllegalStateException(output + ": another make-texture-dataset job is writing to this folder");
        }
        return lock;
    }

    /** Refuses a non-empty output folder that is not a texture dataset: its files could be taken for outputs. */
    private static void checkIsTextureDataset(Path output) throws IOException {
        if (!Files.isDirectory(output) || Files.exists(output.resolve(SUMMARY_FILE))) {
            return;
        }
        try (Stream<Path> entries = Files.list(output)) {
            if (entries.anyMatch(p -> !p.getFileName().toString().equals(LOCK_FILE))) {
                throw new IllegalArgumentException(output + ": not empty and not a texture dataset (no "
                        + SUMMARY_FILE + "); choose a new or empty output folder");
            }
        }
    }

    /**
     * Refuses to resume a texture dataset made with another size or seed: its outputs would be skipped as done,
     * mixing two datasets.
     */
    private static void checkSameSettings(TextureDatasetConfig config) throws IOException {
        Path summary = config.output().resolve(SUMMARY_FILE);
        if (!Files.exists(summary)) {
            return;
        }
        JsonObject previous;
        try {
            previous = JsonParser.parseString(Files.readString(summary)).getAsJsonObject().getAsJsonObject("config");
        } catch (JsonParseException | IllegalStateException | ClassCastException e) {
            throw new IllegalArgumentException(summary + ": unreadable summary of an earlier run (" + e.getMessage()
                    + "); choose a new output folder");
        }
        JsonElement size = previous == null ? null : previous.get("size");
        JsonElement seed = previous == null ? null : previous.get("seed");
        if (size == null || seed == null || size.getAsInt() != config.size() || seed.getAsLong() != config.seed()) {
            throw new IllegalArgumentException(config.output() + " holds textures made with size " + size
                    + " and seed " + seed + " (see " + summary + "), not size " + config.size() + " and seed "
                    + config.seed() + "; resume with the same size and seed, or choose another output folder");
        }
    }

    /**
     * Permissions for the files the job writes: those of the output folder (made with the user's umask), less
     * execute; {@code null} where the file system has no POSIX permissions. {@link AtomicFiles} creates files
     * readable by their owner only, which would hide a shared dataset from other users.
     */
    private static Set<PosixFilePermission> filePermissions(Path output) throws IOException {
        if (!Files.getFileStore(output).supportsFileAttributeView(PosixFileAttributeView.class)) {
            return null;
        }
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        permissions.addAll(Files.getPosixFilePermissions(output));
        permissions.removeAll(EnumSet.of(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE,
                PosixFilePermission.OTHERS_EXECUTE));
        return permissions;
    }

    private static void setPermissions(Path file, Set<PosixFilePermission> permissions) throws IOException {
        if (permissions != null) {
            Files.setPosixFilePermissions(file, permissions);
        }
    }

    /** Deletes the temporary files ({@code .<name>…tmp}) a killed run left next to its outputs. */
    private static void removeStaleTempFiles(Path output) throws IOException {
        try (Stream<Path> files = Files.walk(output, 2)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String name = p.getFileName().toString();
                if (name.startsWith(".") && name.endsWith(".tmp") && Files.isRegularFile(p)) {
                    Files.delete(p);
                }
            }
        }
    }

    private static void writeSummaryFile(TextureDatasetConfig config, Source source, String status, Summary summary,
            Set<PosixFilePermission> permissions) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("status", status);
        String version = TextureDatasetJob.class.getPackage().getImplementationVersion();
        json.put("nsn", version == null ? "development build" : version);
        json.put("source", source.name());
        json.put("config", config);
        if (summary != null) {
            json.put("images", summary.images());
            json.put("written", summary.written());
            json.put("skippedExisting", summary.skippedExisting());
            json.put("failed", summary.failed());
            json.put("seconds", summary.seconds());
            json.put("finishedAt", Instant.now().toString());
        }
        Path file = config.output().resolve(SUMMARY_FILE);
        AtomicFiles.writeString(file, Json.write(json) + "\n");
        setPermissions(file, permissions);
    }

    private static void writeFailures(Path file, List<Failure> failures, Set<PosixFilePermission> permissions)
            throws IOException {
        StringBuilder csv = new StringBuilder("path,reason\n");
        for (Failure f : failures) {
            csv.append(csvField(f.path())).append(',').append(csvField(f.reason())).append('\n');
        }
        AtomicFiles.writeString(file, csv.toString());
        setPermissions(file, permissions);
    }

    private static String csvField(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")
                ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
