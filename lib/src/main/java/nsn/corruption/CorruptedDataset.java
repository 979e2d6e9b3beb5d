package nsn.corruption;

import java.security.MessageDigest;
import java.util.Objects;
import java.util.SplittableRandom;
import nsn.data.ByteImage;
import nsn.data.ForwardingImageDataset;
import nsn.data.ImageDataset;

/**
 * A read-through {@link ImageDataset} that applies one {@link Corruption} at one severity to every image of a
 * source dataset (ImageNet-C's "-C" variant of a test set, computed on the fly). Image {@code i} is corrupted with a
 * {@link SplittableRandom} seeded from {@code (seed, corruption, severity, i)}, so every read of an index gives the
 * same bytes, different indices get independent noise, and the view is thread-safe. Labels, classes and shape are
 * the source's. The name is {@code <source>-C/<corruption>/<severity>}.
 */
public final class CorruptedDataset extends ForwardingImageDataset {

    private final Corruption corruption;
    private final int severity;
    private final Scale scale;
    private final long seed;
    private volatile String fingerprint;

    /**
     * @param source the clean dataset
     * @param corruption the corruption
     * @param severity 1 to 5
     * @param scale the parameter table ({@link Scale#forSize} of the source for the published rule)
     * @param seed the view's seed
     * @throws IllegalArgumentException naming {@code severity} when it is outside [1, 5]
     */
    public CorruptedDataset(ImageDataset source, Corruption corruption, int severity, Scale scale, long seed) {
        super(source);
        this.corruption = Objects.requireNonNull(corruption, "corruption");
        this.severity = Corruption.checkSeverity(severity);
        this.scale = Objects.requireNonNull(scale, "scale");
        this.seed = seed;
    }

    /** The random generator for image {@code index}: a SplitMix64 mix of the seed, corruption, severity and index. */
    static SplittableRandom randomFor(long seed, Corruption corruption, int severity, long index) {
        long h = mix(seed);
        h = mix(h ^ corruption.name().hashCode());
        h = mix(h ^ severity);
        h = mix(h ^ index);
        return new SplittableRandom(h);
    }

    private static long mix(long z) {
        z += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }


    /** The corruption applied. */
    public Corruption corruption() {
        return corruption;
    }

    /** The severity, 1 to 5. */
    public int severity() {
        return severity;
    }

    /** The parameter table. */
    public Scale scale() {
        return scale;
    }

    /** The view's seed. */
    public long seed() {
        return seed;
    }

    /** Image {@code index}, corrupted. */
    public ByteImage image(int index) {
        ByteImage clean = ByteImage.of(source, index);
        return corruption.apply(clean, severity, scale, randomFor(seed, corruption, severity, index));
    }

    @Override
    public String name() {
        return source.name() + "-C/" + corruption.name() + "/" + severity;
    }







    @Override
    public void readImage(int index, byte[] dst, int offset) {
        Objects.checkIndex(index, size());
        Objects.checkFromIndexSize(offset, imageBytes(), dst.length);
        byte[] px = image(index).pixels();
        System.arraycopy(px, 0, dst, offset, px.length);
    }

    /** SHA-256 of the source's fingerprint with the corruption, severity, scale and seed. */
    @Override
    public String fingerprint() {
        String result = fingerprint;
        if (result == null) {
            try {
                MessageDigest digest = MessageDigest.getInstance("SHA-256");
                digest.update((source.fingerprint() + "|" + corruption.name() + "|" + severity + "|" + scale + "|"
                        + seed).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                StringBuilder hex = new StringBuilder();
                for (byte b : digest.digest()) {
                    hex.append(String.format("%02x", b));
                }
                result = hex.toString();
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            fingerprint = result;
        }
        return result;
    }

    @Override
    public String toString() {
        return name() + " (" + size() + " images, " + channels() + "x" + height() + "x" + width() + ", scale "
                + scale.name().toLowerCase(java.util.Locale.ROOT) + ")";
    }
}
