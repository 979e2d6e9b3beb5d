package nsn.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A {@link SequentialBlock} that closes each child's output as soon as the next child has consumed it, as Python
 * drops its reference to an intermediate activation in PyTorch's own forward.
 *
 * <p>DJL's {@code SequentialBlock} keeps every intermediate until its manager closes, so a forward pass holds all its
 * activations at once. Where autograd records, it keeps what backward needs anyway (closing a handle drops one
 * reference; the tensor lives on in the graph); where it does not (the key encoder's and the negatives' forwards),
 * the activations are freed as the pass goes and the allocator hands the same, cache-warm memory to the next layer.
 * Arrays a child passes through unchanged (an identity block), and this block's inputs, are never closed.
 */
public class EagerSequentialBlock extends SequentialBlock {

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDList current = inputs;
        for (Block block : getChildren().values()) {
            NDList next = block.forward(parameterStore, current, training, params);
            if (current != inputs) {
                closeUnless(current, next, inputs);
            }
            current = next;
        }
        return current;
    }

    /** Closes every array of {@code done} that is not (the same object as) one of {@code keep} or {@code inputs}. */
    static void closeUnless(NDList done, NDList keep, NDList inputs) {
        for (NDArray a : done) {
            if (!containsSame(keep, a) && !containsSame(inputs, a)) {
                a.close();
            }
        }
    }

    private static boolean containsSame(NDList list, NDArray a) {
        for (NDArray b : list) {
            if (b == a) {
                return true;
            }
        }
        return false;
    }
}
