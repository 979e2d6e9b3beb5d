package nsn.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.function.BinaryOperator;

/**
 * Arithmetic between an array and a number, safe inside a gradient collector and without waits on an accelerator.
 * DJL's {@code x.mul(0.5f)} has two faults that these methods avoid:
 *
 * <ul>
 *   <li>it makes the number a 0-d array over a Java direct buffer that the tensor does not own, and closes it at once;
 *       autograd keeps that tensor for backward ({@code d(x·s)/dx = s}), so once a garbage collection frees the
 *       buffer and the memory is reused, backward reads another value (ScalarsTest shows wrong gradients this way);
 *   <li>on a GPU the 0-d array is copied to the device from pageable memory, which waits until every kernel queued
 *       before it has finished, so the host stops running ahead of the device at every scalar operation.
 * </ul>
 *
 * Here the number is a 0-d array on the CPU made by PyTorch ({@code torch::full}, which owns its memory), which
 * PyTorch passes to a kernel on any device as a scalar argument, as it does with a Python number. The result (or
 * {@code x}, for the in-place forms) is in {@code x}'s manager, with the data type DJL's form gives.
 */
public final class Scalars {

    /** Integers up to this magnitude pass through DJL's float-valued {@code full} exactly. */
    private static final long EXACT_INT = 1L << 24;

    private Scalars() {}

    /** Holds the CPU manager of the 0-d operands, made on first use. */
    private static final class Host {
        static final NDManager MANAGER = NDManager.newBaseManager(Device.cpu());
    }

    /** {@code x + v}. */
    public static NDArray add(NDArray x, float v) {
        return apply(x, v, NDArray::add);
    }

    /** {@code x + v}, {@code v} an int64 scalar (|v| ≤ 2^24). */
    public static NDArray add(NDArray x, long v) {
        return apply(x, v, NDArray::add);
    }

    /** {@code x − v}. */
    public static NDArray sub(NDArray x, float v) {
        return apply(x, v, NDArray::sub);
    }

    /** {@code x · v}. */
    public static NDArray mul(NDArray x, float v) {
        return apply(x, v, NDArray::mul);
    }

    /** {@code x / v}. */
    public static NDArray div(NDArray x, float v) {
        return apply(x, v, NDArray::div);
    }

    /** {@code x mod v}, {@code v} an int64 scalar (|v| ≤ 2^24). */
    public static NDArray mod(NDArray x, long v) {
        return apply(x, v, NDArray::mod);
    }

    /** {@code min(x, v)} element-wise. */
    public static NDArray minimum(NDArray x, float v) {
        return apply(x, v, NDArray::minimum);
    }

    /** {@code x ≠ v} element-wise (boolean). */
    public static NDArray neq(NDArray x, float v) {
        return apply(x, v, NDArray::neq);
    }

    /** {@code x ← x + v}; returns {@code x}. */
    public static NDArray addi(NDArray x, float v) {
        return apply(x, v, NDArray::addi);
    }

    /** {@code x ← x · v}; returns {@code x}. */
    public static NDArray muli(NDArray x, float v) {
        return apply(x, v, NDArray::muli);
    }

    /** {@code op(x, s)} for {@code s} the 0-d float32 CPU array of {@code v}. */
    static NDArray apply(NDArray x, float v, BinaryOperator<NDArray> op) {
        return withHost(x, Host.MANAGER.full(new Shape(), v, DataType.FLOAT32), op);
    }

    /** {@code op(x, s)} for {@code s} the 0-d int64 CPU array of {@code v}. */
    static NDArray apply(NDArray x, long v, BinaryOperator<NDArray> op) {
        if (Math.abs(v) > EXACT_INT) {
            throw new IllegalArgumentException("integer scalar " + v + " is beyond ±2^24");
        }
        return withHost(x, Host.MANAGER.full(new Shape(), v, DataType.INT64), op);
    }

    /** {@code op(x, s)} with {@code s} a 0-d CPU array owned by PyTorch, closed before returning. */
    private static NDArray withHost(NDArray x, NDArray s, BinaryOperator<NDArray> op) {
        try (s) {
            return op.apply(x, s);
        }
    }
}
