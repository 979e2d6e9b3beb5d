package nsn.train;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * SGD with momentum and L2 weight decay, PyTorch's {@code torch.optim.SGD} update:
 * {@code g ← ∇ + λ·θ;  b ← μ·b + g;  θ ← θ − lr·b}.
 *
 * <p>Owned here rather than taken from DJL so that its momentum buffers are saved in checkpoints and a resumed
 * run continues exactly.
 */
public final class Sgd implements Optimizer {

    private final List<Parameter> params;
    private final float momentum;
    private final float weightDecay;
    private final List<NDArray> buffers = new ArrayList<>();

    /**
     * @param params the trainable parameters (their arrays must require gradient)
     * @param momentum μ in [0, 1)
     * @param weightDecay λ ≥ 0
     */
    public Sgd(List<Parameter> params, float momentum, float weightDecay) {
        if (!(momentum >= 0f && momentum < 1f)) {
            throw new IllegalArgumentException("SGD momentum must be in [0, 1), got " + momentum);
        }
        if (!(weightDecay >= 0f)) {
            throw new IllegalArgumentException("weight decay must be non-negative, got " + weightDecay);
        }
        this.params = List.copyOf(params);
        this.momentum = momentum;
        this.weightDecay = weightDecay;
        for (Parameter p : this.params) {
            NDArray w = p.getArray();
            buffers.add(w.getManager().zeros(w.getShape(), w.getDataType(), w.getDevice()));
        }
    }

    /** Applies one update with learning rate {@code lr}, then zeroes the gradients. */
    @Override
    public void step(float lr) {
        for (int i = 0; i < params.size(); i++) {
            NDArray w = params.get(i).getArray();
            NDArray buf = buffers.get(i);
            try (NDArray grad = w.getGradient()) {
                buf.muli(momentum).addi(grad);
                if (weightDecay != 0f) {
                    try (NDArray decay = w.mul(weightDecay)) {
                        buf.addi(decay);
                    }
                }
                try (NDArray delta = buf.mul(lr)) {
                    w.subi(delta);
                }
                grad.subi(grad);
            }
        }
    }

    /** Writes the momentum buffers. */
    @Override
    public void save(DataOutputStream out) throws IOException {
        Checkpoint.writeBuffers(out, buffers);
    }

    /** Reads momentum buffers written by {@link #save}. */
    @Override
    public void load(DataInputStream in) throws IOException {
        Checkpoint.readBuffers(in, buffers);
    }
}
