package nsn.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import java.util.Arrays;
import java.util.List;

/**
 * ResNet backbones (He et al. 2016) that map {@code (N, C, H, W)} images to {@code (N, featureDim)} features
 * after global average pooling, without a classifier.
 *
 * <p>{@link Stem#IMAGENET} is the standard 7×7/2 convolution plus 3×3/2 max-pool for 224 px inputs;
 * {@link Stem#SMALL} is a 3×3/1 convolution without pooling (as for CIFAR in SimCLR/MoCo), and
 * {@link Stem#SMALL_STRIDED} the same with stride 2, which cuts compute 4× for 28–32 px images on a CPU.
 * {@code width} scales every stage (64 is the standard ResNet).
 */
public final class ResNet {

    /** The first layers, chosen by input resolution. */
    public enum Stem {
        /** 7×7 conv stride 2 + 3×3 max-pool stride 2: the ImageNet stem for 224 px images. */
        IMAGENET,
        /** 3×3 conv stride 1, no pooling: for 28–96 px images. */
        SMALL,
        /** 3×3 conv stride 2, no pooling: a cheaper variant for 28–32 px images on a CPU. */
        SMALL_STRIDED
    }

    private ResNet() {}

    /** Blocks per stage for a supported depth. */
    static int[] stages(int depth) {
        switch (depth) {
            case 10:
                return new int[] {1, 1, 1, 1};
            case 18:
                return new int[] {2, 2, 2, 2};
            case 34:
            case 50:
                return new int[] {3, 4, 6, 3};
            default:
                throw new IllegalArgumentException(
                        "ResNet depth must be 10, 18, 34 (basic blocks) or 50 (bottlenecks), got " + depth);
        }
    }

    /** Whether a depth uses bottleneck blocks (1×1, 3×3, 1×1 with 4× expansion). */
    static boolean bottleneck(int depth) {
        return depth >= 50;
    }

    /** Width of the pooled feature vector: 8 × width for basic blocks, 32 × width for bottlenecks. */
    public static int featureDim(int depth, int width) {
        return (bottleneck(depth) ? 32 : 8) * width;
    }

    /**
     * Builds a ResNet backbone.
     *
     * @param depth 10, 18, 34 or 50
     * @param width channels of the first stage (64 in the standard network)
     * @param stem the stem for the input resolution
     * @return a block mapping {@code (N, C, H, W)} to {@code (N, featureDim(depth, width))}
     */
    public static Block backbone(int depth, int width, Stem stem) {
        if (width < 1) {
            throw new IllegalArgumentException("ResNet width must be positive, got " + width);
        }
        EagerSequentialBlock net = new EagerSequentialBlock();
        switch (stem) {
            case IMAGENET:
                net.add(conv(width, 7, 2)).add(bn()).add(Activation.reluBlock());
                net.add(Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2), new Shape(1, 1)));
                break;
            case SMALL:
                net.add(conv(width, 3, 1)).add(bn()).add(Activation.reluBlock());
                break;
            case SMALL_STRIDED:
                net.add(conv(width, 3, 2)).add(bn()).add(Activation.reluBlock());
                break;
            default:
                throw new IllegalStateException("unknown stem " + stem);
        }
        int[] blocks = stages(depth);
        boolean bottleneck = bottleneck(depth);
        int channels = width;
        for (int stage = 0; stage < blocks.length; stage++) {
            int stride = stage == 0 ? 1 : 2;
            for (int b = 0; b < blocks[stage]; b++) {
                int s = b == 0 ? stride : 1;
                // The first block of a stage changes resolution (stages 2-4) or, for bottlenecks, channels.
                boolean project = b == 0 && (stage > 0 || bottleneck);
                net.add(bottleneck ? bottleneckBlock(channels, s, project) : basicBlock(channels, s, project));
            }
            channels *= 2;
        }
        net.add(Pool.globalAvgPool2dBlock()); // (N, F, h, w) -> (N, F)
        return net;
    }

    private static Block basicBlock(int channels, int stride, boolean projectShortcut) {
        SequentialBlock residual = new EagerSequentialBlock()
                .add(conv(channels, 3, stride))
                .add(bn())
                .add(Activation.reluBlock())
                .add(conv(channels, 3, 1))
                .add(bn());
        return residualUnit(residual, channels, stride, projectShortcut);
    }

    private static Block bottleneckBlock(int channels, int stride, boolean projectShortcut) {
        int out = 4 * channels;
        SequentialBlock residual = new EagerSequentialBlock()
                .add(conv(channels, 1, 1))
                .add(bn())
                .add(Activation.reluBlock())
                .add(conv(channels, 3, stride))
                .add(bn())
                .add(Activation.reluBlock())
                .add(conv(out, 1, 1))
                .add(bn());
        return residualUnit(residual, out, stride, projectShortcut);
    }

    /**
     * {@code relu(residual(x) + shortcut(x))}, the shortcut being the identity or, when the block changes
     * resolution or width, a 1×1 convolution to {@code outChannels} with {@code stride} and BatchNorm.
     */
    private static Block residualUnit(Block residual, int outChannels, int stride, boolean projectShortcut) {
        Block shortcut = projectShortcut
                ? new EagerSequentialBlock().add(conv(outChannels, 1, stride)).add(bn())
                : Blocks.identityBlock();
        return new EagerSequentialBlock()
                .add(new ParallelBlock(projectShortcut ? ResNet::sumAndCloseBoth : ResNet::sumAndCloseResidual,
                        Arrays.asList(residual, shortcut)))
                .add(Activation.reluBlock());
    }

    /** {@code residual + shortcut}, closing both branches' outputs (a projected shortcut is the unit's own). */
    private static NDList sumAndCloseBoth(List<NDList> branches) {
        NDList sum = sumAndCloseResidual(branches);
        branches.get(1).singletonOrThrow().close();
        return sum;
    }

    /** {@code residual + x}, closing the residual's output; an identity shortcut's {@code x} is the unit's input. */
    private static NDList sumAndCloseResidual(List<NDList> branches) {
        NDArray residual = branches.get(0).singletonOrThrow();
        NDList sum = new NDList(residual.add(branches.get(1).singletonOrThrow()));
        residual.close();
        return sum;
    }

    private static Block conv(int filters, int kernel, int stride) {
        return Conv2d.builder()
                .setFilters(filters)
                .setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(kernel / 2, kernel / 2))
                .optBias(false)
                .build();
    }

    private static Block bn() {
        return BatchNorm.builder().optMomentum(0.9f).optEpsilon(1e-5f).build();
    }
}
