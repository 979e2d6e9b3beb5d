package nsn.model;

/**
 * Architecture of an {@link Encoder}.
 *
 * @param depth network depth: 10, 18, 34 or 50 for a ResNet; 11, 13, 16 or 19 for a VGG
 * @param width first-stage channels (64 for a standard ResNet). Use at least 16 on the CPU: with widths of 4
 *     and 8, DJL 0.36 with libtorch 2.7.1 (CPU) was seen to return NaN gradients from a convolution's backward
 *     pass at random, on identical inputs (see docs/BENCHMARKS.md, "Known engine issues")
 * @param stem stem for the input resolution
 * @param channels input channels: 1 or 3
 * @param imageSize input height and width in pixels
 * @param projectionDim output dimension of the projection head (128 in MoCo)
 * @param mlpHead two-layer MLP head (MoCo-v2) instead of a single linear layer (MoCo-v1)
 * @param headHidden hidden width of the MLP head; 0 (configurations written before it was configurable, and the
 *     seven-argument constructor) means the backbone's feature width, MoCo-v2's choice, and reads back as that
 *     width. BYOL's projector has 4096 at ResNet-50; solo-learn's CIFAR recipes use 2048 (MoCo V2+) and 4096
 *     (BYOL) at ResNet-18. Ignored (must be 0 or the feature width) without the MLP head
 * @param headBatchNorm BatchNorm between the MLP head's layers, Linear → BatchNorm1d → ReLU → Linear, as in
 *     BYOL's projector; MoCo-v2's head has none (Linear → ReLU → Linear). {@code false} in configurations written
 *     before it was configurable. Needs the MLP head
 * @param backbone the backbone family; {@code null} (configurations written before it was configurable, and the
 *     shorter constructors) reads as {@link Backbone#RESNET}
 */
public record EncoderConfig(int depth, int width, ResNet.Stem stem, int channels, int imageSize, int projectionDim,
        boolean mlpHead, int headHidden, boolean headBatchNorm, Backbone backbone) {

    /** Validates the architecture. */
    public EncoderConfig {
        if (backbone == null) {
            backbone = Backbone.RESNET;
        }
        backbone.checkDepth(depth);
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
        int features = backbone.featureDim(depth, width);
        if (headHidden == 0) {
            headHidden = features;
        }
        if (headHidden < 1 || headHidden > 65536) {
            throw new IllegalArgumentException(
                    "projection head hidden width must be in [1, 65536] (0 = the feature width), got " + headHidden);
        }
        if (!mlpHead && headHidden != features) {
            throw new IllegalArgumentException("projection head hidden width " + headHidden
                    + " needs the MLP head (mlpHead); the linear head has no hidden layer");
        }
        if (!mlpHead && headBatchNorm) {
            throw new IllegalArgumentException("projection head BatchNorm needs the MLP head (mlpHead); the linear"
                    + " head has no hidden layer to normalise");
        }
    }

    /**
     * A ResNet encoder.
     *
     * @param depth ResNet depth
     * @param width first-stage channels
     * @param stem stem
     * @param channels input channels
     * @param imageSize input size in pixels
     * @param projectionDim head output dimension
     * @param mlpHead two-layer MLP head instead of a linear one
     * @param headHidden hidden width of the MLP head (0 = the feature width)
     * @param headBatchNorm BatchNorm in the MLP head
     */
    public EncoderConfig(int depth, int width, ResNet.Stem stem, int channels, int imageSize, int projectionDim,
            boolean mlpHead, int headHidden, boolean headBatchNorm) {
        this(depth, width, stem, channels, imageSize, projectionDim, mlpHead, headHidden, headBatchNorm,
                Backbone.RESNET);
    }

    /**
     * A ResNet encoder with MoCo-v2's head: hidden width = the feature width, no BatchNorm.
     *
     * @param depth ResNet depth
     * @param width first-stage channels
     * @param stem stem
     * @param channels input channels
     * @param imageSize input size in pixels
     * @param projectionDim head output dimension
     * @param mlpHead two-layer MLP head instead of a linear one
     */
    public EncoderConfig(int depth, int width, ResNet.Stem stem, int channels, int imageSize, int projectionDim,
            boolean mlpHead) {
        this(depth, width, stem, channels, imageSize, projectionDim, mlpHead, 0, false, Backbone.RESNET);
    }

    /**
     * A copy with another projection head: two-layer MLP {@code F → hidden → dim}, with or without BatchNorm after
     * the hidden layer.
     *
     * @param hidden hidden width (0 = the feature width)
     * @param dim output dimension
     * @param batchNorm Linear → BatchNorm1d → ReLU → Linear (BYOL) instead of Linear → ReLU → Linear (MoCo-v2)
     */
    public EncoderConfig withHead(int hidden, int dim, boolean batchNorm) {
        return new EncoderConfig(depth, width, stem, channels, imageSize, dim, true, hidden, batchNorm, backbone);
    }

    /** A copy with or without BatchNorm in the MLP head, everything else kept. */
    public EncoderConfig withHeadBatchNorm(boolean batchNorm) {
        return new EncoderConfig(depth, width, stem, channels, imageSize, projectionDim, mlpHead, headHidden,
                batchNorm, backbone);
    }

    /**
     * A copy with another input: {@code channels} and {@code imageSize}, and the stem for that size; the backbone,
     * depth, width and head are kept.
     */
    public EncoderConfig withInput(ResNet.Stem newStem, int newChannels, int newImageSize) {
        return new EncoderConfig(depth, width, newStem, newChannels, newImageSize, projectionDim, mlpHead,
                headHidden, headBatchNorm, backbone);
    }

    /** Width of the backbone's feature vector. */
    public int featureDim() {
        return backbone.featureDim(depth, width);
    }

    /** The backbone's usual name, e.g. {@code ResNet-18} or {@code VGG-11}. */
    public String label() {
        return backbone.label(depth);
    }

    /** A standard-width ResNet of {@code depth} at 224 px with the ImageNet stem and MoCo-v2's MLP head. */
    public static EncoderConfig imagenet(int depth) {
        return new EncoderConfig(depth, 64, ResNet.Stem.IMAGENET, 3, 224, 128, true);
    }
}
