package nsn.data;

import java.util.List;
import java.util.Objects;

/**
 * Base of datasets that wrap another image for image (same size, shape, classes and labels) and change how images
 * are read or named: every method forwards to the {@link #source()} until a subclass overrides it
 * ({@link TolerantImageDataset} substitutes undecodable images, {@code nsn.corruption.CorruptedDataset} corrupts
 * them, {@link IndexedView} maps its images to source indices).
 */
public abstract class ForwardingImageDataset implements ImageDataset {

    /** The wrapped dataset. */
    protected final ImageDataset source;

    /**
     * @param source the wrapped dataset
     */
    protected ForwardingImageDataset(ImageDataset source) {
        this.source = Objects.requireNonNull(source, "source");
    }

    /** The wrapped dataset. */
    public ImageDataset source() {
        return source;
    }

    @Override
    public String name() {
        return source.name();
    }

    @Override
    public int size() {
        return source.size();
    }

    @Override
    public int channels() {
        return source.channels();
    }

    @Override
    public int height() {
        return source.height();
    }

    @Override
    public int width() {
        return source.width();
    }

    @Override
    public List<String> classes() {
        return source.classes();
    }

    @Override
    public int label(int index) {
        return source.label(index);
    }

    @Override
    public void readImage(int index, byte[] dst, int offset) {
        source.readImage(index, dst, offset);
    }

    @Override
    public String fingerprint() {
        return source.fingerprint();
    }
}
