package nsn.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.function.BiFunction;
import java.util.function.BinaryOperator;

/**
 * Arithmetic between an array and a number that does not stall an accelerator. DJL's {@code x.mul(0.5f)} makes the
 * number a 0-d array in {@code x}'s manager, on {@code x}'s device: on a GPU that is a copy from pageable host memory,
 * which waits until every kernel queued before it has finished, so the host stops running ahead of the device at every
 * scalar operation (a MoCo step had seven). Here the number is a 0-d array on the CPU instead, which PyTorch passes to
 * the kernel as a scalar argument, as it does with a Python number; on the CPU the operation is DJL's own. The result
 * (or {@code x}, for the in-place forms) is in {@code x}'s manager, with the same data type as DJL's form gives.
 */
public final class Scalars {

    private Scalars() {}

    /** Holds the CPU manager of the 0-d operands, made on first use. */
    private static final class Host {
        static final NDManager MANAGER = NDManager.newBaseManager(Device.cpu());
    }

    /** {@code x + n}. */
    public static NDArray add(NDArray x, Number n) {
        return apply(x, n, onAccelerator(x), NDArray::add, NDArray::add);
    }

    /** {@code x − n}. */
    public static NDArray sub(NDArray x, Number n) {
        return apply(x, n, onAccelerator(x), NDArray::sub, NDArray::sub);
    }

    /** {@code x · n}. */
    public static NDArray mul(NDArray x, Number n) {
        return apply(x, n, onAccelerator(x), NDArray::mul, NDArray::mul);
    }

    /** {@code x / n}. */
    public static NDArray div(NDArray x, Number n) {
        return apply(x, n, onAccelerator(x), NDArray::div, NDArray::div);
    }

    /** {@code x mod n}. */
    public static NDArray mod(NDArray x, Number n) {
        return apply(x, n, onAccelerator(x), NDArray::mod, NDArray::mod);
    }

    /** {@code min(x, n)} element-wise. */
    public static NDArray minimum(NDArray x, Number n) {
        return apply(x, n, onAccelerator(x), NDArray::minimum, NDArray::minimum);
    }

    /** {@code x ≠ n} element-wise (boolean). */
    public static NDArray neq(NDArray x, Number n) {
        return apply(x, n, onAccelerator(x), NDArray::neq, NDArray::neq);
    }

    /** {@code x ← x + n}; returns {@code x}. */
    public static NDArray addi(NDArray x, Number n) {
        return apply(x, n, onAccelerator(x), NDArray::addi, NDArray::addi);
    }

    /** {@code x ← x · n}; returns {@code x}. */
    public static NDArray muli(NDArray x, Number n) {
        return apply(x, n, onAccelerator(x), NDArray::muli, NDArray::muli);
    }

    /** Whether {@code x} lives where a 0-d operand in its own manager would cost a blocking copy. */
    static boolean onAccelerator(NDArray x) {
        return !Device.Type.CPU.equals(x.getDevice().getDeviceType());
    }

    /**
     * {@code op(x, n)}: with {@code host}, through a 0-d CPU array closed before returning; otherwise DJL's form.
     * Package-private so that tests run the host path on the CPU too.
     */
    static NDArray apply(NDArray x, Number n, boolean host, BinaryOperator<NDArray> op,
            BiFunction<NDArray, Number, NDArray> djl) {
        if (!host) {
            return djl.apply(x, n);
        }
        try (NDArray s = Host.MANAGER.create(n)) { // () on the CPU
            return op.apply(x, s);
        }
    }
}
