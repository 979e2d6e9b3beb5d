package nsn.loss;

import ai.djl.ndarray.NDArray;
import nsn.model.Scalars;

/**
 * BYOL's regression loss with the non-semantic term of Eq. 2. For an online prediction {@code p} of one view,
 * the target projection {@code z_p} of the other view and the target projections {@code z_ns,m} of the image's M
 * non-semantic negatives, all L2-normalised:
 *
 * <pre>
 *   ℓ(p) = ‖p − z_p‖² − α·(1/M)·Σₘ ‖p − z_ns,m‖² = 2 − 2α − 2·pᵀz_p + 2α·(1/M)·Σₘ pᵀz_ns,m
 * </pre>
 *
 * The paper writes the norms unsquared but expands them as squared distances; this follows the expansion. With
 * M &gt; 1 the non-semantic term is averaged so that α keeps its meaning (the paper uses M = 1). As in BYOL the
 * loss is symmetrised: each view's prediction regresses the other view's target, and the two are summed,
 * {@code L = mean_n [ℓ(p1) against z2 + ℓ(p2) against z1]}. The targets come from the target network and must
 * carry no gradient; only the predictions do.
 */
public final class ByolLoss {

    private final float alpha;

    /**
     * @param alpha α in [0, 1): the weight of the distance to the non-semantic negatives (0.05 in the paper).
     *     With normalised vectors the loss is bounded for any α; α &lt; 1 is required so that the pull to the
     *     positive outweighs the push from the negative: when the network cannot tell them apart
     *     ({@code z_ns = z_p}) the loss is {@code (1 − α)·‖p − z_p‖²}, still minimised at {@code p = z_p}, whereas
     *     α ≥ 1 would reward predicting away from the positive
     */
    public ByolLoss(float alpha) {
        if (!(alpha >= 0f && alpha < 1f)) {
            throw new IllegalArgumentException("BYOL alpha must be in [0, 1) (Eq. 2 weighs the distance to the"
                    + " non-semantic negative against the distance to the positive; the paper uses 0.05), got "
                    + alpha);
        }
        this.alpha = alpha;
    }

    /** α. */
    public float alpha() {
        return alpha;
    }

    /**
     * The symmetrised loss averaged over the batch.
     *
     * @param p1 online predictions of the first views {@code (N, D)}, normalised, with gradient
     * @param p2 online predictions of the second views {@code (N, D)}, normalised, with gradient
     * @param z1 target projections of the first views {@code (N, D)}, normalised, without gradient
     * @param z2 target projections of the second views {@code (N, D)}, normalised, without gradient
     * @param nonSemantic target projections of the non-semantic negatives {@code (N, M, D)}, normalised, without
     *     gradient, or {@code null} for plain BYOL
     * @return a scalar
     */
    public NDArray loss(NDArray p1, NDArray p2, NDArray z1, NDArray z2, NDArray nonSemantic) {
        return term(p1, z2, nonSemantic).add(term(p2, z1, nonSemantic)).mean();
    }

    /** {@code ℓ(p)} per row: {@code (N,)}. */
    private NDArray term(NDArray p, NDArray target, NDArray nonSemantic) {
        NDArray cosPos = p.mul(target).sum(new int[] {1}); // (N,)
        NDArray l = Scalars.add(Scalars.mul(cosPos, -2f), 2f); // ‖p − z_p‖² = 2 − 2·pᵀz_p
        if (nonSemantic != null) {
            // (N, M, D) . (N, D, 1) -> (N, M) -> mean over M -> (N,)
            NDArray cosNs = nonSemantic.batchMatMul(p.expandDims(2)).squeeze(2).mean(new int[] {1});
            l = l.sub(Scalars.mul(Scalars.add(Scalars.mul(cosNs, -2f), 2f), alpha)); // − α·(2 − 2·pᵀz_ns)
        }
        return l;
    }
}
