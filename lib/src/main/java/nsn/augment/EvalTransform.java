package nsn.augment;

import java.util.SplittableRandom;

/** Deterministic evaluation transform: bilinear resize of the whole image, then {@link Normalize}. */
final class EvalTransform implements SemanticAugmentation {

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
        float[] img = new float[channels * size * size];
        Pixels.cropResize(src, srcOffset, channels, height, width, 0, 0, width, height, false, size, img);
        normalize.apply(img, channels, size * size, dst, dstOffset);
    }
}
