package nsn.data;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * An {@link ImageDataset} held in memory: one {@code byte[]} of {@code size × channels × height × width} pixels in
 * CHW order per image and one label per image. Immutable and thread-safe. Its {@link #fingerprint()} is the SHA-256
 * of the pixel bytes followed by the labels as big-endian 32-bit integers, computed on first use.
 */
public final class InMemoryImageDataset implements ImageDataset {

    private static final int CACHE_THREADS = 2;

    private final String name;
    private final int channels;
    private final int height;
    private final int width;
    private final List<String> classes;
    private final byte[] pixels;
    private final int[] labels;
    private volatile String fingerprint;

    /**
     * Wraps the given arrays without copying them; the caller must not modify them afterwards.
     *
     * @param name a short name such as {@code fashion-mnist/train}
     * @param channels 1 or 3
     * @param height image height in pixels
     * @param width image width in pixels
     * @param classes class names in label order
     * @param pixels {@code labels.length × channels × height × width} bytes, CHW per image
     * @param labels one label per image, in {@code [0, classes.size())} or -1 for unlabelled
     * @throws IllegalArgumentException if the shapes disagree or a label is out of range
     */
    public InMemoryImageDataset(
            String name, int channels, int height, int width, List<String> classes, byte[] pixels, int[] labels) {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
        }
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + height + "x" + width);
        }
        long expected = (long) labels.length * channels * height * width;
        if (pixels.length != expected) {
            throw new IllegalArgumentException("expected " + expected + " pixel bytes for " + labels.length
                    + " images of " + channels + "x" + height + "x" + width + ", got " + pixels.length);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < -1 || labels[i] >= classes.size()) {
                throw new IllegalArgumentException(
                        "label " + labels[i] + " of image " + i + " is outside [-1, " + classes.size() + ")");
            }
        }
        this.name = Objects.requireNonNull(name, "name");
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.classes = List.copyOf(classes);
        this.pixels = pixels;
        this.labels = labels;
    }

    /**
     * Reads every image and label of {@code source} into memory, on two threads.
     *
     * @param source any dataset
     * @return the in-memory copy; {@code source} itself if it already is one
     */
    public static InMemoryImageDataset copyOf(ImageDataset source) {
        if (source instanceof InMemoryImageDataset) {
            return (InMemoryImageDataset) source;
        }
        int n = source.size();
        int imageBytes = source.imageBytes();
        byte[] pixels = new byte[Math.multiplyExact(n, imageBytes)];
        int[] labels = new int[n];
        ExecutorService pool = Executors.newFixedThreadPool(CACHE_THREADS, runnable -> {
            Thread thread = new Thread(runnable, "nsn-cache-" + source.name());
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<?>> parts = new ArrayList<>();
            for (int t = 0; t < CACHE_THREADS; t++) {
                int from = (int) ((long) n * t / CACHE_THREADS);
                int to = (int) ((long) n * (t + 1) / CACHE_THREADS);
                parts.add(pool.submit(() -> {
                    for (int i = from; i < to; i++) {
                        source.readImage(i, pixels, i * imageBytes);
                        labels[i] = source.label(i);
                    }
                }));
            }
            for (Future<?> part : parts) {
                part.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while caching " + source.name(), e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException) {
                throw (RuntimeException) e.getCause();
            }
            throw new IllegalStateException("caching " + source.name() + " failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return new InMemoryImageDataset(source.name(), source.channels(), source.height(), source.width(),
                source.classes(), pixels, labels);
    }

    /**
     * The images at {@code indices}, in that order (repeats allowed), as a new in-memory dataset.
     *
     * @param indices indices into this dataset
     * @return the subset, named {@code <name>[subset of <n>]}
     */
    public InMemoryImageDataset subset(int[] indices) {
        return select(indices, name + "[subset of " + indices.length + "]");
    }

    /**
     * The first {@code n} images (all of them when {@code n >= size()}).
     *
     * @param n how many images to keep
     * @return the head, named {@code <name>[0:<n>]}
     */
    public InMemoryImageDataset head(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be non-negative, got " + n);
        }
        int k = Math.min(n, size());
        int[] indices = new int[k];
        Arrays.setAll(indices, i -> i);
        return select(indices, name + "[0:" + k + "]");
    }

    private InMemoryImageDataset select(int[] indices, String newName) {
        int imageBytes = imageBytes();
        byte[] newPixels = new byte[Math.multiplyExact(indices.length, imageBytes)];
        int[] newLabels = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            int index = Objects.checkIndex(indices[i], size());
            System.arraycopy(pixels, index * imageBytes, newPixels, i * imageBytes, imageBytes);
            newLabels[i] = labels[index];
        }
        return new InMemoryImageDataset(newName, channels, height, width, classes, newPixels, newLabels);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int size() {
        return labels.length;
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
        return classes;
    }

    @Override
    public int label(int index) {
        return labels[index];
    }

    @Override
    public void readImage(int index, byte[] dst, int offset) {
        int imageBytes = imageBytes();
        System.arraycopy(pixels, Objects.checkIndex(index, size()) * imageBytes, dst, offset, imageBytes);
    }

    @Override
    public String fingerprint() {
        String result = fingerprint;
        if (result == null) {
            MessageDigest digest = Fingerprints.sha256();
            digest.update(pixels);
            Fingerprints.updateLabels(digest, labels);
            result = Fingerprints.hex(digest);
            fingerprint = result;
        }
        return result;
    }

    /** Returns this dataset: it already is in memory. */
    @Override
    public InMemoryImageDataset cache() {
        return this;
    }

    @Override
    public String toString() {
        return name + " (" + size() + " images, " + channels + "x" + height + "x" + width + ", "
                + numClasses() + " classes)";
    }
}
