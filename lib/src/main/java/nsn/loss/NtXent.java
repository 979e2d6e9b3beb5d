package nsn.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import nsn.model.Scalars;

/**
 * SimCLR's NT-Xent loss with the non-semantic negatives of Eq. 1. The 2N views of a batch of N images,
 * {@code z = [z1; z2]}, are each an anchor; anchor {@code i}'s positive is the other view of its image, its
 * standard negatives are the other 2N − 2 views of the batch, and its non-semantic negatives are the M negatives
 * made from its own image (both views of image {@code n} share {@code ns[n]}):
 *
 * <pre>
 *   ℓᵢ = −log  exp(zᵢ·z₊/τ) / ( exp(zᵢ·z₊/τ) + Σₘ exp(α·zᵢ·nsₘ/τ) + Σ_{j ∉ {i, +}} exp(zᵢ·zⱼ/τ) )
 * </pre>
 *
 * averaged over the 2N anchors. {@link AlphaMode#WEIGHT} replaces {@code exp(α·zᵢ·nsₘ/τ)} by
 * {@code α·exp(zᵢ·nsₘ/τ)}. With no non-semantic negatives it is SimCLR's loss. All features must already be
 * L2-normalised.
 */
public final class NtXent {

    private final float temperature;
    private final float alpha;
    private final AlphaMode alphaMode;

    /**
     * @param temperature τ &gt; 0 (0.5 in SimCLR on ImageNet at batch 4096; 0.2 as in MoCo-v2 here)
     * @param alpha α ≥ 0 ({@link AlphaMode#LOGIT}) or &gt; 0 ({@link AlphaMode#WEIGHT})
     * @param alphaMode how α enters the non-semantic logits
     */
    public NtXent(float temperature, float alpha, AlphaMode alphaMode) {
        InfoNce.checkTemperature(temperature);
        alphaMode.checkAlpha(alpha);
        this.temperature = temperature;
        this.alpha = alpha;
        this.alphaMode = alphaMode;
    }

    /** τ. */
    public float temperature() {
        return temperature;
    }

    /** α. */
    public float alpha() {
        return alpha;
    }

    /** How α enters the non-semantic logits. */
    public AlphaMode alphaMode() {
        return alphaMode;
    }

    /**
     * Builds the logits of the 2N anchors.
     *
     * @param z1 first views {@code (N, D)}, normalised
     * @param z2 second views {@code (N, D)}, normalised
     * @param nonSemantic non-semantic negatives {@code (N, M, D)}, normalised, or {@code null} for none
     * @return logits {@code (2N, 1 + (2N − 2) + M)} divided by τ — the positive in column 0, then the other views
     *     in batch order (first views, then second views, skipping the anchor and its positive), then the M
     *     non-semantic negatives — and zero labels {@code (2N,)}
     */
    public ContrastiveLogits logits(NDArray z1, NDArray z2, NDArray nonSemantic) {
        int n = Math.toIntExact(z1.getShape().get(0));
        if (!z2.getShape().equals(z1.getShape())) {
            throw new IllegalArgumentException("views differ in shape: " + z1.getShape() + " vs " + z2.getShape());
        }
        if (n < 1) {
            throw new IllegalArgumentException("NT-Xent needs at least one image");
        }
        NDManager manager = z1.getManager();
        NDArray z = z1.concat(z2, 0); // (2N, D)
        NDArray sim = z.matMul(z.transpose()); // (2N, 2N)
        int rows = 2 * n;
        NDArray columns = otherColumns(manager, n); // (2N, 2N − 1)
        NDArray logits = sim.gather(columns, 1); // (2N, 2N − 1)
        if (nonSemantic != null) {
            NDArray ns = nonSemantic.concat(nonSemantic, 0); // (2N, M, D): both views of image n share ns[n]
            // (2N, M, D) . (2N, D, 1) -> (2N, M)
            NDArray lNs = alphaMode.beforeTemperature(ns.batchMatMul(z.expandDims(2)).squeeze(2), alpha,
                    temperature);
            logits = logits.concat(lNs, 1);
        }
        logits = Scalars.div(logits, temperature);
        NDArray labels = manager.zeros(new Shape(rows), DataType.INT64);
        return new ContrastiveLogits(logits, labels);
    }

    /**
     * For each of the 2N anchors the columns of its logits: its positive {@code p(i) = (i + N) mod 2N}, then every
     * other view but itself in ascending order. Made on the device from an arange (other column k of row i is
     * {@code j = k + [k ≥ a]}, then {@code j + [j ≥ b]}, with {@code a < b} the anchor and its positive): no
     * host-to-device copy of a 2N × (2N − 1) index in every step.
     *
     * @return {@code (2N, 2N − 1)} int64, in {@code manager}
     */
    static NDArray otherColumns(NDManager manager, int n) {
        long rows = 2L * n;
        try (NDManager tmp = manager.newSubManager()) {
            NDArray anchor = tmp.arange(0L, rows, 1L, DataType.INT64).reshape(rows, 1); // (2N, 1)
            NDArray positive = Scalars.mod(Scalars.add(anchor, (long) n), rows); // (2N, 1)
            NDArray a = anchor.minimum(positive); // (2N, 1)
            NDArray b = anchor.maximum(positive); // (2N, 1)
            NDArray k = tmp.arange(0L, rows - 2, 1L, DataType.INT64).reshape(1, rows - 2); // (1, 2N − 2)
            NDArray j = k.add(k.gte(a).toType(DataType.INT64, false)); // (2N, 2N − 2): skips a
            j = j.add(j.gte(b).toType(DataType.INT64, false)); // then b
            NDArray columns = positive.concat(j, 1); // (2N, 2N − 1)
            columns.attach(manager);
            return columns;
        }
    }

    /** The loss averaged over the 2N anchors. */
    public NDArray loss(NDArray z1, NDArray z2, NDArray nonSemantic) {
        ContrastiveLogits l = logits(z1, z2, nonSemantic);
        return InfoNce.crossEntropy(l.logits(), l.labels());
    }
}
