package nsn.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import nsn.model.Scalars;

/**
 * LARS (You et al. 2017) as BYOL and solo-learn use it: SGD with momentum whose per-parameter step is scaled by a
 * trust ratio, with biases and BatchNorm parameters (the one-dimensional ones) excluded from both the adaptation
 * and the weight decay. For a parameter θ with gradient g, weight decay λ, trust coefficient η and learning rate
 * lr (solo-learn's {@code solo/utils/lars.py}, from PyTorch Lightning Bolts):
 *
 * <pre>
 *   adapted (θ not 1-D, ‖θ‖ ≠ 0, ‖g‖ ≠ 0):  r = η·‖θ‖ / (‖g‖ + λ·‖θ‖ + ε);  with clipping r ← min(r/lr, 1)
 *                                           d = r·(g + λ·θ)
 *   otherwise (biases, BatchNorm γ and β):  d = g                      (no weight decay)
 *   b ← μ·b + d;  θ ← θ − lr·b
 * </pre>
 *
 * with ε = 1e-8. Momentum buffers start at zero, so the first step's buffer is d, as in PyTorch. Like {@link Sgd},
 * its buffers are saved in checkpoints.
 */
public final class Lars implements Optimizer {

    /** ε of the trust ratio's denominator. */
    public static final float EPS = 1e-8f;

    private final List<Parameter> params;
    private final float momentum;
    private final float weightDecay;
    private final float eta;
    private final boolean clip;
    private final List<NDArray> buffers = new ArrayList<>();

    /**
     * @param params the trainable parameters (their arrays must require gradient)
     * @param momentum μ in [0, 1)
     * @param weightDecay λ ≥ 0, applied to the adapted parameters only
     * @param eta trust coefficient η in (0, 1]
     * @param clip solo-learn's {@code clip_lars_lr}
     */
    public Lars(List<Parameter> params, float momentum, float weightDecay, float eta, boolean clip) {
        if (!(momentum >= 0f && momentum < 1f)) {
            throw new IllegalArgumentException("LARS momentum must be in [0, 1), got " + momentum);
        }
        if (!(weightDecay >= 0f)) {
            throw new IllegalArgumentException("weight decay must be non-negative, got " + weightDecay);
        }
        if (!(eta > 0f && eta <= 1f)) {
            throw new IllegalArgumentException("LARS trust coefficient eta must be in (0, 1], got " + eta);
        }
        this.params = List.copyOf(params);
        this.momentum = momentum;
        this.weightDecay = weightDecay;
        this.eta = eta;
        this.clip = clip;
        for (Parameter p : this.params) {
            NDArray w = p.getArray();
            buffers.add(w.getManager().zeros(w.getShape(), w.getDataType(), w.getDevice()));
        }
    }

    /** Whether LARS leaves {@code p} unadapted and without weight decay: biases and BatchNorm's γ and β. */
    public static boolean excluded(Parameter p) {
        return p.getArray().getShape().dimension() == 1;
    }

    /** The trust ratio r of a parameter with norm {@code wNorm} and gradient norm {@code gNorm}. */
    float trustRatio(float wNorm, float gNorm, float lr) {
        float r = eta * wNorm / (gNorm + weightDecay * wNorm + EPS);
        return clip ? Math.min(r / lr, 1f) : r;
    }

    /**
     * Applies one update with learning rate {@code lr}, then zeroes the gradients. The norms and trust ratios stay on
     * the device (a parameter whose weight or gradient norm is 0 takes the unadapted update through a select, not a
     * branch): reading them on the host would wait for the device twice per parameter, 322 times in a ResNet-50 step
     * on a GPU. The arithmetic is {@link #trustRatio}'s, operation for operation.
     */
    @Override
    public void step(float lr) {
        for (int i = 0; i < params.size(); i++) {
            Parameter p = params.get(i);
            NDArray w = p.getArray();
            NDArray buf = buffers.get(i);
            try (NDArray grad = w.getGradient()) {
                Scalars.muli(buf, momentum);
                if (excluded(p)) {
                    buf.addi(grad);
                } else {
                    try (NDScope scope = new NDScope()) { // closes every intermediate made inside it
                        scope.suppressNotUsedWarning();
                        buf.addi(adapted(w, grad, lr));
                    }
                }
                // through a detached alias: a thread where grad mode is on (PyTorch's default for a thread other than
                // the engine's first) refuses in-place writes into parameters that require gradient
                try (NDArray delta = Scalars.mul(buf, lr); NDArray target = w.stopGradient()) {
                    target.subi(delta);
                }
                grad.subi(grad);
            }
        }
    }

    /**
     * {@code r·(g + λ·θ)} when {@code ‖θ‖ ≠ 0} and {@code ‖g‖ ≠ 0}, else {@code g}, computed on the device (inside the
     * caller's {@link NDScope}, which frees the intermediates).
     */
    private NDArray adapted(NDArray w, NDArray grad, float lr) {
        NDArray wn = w.norm(); // ()
        NDArray gn = grad.norm(); // ()
        NDArray r = Scalars.mul(wn, eta).div(Scalars.add(gn.add(Scalars.mul(wn, weightDecay)), EPS));
        if (clip) {
            r = Scalars.minimum(Scalars.div(r, lr), 1f);
        }
        NDArray ok = Scalars.neq(wn, 0f).logicalAnd(Scalars.neq(gn, 0f)); // () boolean
        NDArray coef = NDArrays.where(ok, r, r.onesLike()); // r, or 1
        NDArray decay = Scalars.mul(ok.toType(DataType.FLOAT32, false), weightDecay); // λ, or 0
        return grad.add(w.mul(decay)).mul(coef); // r·(g + λ·θ), or g
    }

    @Override
    public List<Parameter> parameters() {
        return params;
    }

    @Override
    public void save(DataOutputStream out) throws IOException {
        Checkpoint.writeBuffers(out, buffers);
    }

    @Override
    public void load(DataInputStream in) throws IOException {
        Checkpoint.readBuffers(in, buffers);
    }
}
