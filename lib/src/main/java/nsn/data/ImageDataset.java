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
}
