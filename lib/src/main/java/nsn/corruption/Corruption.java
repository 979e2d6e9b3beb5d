package nsn.corruption;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import nsn.data.ByteImage;
import nsn.data.ImageDataset;

/**
 * One of the 15 ImageNet-C corruptions of Hendrycks &amp; Dietterich (ICLR 2019), at five severities, on CHW
 * unsigned-byte images (1 or 3 channels) as {@link ImageDataset} reads them. The severity parameters come from two
 * published tables ({@link Scale}): {@code make_imagenet_c.py} (224 px) and {@code make_cifar_c.py} (32 px) of
 * {@code hendrycks/robustness}; {@link #apply(ByteImage, int, long)} picks the table by image size
 * ({@link Scale#forSize}). Spatial parameters are used in pixels as published, whatever the image size.
 *
 * <p>Every random choice is drawn from the {@link SplittableRandom} given, so the output is a function of the image,
 * the severity, the scale and the random generator's seed. Implementations are stateless and thread-safe.
 */
public interface Corruption {

    /** Lowest severity. */
    int MIN_SEVERITY = 1;
    /** Highest severity. */
    int MAX_SEVERITY = 5;

    /** The function name of the original code, e.g. {@code gaussian_noise}; also the ImageNet-C folder name. */
    String name();

    /** What each number of {@link #parameters} means, e.g. {@code [sigma]}. */
    List<String> parameterNames();

    /**
     * The published parameters of one severity at one scale, in the order of {@link #parameterNames()}.
     *
     * @throws IllegalArgumentException naming {@code severity} when it is outside [1, 5]
     */
    List<Double> parameters(Scale scale, int severity);

    /**
     * Corrupts one image.
     *
     * @param clean the image, unchanged
     * @param severity 1 (mildest) to 5
     * @param scale which parameter table to use
     * @param random source of every random choice
     * @return a new image with the same shape
     * @throws IllegalArgumentException naming {@code severity} when it is outside [1, 5]
     */
    ByteImage apply(ByteImage clean, int severity, Scale scale, SplittableRandom random);

    /** {@link #apply(ByteImage, int, Scale, SplittableRandom)} with the table for the image's size and a seed. */
    default ByteImage apply(ByteImage clean, int severity, long seed) {
        return apply(clean, severity, Scale.forSize(clean.height(), clean.width()), new SplittableRandom(seed));
    }

    /** The 15 corruptions in ImageNet-C's order (noise, blur, weather, digital). */
    static List<Corruption> all() {
        return ImageNetCCorruption.ALL;
    }

    /**
     * A corruption by its name ({@code gaussian_noise}, … , {@code jpeg_compression}; case and {@code -}/{@code _}
     * do not matter).
     *
     * @throws IllegalArgumentException listing the names when none matches
     */
    static Corruption of(String name) {
        String key = name.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        for (Corruption c : all()) {
            if (c.name().equals(key)) {
                return c;
            }
        }
        List<String> names = new ArrayList<>();
        for (Corruption c : all()) {
            names.add(c.name());
        }
        throw new IllegalArgumentException("unknown corruption '" + name + "'; expected one of "
                + String.join(", ", names));
    }

    /**
     * A read-through view of {@code source} with {@code corruption} applied at {@code severity} to every image,
     * with the parameter table for the source's image size; see {@link CorruptedDataset}.
     */
    static ImageDataset corrupted(ImageDataset source, Corruption corruption, int severity, long seed) {
        return new CorruptedDataset(source, corruption, severity,
                Scale.forSize(source.height(), source.width()), seed);
    }

    /**
     * Checks a severity.
     *
     * @return {@code severity}
     * @throws IllegalArgumentException "severity must be in [1, 5], got …"
     */
    static int checkSeverity(int severity) {
        if (severity < MIN_SEVERITY || severity > MAX_SEVERITY) {
            throw new IllegalArgumentException("severity must be in [" + MIN_SEVERITY + ", " + MAX_SEVERITY
                    + "], got " + severity);
        }
        return severity;
    }
}
