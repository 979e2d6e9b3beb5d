package nsn.train;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * An optimiser over a fixed list of parameters whose state (momentum buffers) is saved in checkpoints, so that a
 * resumed run continues exactly: {@link Sgd} or {@link Lars}, as {@link OptimizerConfig} names.
 */
public interface Optimizer {

    /** Applies one update with learning rate {@code lr} from the parameters' gradients, then zeroes them. */
    void step(float lr);

    /** Writes the optimiser's state. */
    void save(DataOutputStream out) throws IOException;

    /** Reads state written by {@link #save} of an optimiser over the same parameters. */
    void load(DataInputStream in) throws IOException;
}
