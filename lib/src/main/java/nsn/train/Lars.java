package nsn.train;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

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

    @Override
    public void step(float lr) {
        for (int i = 0; i < params.size(); i++) {
            Parameter p = params.get(i);
            NDArray w = p.getArray();
            NDArray buf = buffers.get(i);
            try (NDArray grad = w.getGradient()) {
                buf.muli(momentum);
                boolean adapted = false;
                if (!excluded(p)) {
                    float wNorm;
                    float gNorm;
                    try (NDArray wn = w.norm(); NDArray gn = grad.norm()) {
                        wNorm = wn.getFloat();
                        gNorm = gn.getFloat();
                    }
                    if (wNorm != 0f && gNorm != 0f) {
                        float r = trustRatio(wNorm, gNorm, lr);
                        try (NDArray decay = w.mul(weightDecay); NDArray d = grad.add(decay)) {
                            d.muli(r);
                            buf.addi(d);
                        }
                        adapted = true;
                    }
                }
                if (!adapted) {
                    buf.addi(grad);
                }
                try (NDArray delta = buf.mul(lr)) {
                    w.subi(delta);
                }
                grad.subi(grad);
            }
        }
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
