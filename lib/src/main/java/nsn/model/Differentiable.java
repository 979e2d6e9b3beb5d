package nsn.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;

/**
 * Copies that autograd can see through. DJL's {@code toType} and {@code toDevice} run PyTorch's {@code Tensor.to}
 * with gradient recording off, so a cast or a move between devices inside a gradient collector cuts the graph: nothing
 * upstream gets a gradient. Writing into a new array through an index ({@code index_put_}, i.e. {@code copy_}) is
 * recorded, and its backward casts and moves the gradient back, as {@code Tensor.to} does in PyTorch.
 */
public final class Differentiable {

    private Differentiable() {}

    /**
     * {@code x} cast to {@code type} on {@code device}, as a new array in {@code x}'s manager whose gradient flows back
     * to {@code x} (in {@code x}'s type, on {@code x}'s device). Returns {@code x} itself when nothing changes.
     */
    public static NDArray copy(NDArray x, DataType type, Device device) {
        if (x.getDataType() == type && x.getDevice().equals(device)) {
            return x;
        }
        NDArray out = x.getManager().create(x.getShape(), type, device);
        out.set(new NDIndex(":"), x);
        return out;
    }
}
