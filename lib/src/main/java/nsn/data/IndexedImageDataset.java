package nsn.data;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** The images of a source dataset at given indices, read through from the source (nothing is copied). */
final class IndexedImageDataset extends IndexedView {

    private volatile String fingerprint;

    IndexedImageDataset(ImageDataset source, int[] indices) {
        super(source.name() + "[subset of " + indices.length + "]", source, indices);
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
            digest.update(source.fingerprint().getBytes(StandardCharsets.US_ASCII));
            Fingerprints.updateLabels(digest, indices);
            result = Fingerprints.hex(digest);
            fingerprint = result;
        }
        return result;
    }
}
