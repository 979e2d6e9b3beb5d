package nsn.train;

import java.util.Locale;
import java.util.SplittableRandom;
import nsn.augment.SemanticAugmentation;
import nsn.data.ImageDataset;
import nsn.negatives.NonSemanticNegatives;

/**
 * Where the M non-semantic negatives of each training image come from, for {@link PretrainBatches}: none
 * (plain MoCo-v2), patch-based negatives cut from the query view (§2.3), or the image's pre-generated texture
 * (§2.2) augmented with the query view's random parameters.
 *
 * <p>Implementations are stateless and thread-safe; all randomness comes from the arguments of
 * {@link #generate}, so batches stay a pure function of {@code (seed, epoch, batch index)}.
 */
public interface NegativeSource {

    /** The kinds of source a {@link PretrainConfig} can name. */
    enum Kind {
        /** No non-semantic negatives (M = 0): MoCo-v2. */
        NONE,
        /** Patch-based negatives of the query view. */
        PATCH,
        /** Texture negatives read from a texture dataset aligned with the training images. */
        TEXTURE;

        /** The name used on the command line: {@code none}, {@code patch} or {@code texture}. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * The kind called {@code id} (any case).
         *
         * @throws IllegalArgumentException naming the bad value and the accepted ones
         */
        public static Kind of(String id) {
            for (Kind k : values()) {
                if (k.id().equals(id == null ? null : id.trim().toLowerCase(Locale.ROOT))) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown negative source '" + id + "': expected patch, texture or"
                    + " none");
        }
    }

    /**
     * The query view of one training image, from which its negatives are made.
     *
     * @param index the image's index in the training dataset
     * @param view normalised CHW floats {@code (C, S, S)} starting at {@code offset}
     * @param offset first float of the view
     * @param channels C
     * @param augmentation the augmentation that made the view; S is its {@link SemanticAugmentation#outputSize()}
     * @param seed when {@link #replaysQuery()} is true, the view was made by {@code augmentation} with
     *     {@code new SplittableRandom(seed)}, so the same call on another image repeats its random parameters
     *     (crop, flip, jitter, grayscale, blur); unused otherwise
     */
    record Query(int index, float[] view, int offset, int channels, SemanticAugmentation augmentation, long seed) {}

    /** M, the negatives written per image; 0 for {@link #none()}. */
    int perImage();

    /**
     * Whether the negatives repeat the query view's augmentation. If so, {@link PretrainBatches} makes each query
     * view with its own generator seeded from the image's random source and passes that seed in
     * {@link Query#seed()}; otherwise the query view draws straight from the image's random source (the
     * patch-based recipe, whose batches are unchanged by this interface).
     */
    boolean replaysQuery();

    /**
     * Writes the M negatives of one image.
     *
     * @param query the image's query view
     * @param dst destination of {@code (M, C, S, S)} floats starting at {@code dstOffset}
     * @param dstOffset first float of the first negative
     * @param rng the image's random source, after its query and key views were drawn
     */
    void generate(Query query, float[] dst, int dstOffset, SplittableRandom rng);

    /**
     * Checks that this source can make negatives for the images of {@code data}.
     *
     * @throws IllegalArgumentException naming the mismatch
     */
    default void checkCompatible(ImageDataset data) {}

    /** No non-semantic negatives: M = 0, the batches' negatives are empty (MoCo-v2 baseline). */
    static NegativeSource none() {
        return NegativeSources.None.INSTANCE;
    }

    /**
     * {@code perImage} negatives per image made by {@code generator} from the query view (§2.3), each with the
     * generator's own random draws.
     *
     * @param generator e.g. {@link NonSemanticNegatives#patches}
     * @param perImage M, in [1, 16]
     */
    static NegativeSource patches(NonSemanticNegatives generator, int perImage) {
        return new NegativeSources.Patches(generator, perImage);
    }

    /**
     * One texture negative per image (§2.2): image {@code i}'s negative is {@code textures}' image {@code i}
     * augmented with exactly the random parameters of image {@code i}'s query view, as in the authors' loader
     * (which reseeds its generators before augmenting the query and the texture). The texture dataset must be
     * aligned with the training images and have their channels and size, as
     * {@link nsn.negatives.TextureDatasets#aligned} makes it.
     *
     * <p>M is 1: a texture dataset holds one texture per image, and a second negative with the same random
     * parameters would be the same image. Other augmentations of the texture would break the query alignment the
     * recipe relies on, so larger M is rejected (by {@link PretrainConfig}) rather than approximated.
     *
     * @param textures texture {@code i} of training image {@code i}
     */
    static NegativeSource textures(ImageDataset textures) {
        return new NegativeSources.Textures(textures);
    }
}
