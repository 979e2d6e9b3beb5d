package nsn.corruption;

import java.util.Locale;

/**
 * Which of the two published parameter tables a corruption uses: the ImageNet-C one, tuned for 224 px images
 * ({@code make_imagenet_c.py}), or the CIFAR-10-C one, tuned for 32 px images ({@code make_cifar_c.py}).
 */
public enum Scale {
    /** CIFAR-10-C parameters, for 32 px images. */
    CIFAR(32),
    /** ImageNet-C parameters, for 224 px images. */
    IMAGENET(224);

    /**
     * Smallest image side that {@link #forSize} maps to {@link #IMAGENET}: sides up to 84 px are nearer (on a log
     * scale) to 32 than to 224, since sqrt(32 × 224) ≈ 84.7.
     */
    public static final int IMAGENET_MIN_SIDE = 85;

    private final int nominalSide;

    Scale(int nominalSide) {
        this.nominalSide = nominalSide;
    }

    /** The image side the published parameters were tuned for: 32 or 224. */
    public int nominalSide() {
        return nominalSide;
    }

    /**
     * The table for an image of {@code height × width}: {@link #CIFAR} when the smaller side is at most 84 px
     * (Fashion-MNIST's 28, CIFAR-10's 32), {@link #IMAGENET} from 85 px on (STL-10's 96, ImageNet's 224).
     */
    public static Scale forSize(int height, int width) {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("image size must be positive, got " + height + "x" + width);
        }
        return Math.min(height, width) >= IMAGENET_MIN_SIDE ? IMAGENET : CIFAR;
    }

    /** {@code cifar} or {@code imagenet} (any case). */
    public static Scale of(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "cifar" -> CIFAR;
            case "imagenet" -> IMAGENET;
            default -> throw new IllegalArgumentException("scale must be cifar or imagenet, got '" + name + "'");
        };
    }
}
