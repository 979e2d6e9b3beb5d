package nsn.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Parameter;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import nsn.model.FlatParameters;
import nsn.model.Scalars;

/**
 * SGD with momentum and L2 weight decay, PyTorch's {@code torch.optim.SGD} update:
 * {@code g ← ∇ + λ·θ;  b ← μ·b + g;  θ ← θ − lr·b}.
 *
 * <p>Parameters packed by {@link FlatParameters} (an encoder's trainable ones) are updated with a few operations on
 * their whole buffer, the others one by one; the arithmetic is the same elementwise, so the results are too.
 *
 * <p>Owned here rather than taken from DJL so that its momentum buffers are saved in checkpoints and a resumed
 * run continues exactly.
 */
public final class Sgd implements Optimizer {

    private final List<Parameter> params;
    private final float momentum;
    private final float weightDecay;
    private final List<NDArray> buffers = new ArrayList<>();
    /** The updates, in parameter order: a packed group with its flat momentum, or one parameter with its own. */
    private final List<Update> updates = new ArrayList<>();

    /**
     * One update: a packed group with its flat momentum {@code buffer} and a flat {@code scratch} buffer reused every
     * step (and its per-parameter views), or one parameter with its own momentum ({@code scratch} null).
     */
    private record Update(FlatParameters group, Parameter param, NDArray buffer, NDArray scratch,
            List<NDArray> scratchViews) {}

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
        List<Parameter> list = List.copyOf(params);
        this.params = list;
        this.momentum = momentum;
        this.weightDecay = weightDecay;
        List<Optional<FlatParameters>> packed = FlatParameters.groups(list);
        int i = 0;
        while (i < list.size()) {
            FlatParameters g = packed.get(i).orElse(null);
            if (g != null) { // one (P,) momentum buffer whose slices are the parameters' buffers
                g.verify();
                NDArray values = g.values();
                NDArray flat = values.getManager().zeros(values.getShape(), values.getDataType(), values.getDevice());
                buffers.addAll(g.views(flat));
                NDArray scratch = values.getManager().zeros(values.getShape(), values.getDataType(),
                        values.getDevice());
                updates.add(new Update(g, null, flat, scratch, g.views(scratch)));
                i += g.parameters().size();
            } else {
                Parameter p = list.get(i);
                NDArray w = p.getArray();
                NDArray buf = w.getManager().zeros(w.getShape(), w.getDataType(), w.getDevice());
                buffers.add(buf);
                updates.add(new Update(null, p, buf, null, null));
                i++;
            }
        }
    }

    @Override
    public List<Parameter> parameters() {
        return params;
    }

    /** Applies one update with learning rate {@code lr}, then zeroes the gradients. */
    @Override
    public void step(float lr) {
        for (Update u : updates) {
            if (u.group() != null) {
                stepFlat(u, lr);
                continue;
            }
            NDArray w = u.param().getArray();
            try (NDArray grad = w.getGradient()) {
                update(w, u.buffer(), grad, lr);
                grad.subi(grad);
            }
        }
    }

    /**
     * The update from gradients multiplied by {@code inverseScale}, skipped when one is not finite (see {@link
     * Optimizer#step(float, float)}). A packed group's gradients are copied into its scratch buffer, which is then
     * checked and unscaled as a whole (a few operations instead of two per parameter); {@code g/S + λ·θ} is added in
     * the order of {@link #step(float)}'s {@code λ·θ + g}, so a power-of-two scale gives the same update to the bit.
     */
    @Override
    public boolean step(float lr, float inverseScale) {
        NDList sums = new NDList(updates.size());
        for (Update u : updates) {
            if (u.group() != null) {
                List<Parameter> group = u.group().parameters();
                for (int i = 0; i < group.size(); i++) {
                    try (NDArray g = group.get(i).getArray().getGradient()) {
                        FlatParameters.copyInto(u.scratchViews().get(i), g);
                    }
                }
                // zeroed now, while the device may still be running backward: issued after the read of the sums
                // below, these operations would leave a GPU idle behind that wait (finiteElseZero assigns zero to a
                // non-finite gradient, which g − g keeps)
                u.group().zeroGradients();
                sums.add(u.scratch().sum()); // () — NaN or ±inf when any gradient is
            } else {
                try (NDArray g = u.param().getArray().getGradient()) {
                    sums.add(g.sum());
                }
            }
        }
        if (!LossScaler.finiteElseZero(sums, params)) {
            return false;
        }
        for (Update u : updates) {
            if (u.group() == null) {
                NDArray w = u.param().getArray();
                try (NDArray grad = w.getGradient()) {
                    Scalars.muli(grad, inverseScale);
                    update(w, u.buffer(), grad, lr);
                    grad.subi(grad);
                }
                continue;
            }
            NDArray w = u.group().values(); // (P,)
            NDArray t = u.scratch(); // (P,) the scaled gradients
            Scalars.muli(t, inverseScale);
            if (weightDecay != 0f) {
                try (NDArray decay = Scalars.mul(w, weightDecay)) { // (P,)
                    t.addi(decay);
                }
            }
            applyFlat(u, lr);
        }
        return true;
    }

    /**
     * The same update on a packed group's whole buffer {@code (P,)}, without allocating: {@code t ← λ·θ}, then each
     * parameter's gradient added into its slice of {@code t} (no joined copy of the gradients), {@code b ← μ·b + t},
     * {@code t ← lr·b}, {@code θ ← θ − t}. Fresh 100 MB temporaries each step (ResNet-50) cost page faults on the CPU.
     */
    private void stepFlat(Update u, float lr) {
        FlatParameters group = u.group();
        NDArray w = group.values(); // (P,)
        NDArray t = u.scratch(); // (P,)
        List<Parameter> params = group.parameters();
        if (weightDecay != 0f) {
            FlatParameters.copyInto(t, w);
            Scalars.muli(t, weightDecay);
        }
        for (int i = 0; i < params.size(); i++) {
            try (NDArray g = params.get(i).getArray().getGradient()) {
                NDArray slice = u.scratchViews().get(i);
                if (weightDecay != 0f) {
                    slice.addi(g);
                } else {
                    FlatParameters.copyInto(slice, g);
                }
            }
        }
        applyFlat(u, lr);
        group.zeroGradients();
    }

    /** {@code b ← μ·b + t;  θ ← θ − lr·b} on a packed group, {@code t} its scratch buffer holding the gradient. */
    private void applyFlat(Update u, float lr) {
        NDArray t = u.scratch(); // (P,)
        Scalars.muli(u.buffer(), momentum).addi(t);
        FlatParameters.copyInto(t, u.buffer());
        Scalars.muli(t, lr);
        try (NDArray target = u.group().values().stopGradient()) {
            target.subi(t);
        }
    }

    /** {@code g ← ∇ + λ·θ;  b ← μ·b + g;  θ ← θ − lr·b}, in place on {@code w} and {@code buf}. */
    private void update(NDArray w, NDArray buf, NDArray grad, float lr) {
        if (weightDecay != 0f) {
            try (NDArray g = Scalars.mul(w, weightDecay).addi(grad)) {
                Scalars.muli(buf, momentum).addi(g);
            }
        } else {
            Scalars.muli(buf, momentum).addi(grad);
        }
        // through a detached alias: a thread where grad mode is on (PyTorch's default for a thread other than the
        // engine's first) refuses in-place writes into parameters that require gradient
        try (NDArray delta = Scalars.mul(buf, lr); NDArray target = w.stopGradient()) {
            target.subi(delta);
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
