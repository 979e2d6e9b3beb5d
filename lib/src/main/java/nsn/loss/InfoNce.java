package nsn.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import nsn.model.Scalars;

/**
 * The InfoNCE loss with non-semantic negatives of the paper's Eq. 1:
 *
 * <pre>
 *   L = −log  exp(q·k₊/τ) / ( exp(q·k₊/τ) + Σₘ exp(α·q·nsₘ/τ) + Σₙ exp(q·kₙ/τ) )
 * </pre>
 *
 * where {@code q} is the query, {@code k₊} its positive key, {@code kₙ} the standard negatives (MoCo's queue)
 * and {@code nsₘ} the non-semantic negatives made from the same image. {@code α} scales the non-semantic
 * similarity inside the exponent, as in the authors' implementation; {@code α = 0} with no non-semantic
 * negatives is plain MoCo-v2. All features must already be L2-normalised. {@link AlphaMode#WEIGHT} instead
 * weighs the exponential by α ({@code α·exp(q·nsₘ/τ)}).
 */
public final class InfoNce {

    private final float temperature;
    private final float alpha;
    private final AlphaMode alphaMode;

    /**
     * The loss with α in the logit ({@link AlphaMode#LOGIT}), as in the authors' code.
     *
     * @param temperature τ &gt; 0 (0.2 in MoCo-v2)
     * @param alpha α ≥ 0, the scale of the non-semantic similarity (2 or 3 in the paper)
     */
    public InfoNce(float temperature, float alpha) {
        this(temperature, alpha, AlphaMode.LOGIT);
    }

    /**
     * @param temperature τ &gt; 0 (0.2 in MoCo-v2)
     * @param alpha α ≥ 0 ({@link AlphaMode#LOGIT}) or &gt; 0 ({@link AlphaMode#WEIGHT})
     * @param alphaMode how α enters the non-semantic logits
     */
    public InfoNce(float temperature, float alpha, AlphaMode alphaMode) {
        checkTemperature(temperature);
        alphaMode.checkAlpha(alpha);
        this.temperature = temperature;
        this.alpha = alpha;
        this.alphaMode = alphaMode;
    }

    static void checkTemperature(float temperature) {
        if (!(temperature > 0f) || Float.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be positive and finite, got " + temperature);
        }
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
     * Builds the logits of Eq. 1.
     *
     * @param q queries {@code (N, D)}, normalised, with gradient
     * @param kPos positive keys {@code (N, D)}, normalised
     * @param kNeg standard negative keys {@code (K, D)}, normalised (the queue)
     * @param nonSemantic non-semantic negatives {@code (N, M, D)}, normalised, or {@code null} for none
     * @return logits {@code (N, 1 + K + M)} divided by τ, and zero labels
     */
    public ContrastiveLogits logits(NDArray q, NDArray kPos, NDArray kNeg, NDArray nonSemantic) {
        long n = q.getShape().get(0);
        NDArray lPos = q.mul(kPos).sum(new int[] {1}, true); // (N, 1)
        // DJL attaches a result to its first operand's manager: the transpose of the queue would land in the
        // queue's long-lived manager, one more array every step (found by StepLeakTest); keep it with q's arrays
        NDArray kNegT = kNeg.transpose(); // (D, K)
        kNegT.attach(q.getManager());
        NDArray lNeg = q.matMul(kNegT); // (N, D) x (D, K) -> (N, K)
        NDArray logits;
        if (nonSemantic == null) {
            logits = NDArrays.concat(new ai.djl.ndarray.NDList(lPos, lNeg), 1);
        } else {
            // (N, M, D) . (N, D, 1) -> (N, M, 1) -> (N, M), with alpha applied by the mode
            NDArray lNs = alphaMode.beforeTemperature(nonSemantic.batchMatMul(q.expandDims(2)).squeeze(2), alpha,
                    temperature);
            logits = NDArrays.concat(new ai.djl.ndarray.NDList(lPos, lNeg, lNs), 1);
        }
        logits = Scalars.div(logits, temperature); // (N, 1 + K + M)
        NDArray labels = q.getManager().zeros(new Shape(n), DataType.INT64);
        return new ContrastiveLogits(logits, labels);
    }

    /** Mean cross-entropy of {@code logits} against {@code labels} (index targets). */
    public static NDArray crossEntropy(NDArray logits, NDArray labels) {
        NDArray logProb = logits.logSoftmax(1); // (N, C)
        NDArray picked = logProb.gather(labels.toType(DataType.INT64, false).expandDims(1), 1); // (N, 1)
        return picked.mean().neg();
    }

    /** The loss of Eq. 1 averaged over the batch. */
    public NDArray loss(NDArray q, NDArray kPos, NDArray kNeg, NDArray nonSemantic) {
        ContrastiveLogits l = logits(q, kPos, kNeg, nonSemantic);
        return crossEntropy(l.logits(), l.labels());
    }
}
