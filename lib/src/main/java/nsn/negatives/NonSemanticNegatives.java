package nsn.negatives;

import java.util.SplittableRandom;

/**
 * Generates negative samples that keep an image's superficial features (texture, colour, local patches) while
 * diminishing its semantics. Works on a normalised CHW float view and writes negatives of the same size.
 * Implementations are stateless and thread-safe; all randomness comes from {@code rng}.
 */
public interface NonSemanticNegatives {

    /**
     * Writes one non-semantic negative of {@code view}.
     *
     * @param view source view, CHW floats at {@code viewOffset}
     * @param viewOffset first float of the view
     * @param channels channels
     * @param size height and width of the (square) view
     * @param dst destination, same size as the view, at {@code dstOffset}
     * @param dstOffset first float of the negative in {@code dst}
     * @param rng random source
     */
    void generate(float[] view, int viewOffset, int channels, int size, float[] dst, int dstOffset,
            SplittableRandom rng);

    /**
     * Writes {@code count} negatives of {@code view} one after the other, (count, C, S, S) floats from
     * {@code dstOffset}; the same as {@code count} calls of the one-negative method with the same {@code rng}.
     */
    default void generate(float[] view, int viewOffset, int channels, int size, float[] dst, int dstOffset,
            int count, SplittableRandom rng) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, got " + count);
        }
        int floats = channels * size * size;
        for (int i = 0; i < count; i++) {
            generate(view, viewOffset, channels, size, dst, dstOffset + i * floats, rng);
        }
    }

    /**
     * Patch-based negatives as in the authors' code, with patch side drawn uniformly from the integers
     * {@code [minPatch, maxPatch]}; see {@link PatchNegatives} for the other options.
     */
    static PatchNegatives patches(int minPatch, int maxPatch) {
        return PatchNegatives.builder().optPatchRange(minPatch, maxPatch).build();
    }

    /**
     * Patch-based negatives with the paper's patch-size range d ~ U(16, 72) at 224 px, scaled to
     * {@code imageSize} (e.g. 2–9 px at 28 px, 2–10 px at 32 px, 7–31 px at 96 px).
     */
    static PatchNegatives patchesScaledTo(int imageSize) {
        return PatchNegatives.builder().optPatchRangeScaledTo(imageSize).build();
    }
}
