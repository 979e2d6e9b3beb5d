package nsn.negatives;

import java.util.List;
import java.util.SplittableRandom;
import nsn.data.ByteImage;

/**
 * §2.2's texture-based negatives: a texture synthesized from two square patches of the image, one from its
 * centre and one from a random place, so that local texture survives and global shape is gone.
 *
 * <p>The recipe follows the authors' generation script: at ImageNet scale the patches are 96×96, the random one
 * with its centre uniform in [48, h−48) × [48, w−48), and the output is 224×224. For other image sizes the patch
 * side scales with the image: {@link #patchSide} = round(96 · min(h, w) / 224), at most 96 and at least 4 (48 px
 * for a 112-px image, 12 px for Fashion-MNIST's 28, 14 px for CIFAR's 32). Deterministic given the seed.
 */
public final class TextureNegatives {

    /** Patch side at ImageNet scale. */
    public static final int PATCH_SIDE = 96;

    /** Output side at ImageNet scale. */
    public static final int OUTPUT_SIDE = 224;

    private final TextureSynthesizer synthesizer;

    /** Texture negatives made with {@code synthesizer}. */
    public TextureNegatives(TextureSynthesizer synthesizer) {
        this.synthesizer = synthesizer;
    }

    /** Texture negatives with the synthesizer's default parameters. */
    public static TextureNegatives defaults() {
        return new TextureNegatives(TextureSynthesizer.defaults());
    }

    /** The synthesizer. */
    public TextureSynthesizer synthesizer() {
        return synthesizer;
    }

    /** Side of the example patches for an image of {@code height × width}. */
    public static int patchSide(int height, int width) {
        int scaled = Math.round(PATCH_SIDE * Math.min(height, width) / (float) OUTPUT_SIDE);
        return Math.min(Math.min(PATCH_SIDE, Math.max(4, scaled)), Math.min(height, width));
    }

    /**
     * The two example patches of {@code image}: the centre patch, then the random one.
     *
     * @param rng source of the random patch's position
     */
    public static List<ByteImage> examples(ByteImage image, SplittableRandom rng) {
        int h = image.height();
        int w = image.width();
        int p = patchSide(h, w);
        ByteImage centre = image.crop(h / 2 - p / 2, w / 2 - p / 2, p, p);
        // centre uniform in [p/2, h - p/2): top-left corner uniform in [0, h - p)
        int y = (int) (rng.nextDouble() * (h - p));
        int x = (int) (rng.nextDouble() * (w - p));
        return List.of(centre, image.crop(y, x, p, p));
    }

    /**
     * The texture negative of {@code image}, {@code outputSize × outputSize}, with as many channels as the image.
     *
     * @param seed seed of the patch position and of the synthesis
     */
    public ByteImage generate(ByteImage image, int outputSize, long seed) {
        if (outputSize < 1) {
            throw new IllegalArgumentException("output size must be positive, got " + outputSize);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        List<ByteImage> examples = examples(image, rng);
        return synthesizer.synthesize(examples, outputSize, outputSize, rng.nextLong());
    }
}
