package nsn.data;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/** Several datasets of the same image shape and classes, one after the other (e.g. STL-10 train + unlabeled). */
final class ConcatImageDataset implements ImageDataset {

    private final String name;
    private final List<ImageDataset> parts;
    /** starts[i] = index of part i's first image; starts[parts.size()] = size. */
    private final int[] starts;
    private volatile String fingerprint;

    ConcatImageDataset(String name, List<ImageDataset> parts) {
        if (parts == null || parts.isEmpty()) {
            throw new IllegalArgumentException("concat: at least one dataset is required");
        }
        this.name = name;
        this.parts = List.copyOf(parts);
        ImageDataset first = this.parts.get(0);
        starts = new int[this.parts.size() + 1];
        for (int i = 0; i < this.parts.size(); i++) {
            ImageDataset p = this.parts.get(i);
            if (p.channels() != first.channels() || p.height() != first.height() || p.width() != first.width()
                    || !p.classes().equals(first.classes())) {
                throw new IllegalArgumentException("concat: " + p.name() + " (" + p.channels() + "×" + p.height()
                        + "×" + p.width() + ", " + p.numClasses() + " classes) does not match " + first.name() + " ("
                        + first.channels() + "×" + first.height() + "×" + first.width() + ", " + first.numClasses()
                        + " classes)");
            }
            starts[i + 1] = Math.addExact(starts[i], p.size());
        }
    }

    private int part(int index) {
        java.util.Objects.checkIndex(index, size());
        int i = java.util.Arrays.binarySearch(starts, index);
        if (i >= 0) {
            while (starts[i + 1] == index) { // skip empty parts
                i++;
            }
            return i;
        }
        return -i - 2;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int size() {
        return starts[parts.size()];
    }

    @Override
    public int channels() {
        return parts.get(0).channels();
    }

    @Override
    public int height() {
        return parts.get(0).height();
    }

    @Override
    public int width() {
        return parts.get(0).width();
    }

    @Override
    public List<String> classes() {
        return parts.get(0).classes();
    }

    @Override
    public int label(int index) {
        int p = part(index);
        return parts.get(p).label(index - starts[p]);
    }

    @Override
    public void readImage(int index, byte[] dst, int offset) {
        int p = part(index);
        parts.get(p).readImage(index - starts[p], dst, offset);
    }

    /** SHA-256 of the parts' fingerprints in order. */
    @Override
    public String fingerprint() {
        String result = fingerprint;
        if (result == null) {
            MessageDigest digest = Fingerprints.sha256();
            for (ImageDataset p : parts) {
                digest.update(p.fingerprint().getBytes(StandardCharsets.US_ASCII));
            }
            result = Fingerprints.hex(digest);
            fingerprint = result;
        }
        return result;
    }
}
