package nsn.model;

/**
 * Architecture of an {@link Encoder}.
 *
 * @param depth ResNet depth: 10, 18, 34 or 50
 * @param width first-stage channels (64 for a standard ResNet). Use at least 16 on the CPU: with widths of 4
 *     and 8, DJL 0.36 with libtorch 2.7.1 (CPU) was seen to return NaN gradients from a convolution's backward
 *     pass at random, on identical inputs (see docs/BENCHMARKS.md, "Known engine issues")
 * @param stem stem for the input resolution
 * @param channels input channels: 1 or 3
 * @param imageSize input height and width in pixels
 * @param projectionDim output dimension of the projection head (128 in MoCo)
 * @param mlpHead two-layer MLP head (MoCo-v2) instead of a single linear layer (MoCo-v1)
 */
public record EncoderConfig(
        int depth, int width, ResNet.Stem stem, int channels, int imageSize, int projectionDim, boolean mlpHead) {

    /** Validates the architecture. */
    public EncoderConfig {
        ResNet.stages(depth);
        if (width < 1 || width > 1024) {
            throw new IllegalArgumentException("encoder width must be in [1, 1024], got " + width);
        }
        if (stem == null) {
            throw new IllegalArgumentException("encoder stem is required");
        }
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("encoder input channels must be 1 or 3, got " + channels);
        }
        if (imageSize < 8) {
            throw new IllegalArgumentException("encoder image size must be at least 8 px, got " + imageSize);
        }
        if (projectionDim < 1) {
            throw new IllegalArgumentException("projection dimension must be positive, got " + projectionDim);
        }
    }

    /** Width of the backbone's feature vector. */
    public int featureDim() {
        return ResNet.featureDim(depth, width);
    }

    /** A standard-width ResNet of {@code depth} at 224 px with the ImageNet stem and MoCo-v2's MLP head. */
    public static EncoderConfig imagenet(int depth) {
        return new EncoderConfig(depth, 64, ResNet.Stem.IMAGENET, 3, 224, 128, true);
    }
}
