package nsn.model;

import ai.djl.nn.Block;
import java.util.Locale;

/** The family of an {@link Encoder}'s backbone: {@link ResNet} (the paper's) or {@link Vgg} (no shortcuts). */
public enum Backbone {
    /** ResNet-10/18/34/50. */
    RESNET("ResNet"),
    /** VGG-11/13/16/19 with BatchNorm. */
    VGG("VGG");

    private final String display;

    Backbone(String display) {
        this.display = display;
    }

    /**
     * Checks that {@code depth} exists in this family.
     *
     * @throws IllegalArgumentException naming the allowed depths
     */
    public void checkDepth(int depth) {
        if (this == RESNET) {
            ResNet.stages(depth);
        } else {
            Vgg.stages(depth);
        }
    }

    /** Width of the pooled feature vector of the network of {@code depth} and first-stage {@code width}. */
    public int featureDim(int depth, int width) {
        return this == RESNET ? ResNet.featureDim(depth, width) : Vgg.featureDim(width);
    }

    /** The backbone block of {@code config}: {@code (N, C, H, W) -> (N, featureDim)}. */
    public Block build(EncoderConfig config) {
        return this == RESNET ? ResNet.backbone(config.depth(), config.width(), config.stem())
                : Vgg.backbone(config.depth(), config.width(), config.stem(), config.imageSize());
    }

    /** The network's usual name, e.g. {@code ResNet-18} or {@code VGG-11}. */
    public String label(int depth) {
        return display + "-" + depth;
    }

    /**
     * Parses {@code resnet} or {@code vgg} (any case).
     *
     * @throws IllegalArgumentException naming the allowed values
     */
    public static Backbone parse(String name) {
        String n = name == null ? "" : name.trim().toUpperCase(Locale.ROOT);
        for (Backbone b : values()) {
            if (b.name().equals(n)) {
                return b;
            }
        }
        throw new IllegalArgumentException("backbone must be resnet or vgg, got '" + name + "'");
    }
}
