package nsn.negatives;

import java.util.List;
import java.util.SplittableRandom;
import nsn.data.ByteImage;

/**
 * §2.2's texture-based negatives: a texture synthesized from two square patches of the image, one from its
 * centre and one from a random place, so that local texture survives and global shape is gone.
 *
 * <p>The recipe follows the paper and the authors' generation script: the patches are 96×96 when the image allows
 * (shorter side ≥ 96), otherwise 48×48 (shorter side ≥ 48); the random one has its centre uniform in
 * [48, h−48) × [48, w−48) (for 96-px patches); the output is 224×224 for ImageNet. Images smaller than 48 px
 * (the small datasets) get patches scaled like the output: round(96 · min(h, w) / 224), at least 4 — 12 px for
 * Fashion-MNIST's 28, 14 px for CIFAR-10's 32. See {@link #patchSide}. Deterministic given the seed.
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

    /**
     * Side of the example patches for an image of {@code height × width}: 96 when the shorter side is at least 96,
     * else 48 when it is at least 48, else round(96 · shorter side / 224) (at least 4, at most the shorter side).
     */
    public static int patchSide(int height, int width) {
        int side = Math.min(height, width);
        if (side >= PATCH_SIDE) {
            return PATCH_SIDE;
        }
        if (side >= PATCH_SIDE / 2) {
            return PATCH_SIDE / 2;
        }
        return Math.min(side, Math.max(4, Math.round(PATCH_SIDE * side / (float) OUTPUT_SIDE)));
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
