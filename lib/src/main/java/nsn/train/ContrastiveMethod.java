package nsn.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import nsn.model.Encoder;

/**
 * A self-supervised method that {@link Pretrainer} can run: MoCo-v2 ({@link MoCo}), SimCLR ({@link SimClr}) or
 * BYOL ({@link Byol}), each with the paper's non-semantic negatives.
 */
public interface ContrastiveMethod extends AutoCloseable {

    /** The encoder trained by gradient; its backbone is the pretrained model, and it comes first in checkpoints. */
    Encoder encoder();

    /** The parameters the optimiser updates. */
    List<Parameter> trainableParameters();

    /**
     * One training step: forward passes, loss, backward, optimiser step and the method's own updates (momentum
     * encoders, queues).
     *
     * @param step manager of this step; inputs must live in it and everything it holds is freed by the caller
     * @param xq first views {@code (N, C, H, W)} (MoCo's queries)
     * @param xk second views {@code (N, C, H, W)} (MoCo's keys)
     * @param xns non-semantic negatives {@code (N·M, C, H, W)}, M per image grouped by image, or {@code null}
     * @param optimizer optimiser over {@link #trainableParameters()}
     * @param lr learning rate of this step
     * @return the loss of this step
     */
    float trainStep(NDManager step, NDArray xq, NDArray xk, NDArray xns, Optimizer optimizer, float lr);

    /**
     * Tells the method the run's global index of the next {@link #trainStep}, before it; methods whose steps draw
     * random numbers (MoCo's shuffle BN) seed them from it, so a resumed run draws what the uninterrupted one did.
     * Without it a method numbers its steps from 0 in each process.
     */
    default void beginStep(long globalStep) {}

    /** The loss scaler of a float16 run ({@link LossScaler}), saved after {@link #saveState}; empty otherwise. */
    default Optional<LossScaler> lossScaler() {
        return Optional.empty();
    }

    /**
     * Writes everything after {@link #encoder()}'s parameters: the method's other networks and buffers, and the
     * optimiser's state at the place the method's format puts it.
     */
    void saveState(DataOutputStream out, Optimizer optimizer) throws IOException;

    /** Reads what {@link #saveState} wrote; {@code file} names the checkpoint in error messages. */
    void loadState(DataInputStream in, Optimizer optimizer, Path file) throws IOException;

    @Override
    void close();
}
