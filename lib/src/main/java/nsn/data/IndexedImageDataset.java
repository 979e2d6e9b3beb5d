package nsn.data;

import java.security.MessageDigest;
import java.util.List;
import java.util.Objects;

/** The images of a source dataset at given indices, read through from the source (nothing is copied). */
final class IndexedImageDataset implements ImageDataset {

    private final ImageDataset source;
    private final int[] indices;
    private final String name;
    private volatile String fingerprint;

    IndexedImageDataset(ImageDataset source, int[] indices) {
        this.source = Objects.requireNonNull(source, "source");
        this.indices = indices.clone();
        for (int i : this.indices) {
            Objects.checkIndex(i, source.size());
        }
        this.name = source.name() + "[subset of " + indices.length + "]";
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int size() {
        return indices.length;
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
        return source.label(indices[index]);
    }

    @Override
    public void readImage(int index, byte[] dst, int offset) {
        source.readImage(indices[index], dst, offset);
    }

    /** SHA-256 of the source's fingerprint followed by the indices as big-endian 32-bit integers. */
    @Override
    public String fingerprint() {
        String result = fingerprint;
        if (result == null) {
            MessageDigest digest = Fingerprints.sha256();
            digest.update(source.fingerprint().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            Fingerprints.updateLabels(digest, indices);
            result = Fingerprints.hex(digest);
            fingerprint = result;
        }
        return result;
    }
}
