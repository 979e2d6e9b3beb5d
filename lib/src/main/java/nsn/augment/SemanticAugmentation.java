package nsn.augment;

import java.util.SplittableRandom;

/**
 * Makes one view of an image: reads unsigned bytes in CHW order and writes normalised floats in CHW order at
 * the output size. Implementations are stateless and thread-safe; all randomness comes from {@code rng}.
 */
public interface SemanticAugmentation {

    /** Output height and width in pixels. */
    int outputSize();

    /**
     * Writes one view.
     *
     * @param src source pixels, CHW unsigned bytes
     * @param srcOffset first byte of the image in {@code src}
     * @param channels 1 or 3
     * @param height source height
     * @param width source width
     * @param dst destination, {@code channels × outputSize²} floats at {@code dstOffset}
     * @param dstOffset first float of the view in {@code dst}
     * @param rng random source (ignored by deterministic transforms)
     */
    void apply(byte[] src, int srcOffset, int channels, int height, int width, float[] dst, int dstOffset,
            SplittableRandom rng);

    /** MoCo-v2's augmentation ({@code --aug-plus}) with the given parameters. */
    static SemanticAugmentation mocoV2(AugmentConfig config) {
        return new MocoV2Augmentation(config);
    }

    /**
     * The evaluation transform, no randomness: images no larger than {@code outputSize} are resized to it
     * (bilinear), larger ones centre-cropped to 0.875 of their shorter side first (Resize 256 + CenterCrop 224 on
     * ImageNet); then normalised.
     */
    static SemanticAugmentation evaluation(int outputSize, float[] mean, float[] std) {
        return new EvalTransform(outputSize, mean, std);
    }
}
