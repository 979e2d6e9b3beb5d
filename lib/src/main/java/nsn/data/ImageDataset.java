package nsn.data;

import java.util.List;

/**
 * A labelled image dataset with a fixed image size, read as unsigned bytes in CHW order.
 *
 * <p>Implementations are thread-safe for concurrent {@link #readImage} calls so the data pipeline can read
 * from several threads. Unlabelled samples (STL-10 {@code unlabeled}) have label {@code -1}.
 */
public interface ImageDataset {

    /** A short human-readable name, e.g. {@code fashion-mnist/train}. */
    String name();

    /** Number of samples. */
    int size();

    /** Channels per image: 1 (grayscale) or 3 (RGB). */
    int channels();

    /** Image height in pixels (every image has this size). */
    int height();

    /** Image width in pixels (every image has this size). */
    int width();

    /** Class names in label order; label {@code i} names {@code classes().get(i)}. */
    List<String> classes();

    /** Label of sample {@code index}, in {@code [0, numClasses())}, or -1 when unlabelled. */
    int label(int index);

    /**
     * Copies image {@code index} into {@code dst[offset .. offset + imageBytes())} as unsigned bytes in CHW order
     * (channel-major, then rows, then columns).
     */
    void readImage(int index, byte[] dst, int offset);

    /**
     * A stable SHA-256 (hex) identifying the dataset's content, recorded in provenance. Computed lazily from the
     * source files (or pixels) and cached.
     */
    String fingerprint();

    /** Number of classes. */
    default int numClasses() {
        return classes().size();
    }

    /** Bytes per image: channels × height × width. */
    default int imageBytes() {
        return channels() * height() * width();
    }

    /**
     * Reads every image and label into memory (on two threads) so later reads are array copies.
     *
     * @return the in-memory copy; the dataset itself if it already is in memory
     */
    default InMemoryImageDataset cache() {
        return InMemoryImageDataset.copyOf(this);
    }

    /**
     * The images of {@code source} at {@code indices}, in that order, read through from the source: a subset of a
     * large on-disk dataset without copying it into memory (see {@link InMemoryImageDataset#subset} for the copy).
     * Named {@code <source>[subset of <n>]}.
     *
     * @throws IndexOutOfBoundsException naming an index outside the source
     */
    static ImageDataset indexed(ImageDataset source, int[] indices) {
        return new IndexedImageDataset(source, indices);
    }

    /**
     * {@code parts} one after the other, as one dataset called {@code name} (e.g. STL-10's train and unlabeled
     * splits for pretraining). Every part must have the same image shape and classes.
     *
     * @throws IllegalArgumentException naming the part that does not match the first
     */
    static ImageDataset concat(String name, List<ImageDataset> parts) {
        return new ConcatImageDataset(name, parts);
    }

    /**
     * {@code source} read through with the bad-image policy of {@link TolerantImageDataset}: an image that fails to
     * decode is replaced by the next readable image of its class, counted, and named in a warning on
     * {@code System.err}; more than {@code maxBadFraction} bad images stop the run.
     *
     * @param source the dataset, typically an {@link ImageFolderDataset}
     * @param maxBadFraction in {@code [0, 1)}; {@link TolerantImageDataset#DEFAULT_MAX_BAD_FRACTION} is 1%, 0 fails on
     *     the first bad image
     * @throws IllegalArgumentException if {@code maxBadFraction} is outside {@code [0, 1)}
     */
    static TolerantImageDataset tolerant(ImageDataset source, double maxBadFraction) {
        return new TolerantImageDataset(source, maxBadFraction, System.err);
    }
}
