package nsn.ood;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import nsn.data.Fingerprints;
import nsn.data.ImageDataset;
import nsn.data.ImageFolderDataset;

/**
 * The images of a benchmark's class folders ({@code dir/<class>/<image>}) that a {@link ClassMapping} maps onto the
 * model's label set, labelled with the model's labels; {@link #classes()} is the model's whole label set, so the
 * classifier predicts over all of it even where the benchmark has only some classes (ImageNet-R). Only the shared
 * classes' folders are listed; files ending in {@code .jpg}, {@code .jpeg}, {@code .png} or {@code .bmp} (any case)
 * are images, in sorted order within a class, classes in label order. Images are decoded on each read with
 * {@link ImageFolderDataset#readFile} (RGB or ITU-R 601 gray, resized to cover the size and centre-cropped), so
 * reads are thread-safe and nothing is held in memory.
 *
 * <p>The {@link #fingerprint()} is the SHA-256 over the sorted {@code class/file} paths with their sizes, like
 * {@link ImageFolderDataset}'s.
 */
public final class MappedImageFolder implements ImageDataset {

    private static final Set<String> EXTENSIONS = Set.of("jpg", "jpeg", "png", "bmp");

    private final Path root;
    private final String name;
    private final ClassMapping mapping;
    private final Path[] files;
    private final int[] labels;
    private final int channels;
    private final int height;
    private final int width;
    private volatile String fingerprint;

    private MappedImageFolder(Path root, String name, ClassMapping mapping, Path[] files, int[] labels, int channels,
            int height, int width) {
        this.root = root;
        this.name = name;
        this.mapping = mapping;
        this.files = files;
        this.labels = labels;
        this.channels = channels;
        this.height = height;
        this.width = width;
    }

    /**
     * Lists the images of the classes {@code mapping} shares with the model under {@code dir}.
     *
     * @param dir the folder holding one folder per class
     * @param mapping the benchmark's classes onto the model's, e.g. {@code ClassMapping.ofFolder(classes, dir)}
     * @param channels 1 or 3
     * @param height decoded height in pixels
     * @param width decoded width in pixels
     * @param name the dataset's name, e.g. {@code imagenet-c/fog/3}
     * @throws IllegalArgumentException if a shared class folder holds no image, or no class is shared
     */
    public static MappedImageFolder open(Path dir, ClassMapping mapping, int channels, int height, int width,
            String name) {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
        }
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + height + "x" + width);
        }
        mapping.requireShared(name + " (" + dir + ")");
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (String c : mapping.shared()) {
            Path classDir = dir.resolve(c);
            List<Path> images = listImages(classDir);
            if (images.isEmpty()) {
                throw new IllegalArgumentException(classDir + ": expected images (.jpg, .jpeg, .png, .bmp),"
                        + " found none");
            }
            int label = mapping.label(c);
            for (Path p : images) {
                files.add(p);
                labels.add(label);
            }
        }
        return new MappedImageFolder(dir, name, mapping, files.toArray(Path[]::new),
                labels.stream().mapToInt(Integer::intValue).toArray(), channels, height, width);
    }

    private static List<Path> listImages(Path classDir) {
        try (Stream<Path> entries = Files.list(classDir)) {
            return entries.filter(p -> isImage(p.getFileName().toString()) && Files.isRegularFile(p)).sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + classDir, e);
        }
    }

    private static boolean isImage(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return !fileName.startsWith(".") && dot > 0
                && EXTENSIONS.contains(fileName.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** The mapping of the benchmark's class folders onto the model's classes. */
    public ClassMapping mapping() {
        return mapping;
    }

    /** The image file of sample {@code index}. */
    public Path file(int index) {
        return files[index];
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int size() {
        return files.length;
    }

    @Override
    public int channels() {
        return channels;
    }

    @Override
    public int height() {
        return height;
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public List<String> classes() {
        return mapping.modelClasses();
    }

    @Override
    public int label(int index) {
        return labels[index];
    }

    @Override
    public void readImage(int index, byte[] dst, int offset) {
        ImageFolderDataset.readFile(files[index], channels, height, width, dst, offset);
    }

    @Override
    public String fingerprint() {
        String result = fingerprint;
        if (result == null) {
            result = Fingerprints.ofFiles(root, files);
            fingerprint = result;
        }
        return result;
    }

    @Override
    public String toString() {
        return name + " (" + size() + " images of " + mapping.shared().size() + " of " + numClasses()
                + " classes from " + root + ", " + channels + "x" + height + "x" + width + ")";
    }
}
