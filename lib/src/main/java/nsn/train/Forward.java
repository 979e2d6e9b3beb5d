package nsn.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.function.UnaryOperator;

/** The forward-pass pattern every method uses to keep only what the loss needs. */
final class Forward {

    private Forward() {}

    /**
     * Runs {@code network} inside its own sub-manager of {@code step}, so the intermediate activations are freed
     * as soon as the forward pass is done, and attaches only the L2-normalised output to {@code step}. Inside a
     * gradient collector the autograd graph keeps what backward needs.
     *
     * @param step manager of the training step; {@code images} must live in it
     * @param images network input
     * @param network the forward pass, e.g. an encoder in training mode
     * @return the row-normalised output {@code (N, D)}, attached to {@code step}
     */
    static NDArray normalised(NDManager step, NDArray images, UnaryOperator<NDArray> network) {
        try (NDManager forward = step.newSubManager()) {
            images.tempAttach(forward);
            NDArray normalised = MoCo.l2Normalize(network.apply(images));
            normalised.attach(step);
            return normalised;
        }
    }
}
