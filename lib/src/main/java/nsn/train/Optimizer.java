package nsn.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Parameter;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import nsn.model.Scalars;

/**
 * An optimiser over a fixed list of parameters whose state (momentum buffers) is saved in checkpoints, so that a
 * resumed run continues exactly: {@link Sgd} or {@link Lars}, as {@link OptimizerConfig} names.
 */
public interface Optimizer {

    /** The parameters it updates, in order. */
    List<Parameter> parameters();

    /** Applies one update with learning rate {@code lr} from the parameters' gradients, then zeroes them. */
    void step(float lr);

    /**
     * The update from the gradients multiplied by {@code inverseScale} (a loss-scaled backward's, {@link LossScaler}),
     * applied only when every one of them is finite; otherwise the parameters and the optimiser's state are left as
     * they were. The gradients are zeroed either way.
     *
     * @return whether the update was applied
     */
    default boolean step(float lr, float inverseScale) {
        List<Parameter> params = parameters();
        NDList sums = new NDList(params.size());
        for (Parameter p : params) {
            try (NDArray g = p.getArray().getGradient()) {
                Scalars.muli(g, inverseScale);
                sums.add(g.sum()); // () — NaN or ±inf when any element is
            }
        }
        if (!LossScaler.finiteElseZero(sums, params)) {
            return false;
        }
        step(lr);
        return true;
    }

    /** Writes the optimiser's state. */
    void save(DataOutputStream out) throws IOException;

    /** Reads state written by {@link #save} of an optimiser over the same parameters. */
    void load(DataInputStream in) throws IOException;
}
