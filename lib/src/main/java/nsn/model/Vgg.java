package nsn.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;

/**
 * VGG backbones with BatchNorm (Simonyan and Zisserman 2015, configurations A, B, D and E; torchvision's
 * {@code vgg11_bn} … {@code vgg19_bn}) mapping {@code (N, C, H, W)} images to {@code (N, 8 × width)} features: five
 * stages of 3×3 convolution → BatchNorm → ReLU at widths {@code w, 2w, 4w, 8w, 8w}, each followed by a 2×2 max-pool,
 * then global average pooling. A network without shortcuts, for §4.2's comparison across architectures.
 *
 * <p>Two departures from the original, both so that one definition serves 28 px to 224 px inputs: the fully
 * connected 4096-wide classifier layers are replaced by global average pooling (as in the CIFAR variants of VGG),
 * and a stage's max-pool is left out once its feature map is 1×1 (a 28 px image reaches 1×1 after four pools).
 * {@link ResNet.Stem#SMALL_STRIDED} gives the first convolution stride 2, a cheaper variant for small images on a
 * CPU; {@link ResNet.Stem#IMAGENET} and {@link ResNet.Stem#SMALL} keep VGG's stride 1.
 */
public final class Vgg {

    private Vgg() {}

    /** Convolutions per stage for a supported depth (the number of weight layers of the original network). */
    static int[] stages(int depth) {
        return switch (depth) {
            case 11 -> new int[] {1, 1, 2, 2, 2};
            case 13 -> new int[] {2, 2, 2, 2, 2};
            case 16 -> new int[] {2, 2, 3, 3, 3};
            case 19 -> new int[] {2, 2, 4, 4, 4};
            default -> throw new IllegalArgumentException("VGG depth must be 11, 13, 16 or 19, got " + depth);
        };
    }

    /** Width of the pooled feature vector: 8 × width (512 at the standard width 64). */
    public static int featureDim(int width) {
        return 8 * width;
    }

    /**
     * Builds a VGG backbone.
     *
     * @param depth 11, 13, 16 or 19
     * @param width channels of the first stage (64 in the standard network)
     * @param stem {@link ResNet.Stem#SMALL_STRIDED} for a stride-2 first convolution, otherwise stride 1
     * @param imageSize input side in pixels, which decides where the feature map reaches 1×1
     * @return a block mapping {@code (N, C, imageSize, imageSize)} to {@code (N, featureDim(width))}
     */
    public static Block backbone(int depth, int width, ResNet.Stem stem, int imageSize) {
        if (width < 1) {
            throw new IllegalArgumentException("VGG width must be positive, got " + width);
        }
        if (imageSize < 1) {
            throw new IllegalArgumentException("VGG image size must be positive, got " + imageSize);
        }
        int[] convs = stages(depth);
        SequentialBlock net = new EagerSequentialBlock();
        int size = imageSize;
        boolean first = true;
        for (int stage = 0; stage < convs.length; stage++) {
            int channels = width << Math.min(stage, 3); // w, 2w, 4w, 8w, 8w
            for (int c = 0; c < convs[stage]; c++) {
                int stride = first && stem == ResNet.Stem.SMALL_STRIDED ? 2 : 1;
                net.add(conv(channels, stride)).add(bn()).add(Activation.reluBlock());
                size = (size + stride - 1) / stride; // 3x3, padding 1: ceil(size / stride)
                first = false;
            }
            if (size >= 2) { // (N, c, s, s) -> (N, c, s/2, s/2)
                net.add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
                size /= 2;
            }
        }
        net.add(Pool.globalAvgPool2dBlock()); // (N, 8w, s, s) -> (N, 8w)
        return net;
    }

    private static Block conv(int filters, int stride) {
        return Conv2d.builder()
                .setFilters(filters)
                .setKernelShape(new Shape(3, 3))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(1, 1))
                .optBias(false)
                .build();
    }

    private static Block bn() {
        return BatchNorm.builder().optMomentum(0.9f).optEpsilon(1e-5f).build();
    }
}
