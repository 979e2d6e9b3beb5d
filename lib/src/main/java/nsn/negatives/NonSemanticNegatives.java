package nsn.negatives;

import java.util.SplittableRandom;

/**
 * Generates negative samples that keep an image's superficial features (texture, colour, local patches) while
 * diminishing its semantics. Works on a normalised CHW float view and writes one negative of the same size.
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

    /** Patch-based negatives with patch side drawn uniformly from {@code [minPatch, maxPatch]} pixels. */
    static NonSemanticNegatives patches(int minPatch, int maxPatch) {
        return new PatchNegatives(minPatch, maxPatch);
    }

    /**
     * Patch-based negatives with the paper's patch-size range d ~ U(16, 72) at 224 px, scaled to
     * {@code imageSize} (e.g. 2–9 px at 28 px, 2–10 px at 32 px, 7–31 px at 96 px).
     */
    static NonSemanticNegatives patchesScaledTo(int imageSize) {
        int min = Math.max(1, Math.round(16f * imageSize / 224f));
        int max = Math.max(min, Math.round(72f * imageSize / 224f));
        return new PatchNegatives(min, max);
    }
}
