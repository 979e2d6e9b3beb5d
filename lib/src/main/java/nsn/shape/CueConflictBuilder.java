package nsn.shape;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.imageio.ImageIO;
import nsn.data.ByteImage;
import nsn.data.ImageDataset;
import nsn.negatives.TextureNegatives;
import nsn.negatives.TextureSynthesizer;
import nsn.report.AtomicFiles;
import nsn.report.Progress;
import nsn.report.RunDirectory;
import nsn.train.Permutation;
import nsn.train.PretrainBatches;

/**
 * Writes nsn's small-scale analogues of the shape–texture test sets from any labelled dataset, all made by guided
 * texture synthesis ({@link TextureSynthesizer#transfer}) where Geirhos et al. used neural style transfer:
 * <ul>
 *   <li><b>cue-conflict stimuli</b> ({@link #writeCueConflict}): the shape of an image of one class in the texture of
 *       an image of another, in Geirhos' layout {@code out/<shape>/<shape><n>-<texture><m>.png}
 *       ({@link CueConflictSet} reads it), for the shape bias (§4.1, Fig. 6a–b);</li>
 *   <li><b>a stylised test set</b> ({@link #writeStylized}): every image in the texture of another random image of the
 *       set, as an ImageFolder {@code out/<class>/<n>.png} with the dataset's classes, the small counterpart of
 *       Stylized-ImageNet (an {@code --ood} column);</li>
 *   <li><b>a sketch test set</b> ({@link #writeSketches}): edge drawings ({@link Sketch}), the small counterpart of
 *       ImageNet-Sketch.</li>
 * </ul>
 * The texture comes from the texture version of the other image (§2.2's texture synthesis of two patches of it),
 * so no object part of that image carries over; the guide is the shape image's luminance. These are analogues for
 * small data, not the benchmarks. Each file is a pure function of the seed and the two image indices, written
 * atomically; files already present are kept, so an interrupted run resumes.
 */
public final class CueConflictBuilder {

    /** Weight of the guide term of the synthesis: enough for the shape to show, low enough for the texture to. */
    public static final float DEFAULT_GUIDE_WEIGHT = 3f;

    /**
     * What was written.
     *
     * @param written files made by this call
     * @param kept files already present, left as they were
     * @param seconds wall time
     */
    public record Summary(int written, int kept, double seconds) {}

    /**
     * One file to make: the shape of image {@code shape} in the texture of image {@code texture}, or the sketch of
     * image {@code shape} when {@code texture} is -1.
     */
    private record Task(Path file, int shape, int texture) {}

    /**
     * The settings file each writer leaves in its output folder: a rerun with the same settings resumes (present
     * files are kept), a rerun with other settings (seed, guide weight, count, source) is refused rather than mixing
     * two sets in one folder.
     */
    public static final String SETTINGS_FILE = "cue-conflict-settings.json";

    private CueConflictBuilder() {}

    /** Claims {@code out} for these settings ({@link RunDirectory#claimSettings}). */
    private static void claim(Path out, ImageDataset data, String kind, long seed, float guideWeight, int count) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("kind", kind);
        settings.put("source", data.name());
        settings.put("sourceFingerprint", data.fingerprint());
        settings.put("seed", Long.toString(seed));
        settings.put("guideWeight", Float.toString(guideWeight));
        settings.put("count", Integer.toString(count));
        RunDirectory.claimSettings(out, SETTINGS_FILE, settings);
    }

    /**
     * Writes {@code perClass} cue-conflict stimuli per class of {@code data}: seeded distinct shape images of the
     * class, each with the texture of a random image of another class.
     *
     * @param data labelled images (at least two classes)
     * @param out output folder
     * @param perClass stimuli per shape class (at most the class's image count)
     * @param guideWeight weight of the guide term ({@link #DEFAULT_GUIDE_WEIGHT})
     * @param seed seed of the choice of images and of the syntheses
     * @param workers threads
     * @param progress progress reporter
     * @throws IllegalArgumentException naming a class with too few images or a class name unusable as a category
     */
    public static Summary writeCueConflict(ImageDataset data, Path out, int perClass, float guideWeight, long seed,
            int workers, Progress progress) {
        if (perClass < 1) {
            throw new IllegalArgumentException("perClass: must be positive, got " + perClass);
        }
        if (data.numClasses() < 2) {
            throw new IllegalArgumentException("cue-conflict stimuli need at least two classes, " + data.name()
                    + " has " + data.numClasses());
        }
        List<List<Integer>> byClass = byClass(data);
        SplittableRandom rng = new SplittableRandom(seed);
        List<Task> tasks = new ArrayList<>();
        for (int c = 0; c < data.numClasses(); c++) {
            List<Integer> members = byClass.get(c);
            if (members.size() < perClass) {
                throw new IllegalArgumentException("class '" + data.classes().get(c) + "' of " + data.name()
                        + " has " + members.size() + " images, fewer than perClass = " + perClass);
            }
            String shapeName = category(data.classes().get(c));
            int[] order = Permutation.of(members.size(), rng);
            for (int k = 0; k < perClass; k++) {
                int a = members.get(order[k]);
                int other = rng.nextInt(data.numClasses() - 1);
                int tc = other >= c ? other + 1 : other;
                List<Integer> pool = byClass.get(tc);
                if (pool.isEmpty()) {
                    throw new IllegalArgumentException("class '" + data.classes().get(tc) + "' of " + data.name()
                            + " has no images to take a texture from");
                }
                int b = pool.get(rng.nextInt(pool.size()));
                String name = shapeName + a + "-" + category(data.classes().get(tc)) + b + ".png";
                tasks.add(new Task(out.resolve(shapeName).resolve(name), a, b));
            }
        }
        claim(out, data, "cue-conflict", seed, guideWeight, perClass);
        return run(data, tasks, guideWeight, seed, workers, progress, "cue-conflict stimuli");
    }

    /**
     * Writes the stylised version of {@code count} images of {@code data} (0 = all; a seeded subset otherwise):
     * each in the texture of another random image of the set, as an ImageFolder with the dataset's class names.
     *
     * @throws IllegalArgumentException when a class name cannot be a folder name
     */
    public static Summary writeStylized(ImageDataset data, Path out, int count, float guideWeight, long seed,
            int workers, Progress progress) {
        if (count < 0 || count > data.size()) {
            throw new IllegalArgumentException("count: must be in [0, " + data.size() + "] (0 = all), got " + count);
        }
        if (data.size() < 2) {
            throw new IllegalArgumentException("a stylised set needs at least two images, " + data.name() + " has "
                    + data.size());
        }
        checkFolderNames(data);
        SplittableRandom rng = new SplittableRandom(seed);
        int n = count == 0 ? data.size() : count;
        int[] order = count == 0 ? null : Permutation.of(data.size(), rng);
        List<Task> tasks = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            int a = order == null ? k : order[k];
            int other = rng.nextInt(data.size() - 1);
            int b = other >= a ? other + 1 : other;
            tasks.add(new Task(out.resolve(data.classes().get(data.label(a))).resolve(String.format(Locale.ROOT,
                    "%06d.png", a)), a, b));
        }
        claim(out, data, "stylized", seed, guideWeight, count);
        return run(data, tasks, guideWeight, seed, workers, progress, "stylised images");
    }

    /**
     * Writes the sketch ({@link Sketch}) of every image of {@code data} as an ImageFolder {@code out/<class>/<n>.png}
     * with the dataset's class names: the small counterpart of ImageNet-Sketch, an {@code --ood} column.
     *
     * @throws IllegalArgumentException when a class name cannot be a folder name
     */
    public static Summary writeSketches(ImageDataset data, Path out, int workers, Progress progress) {
        checkFolderNames(data);
        List<Task> tasks = new ArrayList<>();
        for (int a = 0; a < data.size(); a++) {
            tasks.add(new Task(out.resolve(data.classes().get(data.label(a))).resolve(String.format(Locale.ROOT,
                    "%06d.png", a)), a, -1));
        }
        claim(out, data, "sketch", 0, 0f, 0);
        return run(data, tasks, 0f, 0, workers, progress, "sketches");
    }

    private static void checkFolderNames(ImageDataset data) {
        for (String c : data.classes()) {
            if (!c.matches("[A-Za-z0-9][A-Za-z0-9 _.-]*")) {
                throw new IllegalArgumentException("class name '" + c + "' of " + data.name() + " cannot be a folder"
                        + " name of an ImageFolder");
            }
        }
    }

    /**
     * The name of a class as a cue-conflict category: lower case, every run of characters other than letters
     * turned into one '_' (Fashion-MNIST's {@code T-shirt/top} becomes {@code t_shirt_top}).
     */
    public static String category(String className) {
        String s = className.toLowerCase(Locale.ROOT).replaceAll("[^a-z]+", "_").replaceAll("^_|_$", "");
        if (s.isEmpty()) {
            throw new IllegalArgumentException("class name '" + className + "' has no letters to name a category");
        }
        return s;
    }

    /**
     * The image made of the shape of {@code shape} and the texture of {@code texture}: the texture version of
     * {@code texture} (§2.2) is the style of a guided synthesis whose guide is {@code shape}.
     */
    public static ByteImage compose(ByteImage shape, ByteImage texture, float guideWeight, long seed) {
        if (shape.channels() != texture.channels()) {
            throw new IllegalArgumentException("shape and texture images differ in channels: " + shape.channels()
                    + " vs " + texture.channels());
        }
        ByteImage style = TextureNegatives.defaults().generate(texture, Math.max(shape.height(), shape.width()),
                seed);
        return TextureSynthesizer.defaults().transfer(style, shape, guideWeight, seed ^ 0x5DEECE66DL);
    }

    private static List<List<Integer>> byClass(ImageDataset data) {
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < data.numClasses(); c++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < data.size(); i++) {
            int l = data.label(i);
            if (l >= 0) {
                byClass.get(l).add(i);
            }
        }
        return byClass;
    }

    private static Summary run(ImageDataset data, List<Task> tasks, float guideWeight, long seed, int workers,
            Progress progress, String label) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers: must be positive, got " + workers);
        }
        long t0 = System.nanoTime();
        List<Task> todo = tasks.stream().filter(t -> !Files.exists(t.file())).toList();
        int kept = tasks.size() - todo.size();
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "nsn-cue-conflict");
            t.setDaemon(true);
            return t;
        });
        progress.start(label, todo.size());
        try {
            ExecutorCompletionService<Void> done = new ExecutorCompletionService<>(pool);
            for (Task t : todo) {
                done.submit(() -> {
                    write(data, t, guideWeight, seed);
                    return null;
                });
            }
            for (int k = 0; k < todo.size(); k++) {
                done.take().get();
                progress.update(k + 1, "");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing " + label, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof IOException io) {
                throw new UncheckedIOException(io.getMessage(), io);
            }
            throw new IllegalStateException("writing " + label + " failed: " + cause, cause);
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        progress.finish(String.format(Locale.ROOT, "%d written, %d kept", todo.size(), kept));
        return new Summary(todo.size(), kept, seconds);
    }

    private static void write(ImageDataset data, Task t, float guideWeight, long seed) throws IOException {
        ByteImage shape = ByteImage.of(data, t.shape());
        ByteImage image = t.texture() < 0 ? Sketch.render(shape)
                : compose(shape, ByteImage.of(data, t.texture()), guideWeight,
                        PretrainBatches.mix(seed, t.shape(), t.texture()));
        AtomicFiles.write(t.file(), o -> ImageIO.write(image.toBufferedImage(), "png", o));
    }
}
