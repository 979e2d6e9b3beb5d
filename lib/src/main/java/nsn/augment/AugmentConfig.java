package nsn.augment;

import java.util.Arrays;

/**
 * Parameters of MoCo-v2's semantic augmentation.
 *
 * @param outputSize output height and width
 * @param minScale smallest crop area as a fraction of the image (0.2 in MoCo-v2)
 * @param maxScale largest crop area fraction (1.0)
 * @param flipProb probability of a horizontal flip (0.5)
 * @param jitterProb probability of colour jitter (0.8)
 * @param brightness brightness jitter strength (0.4)
 * @param contrast contrast jitter strength (0.4)
 * @param saturation saturation jitter strength (0.4; ignored for grayscale images)
 * @param hue hue jitter strength in [0, 0.5] (0.1; ignored for grayscale images)
 * @param grayscaleProb probability of converting to grayscale (0.2; ignored for grayscale images)
 * @param blurProb probability of a Gaussian blur (0.5 at 224 px; 0 for tiny images as in SimCLR's CIFAR setup)
 * @param mean per-channel mean subtracted after augmentation; empty to estimate it from the training data when
 *     the run starts (see {@link #withNormalization})
 * @param std per-channel standard deviation divided after augmentation; empty likewise
 */
public record AugmentConfig(int outputSize, float minScale, float maxScale, float flipProb, float jitterProb,
        float brightness, float contrast, float saturation, float hue, float grayscaleProb, float blurProb,
        float[] mean, float[] std) {

    /** Validates the values. */
    public AugmentConfig {
        if (outputSize < 4) {
            throw new IllegalArgumentException("augmentation output size must be at least 4, got " + outputSize);
        }
        if (!(minScale > 0f && minScale <= maxScale && maxScale <= 1f)) {
            throw new IllegalArgumentException(
                    "crop scale must satisfy 0 < min <= max <= 1, got [" + minScale + ", " + maxScale + "]");
        }
        checkProbability("flip", flipProb);
        checkProbability("jitter", jitterProb);
        checkProbability("grayscale", grayscaleProb);
        checkProbability("blur", blurProb);
        if (brightness < 0 || contrast < 0 || saturation < 0 || hue < 0 || hue > 0.5f) {
            throw new IllegalArgumentException("jitter strengths must be >= 0 and hue <= 0.5");
        }
        if (mean == null || std == null || mean.length != std.length
                || (mean.length != 0 && mean.length != 1 && mean.length != 3)) {
            throw new IllegalArgumentException("mean and std must both have 0 (estimate from data), 1 or 3 values");
        }
        for (float s : std) {
            if (!(s > 0f)) {
                throw new IllegalArgumentException("std values must be positive, got " + Arrays.toString(std));
            }
        }
        mean = mean.clone();
        std = std.clone();
    }

    private static void checkProbability(String name, float p) {
        if (!(p >= 0f && p <= 1f)) {
            throw new IllegalArgumentException(name + " probability must be in [0, 1], got " + p);
        }
    }

    /**
     * MoCo-v2's augmentation at {@code outputSize}: crop scale [0.2, 1], flip 0.5, jitter 0.8 with
     * (0.4, 0.4, 0.4, 0.1), grayscale 0.2, and blur 0.5 only from 64 px up.
     */
    public static AugmentConfig mocoV2(int outputSize, float[] mean, float[] std) {
        return new AugmentConfig(outputSize, 0.2f, 1f, 0.5f, 0.8f, 0.4f, 0.4f, 0.4f, 0.1f, 0.2f,
                outputSize >= 64 ? 0.5f : 0f, mean, std);
    }

    /** {@link #mocoV2(int, float[], float[])} with normalisation estimated from the training data. */
    public static AugmentConfig mocoV2(int outputSize) {
        return mocoV2(outputSize, new float[0], new float[0]);
    }

    /** Whether mean and std are still to be estimated from the data. */
    public boolean needsNormalization() {
        return mean.length == 0;
    }

    /** A copy with the given normalisation statistics. */
    public AugmentConfig withNormalization(Normalization n) {
        return new AugmentConfig(outputSize, minScale, maxScale, flipProb, jitterProb, brightness, contrast,
                saturation, hue, grayscaleProb, blurProb, n.mean(), n.std());
    }

    /**
     * The same augmentation without colour jitter and grayscale: stricter than §3.3, which removes the colour jitter
     * only ({@link #withoutColorJitter()}).
     */
    public AugmentConfig withoutColor() {
        return new AugmentConfig(outputSize, minScale, maxScale, flipProb, 0f, brightness, contrast, saturation,
                hue, 0f, blurProb, mean, std);
    }

    /**
     * A copy without colour jittering (jitter probability 0) but with the random grayscale kept: the augmentation
     * of the colour-shortcut experiment (§3.3, Table 3), which removes only the colour jitter from MoCo-v2's
     * recipe. {@link #withoutColor()} removes the grayscale too.
     */
    public AugmentConfig withoutColorJitter() {
        return new AugmentConfig(outputSize, minScale, maxScale, flipProb, 0f, brightness, contrast, saturation,
                hue, grayscaleProb, blurProb, mean, std);
    }

    @Override
    public float[] mean() {
        return mean.clone();
    }

    @Override
    public float[] std() {
        return std.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AugmentConfig a && a.toString().equals(toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    @Override
    public String toString() {
        return "AugmentConfig[outputSize=" + outputSize + ", scale=[" + minScale + ", " + maxScale + "], flip="
                + flipProb + ", jitter=" + jitterProb + " (" + brightness + ", " + contrast + ", " + saturation
                + ", " + hue + "), grayscale=" + grayscaleProb + ", blur=" + blurProb + ", mean="
                + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
    }
}
