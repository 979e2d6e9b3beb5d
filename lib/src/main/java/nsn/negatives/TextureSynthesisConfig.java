package nsn.negatives;

/**
 * Parameters of the non-parametric texture synthesizer, with the meaning and defaults of the EmbarkStudios
 * {@code texture-synthesis} tool (the one the paper's ImageNet-Texture data was generated with).
 *
 * @param nearestNeighbors k: how many already-resolved output pixels form a pixel's neighbourhood (default 50;
 *     larger captures larger structures, costs more)
 * @param randomSampleLocations m: random example locations tried per pixel besides the k coherent candidates
 *     (default 50)
 * @param cauchyDispersion σ of the Cauchy neighbourhood distance ln(1 + (Δ/255)²/σ²) (default 1.0; near 0 gives
 *     harsh seams between copied chunks, near 1 smoother transitions)
 * @param backtrackPercent p: stage s (from {@code backtrackStages} down to 0) resolves a share pᔆ of all pixels,
 *     re-resolving those already resolved at a sharper pyramid level (default 0.5, range (0, 1))
 * @param backtrackStages number of backtracking stages; also the number of pyramid levels (default 5: examples
 *     blurred by downsampling ×16, ×8, ×4, ×2, then sharp)
 */
public record TextureSynthesisConfig(int nearestNeighbors, int randomSampleLocations, float cauchyDispersion,
        float backtrackPercent, int backtrackStages) {

    /** Validates each field. */
    public TextureSynthesisConfig {
        if (nearestNeighbors < 1 || nearestNeighbors > 1024) {
            throw new IllegalArgumentException("nearestNeighbors must be in [1, 1024], got " + nearestNeighbors);
        }
        if (randomSampleLocations < 0 || randomSampleLocations > 4096) {
            throw new IllegalArgumentException(
                    "randomSampleLocations must be in [0, 4096], got " + randomSampleLocations);
        }
        if (!(cauchyDispersion > 0f) || Float.isInfinite(cauchyDispersion)) {
            throw new IllegalArgumentException("cauchyDispersion must be positive, got " + cauchyDispersion);
        }
        if (!(backtrackPercent > 0f && backtrackPercent < 1f)) {
            throw new IllegalArgumentException("backtrackPercent must be in (0, 1), got " + backtrackPercent);
        }
        if (backtrackStages < 1 || backtrackStages > 10) {
            throw new IllegalArgumentException("backtrackStages must be in [1, 10], got " + backtrackStages);
        }
    }

    /** The EmbarkStudios defaults: k = 50, m = 50, σ = 1.0, p = 0.5 over 5 stages. */
    public static TextureSynthesisConfig defaults() {
        return new TextureSynthesisConfig(50, 50, 1.0f, 0.5f, 5);
    }

    /** A copy with another k. */
    public TextureSynthesisConfig withNearestNeighbors(int k) {
        return new TextureSynthesisConfig(k, randomSampleLocations, cauchyDispersion, backtrackPercent,
                backtrackStages);
    }

    /** A copy with another m. */
    public TextureSynthesisConfig withRandomSampleLocations(int m) {
        return new TextureSynthesisConfig(nearestNeighbors, m, cauchyDispersion, backtrackPercent, backtrackStages);
    }
}
