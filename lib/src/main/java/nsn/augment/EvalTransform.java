package nsn.augment;

import java.util.SplittableRandom;

/**
 * Deterministic evaluation transform, then {@link Normalize}. An image no larger than the output is resized whole
 * (bilinear; at the same size this is the identity: CIFAR-10, Fashion-MNIST, STL-10). A larger one gets the linear
 * evaluation protocol's Resize(256) + CenterCrop(224): the centred square of {@value #CROP_FRACTION} of its shorter
 * side, resized to the output (on ImageNet images decoded at 256 px, exactly the central 224 × 224).
 */
final class EvalTransform implements SemanticAugmentation {

    /** Side of the centre crop relative to the shorter side: 224 / 256. */
    static final double CROP_FRACTION = 0.875;

    private final int size;
    private final Normalize normalize;

    EvalTransform(int size, float[] mean, float[] std) {
        if (size < 1) {
            throw new IllegalArgumentException("evaluation size must be positive, got " + size);
        }
        this.size = size;
        this.normalize = new Normalize(mean, std);
    }

    @Override
    public int outputSize() {
        return size;
    }

    @Override
    public void apply(byte[] src, int srcOffset, int channels, int height, int width, float[] dst, int dstOffset,
            SplittableRandom rng) {
        float[][] img = new float[channels][size * size];
        if (height <= size && width <= size) {
            Pixels.cropResize(src, srcOffset, channels, height, width, 0, 0, width, height, false, size, img);
        } else {
            double side = CROP_FRACTION * Math.min(height, width);
            Pixels.cropResize(src, srcOffset, channels, height, width, (width - side) / 2, (height - side) / 2, side,
                    side, false, size, img);
        }
        normalize.apply(img, channels, size * size, dst, dstOffset);
    }
}
