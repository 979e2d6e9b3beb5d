package nsn.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Copies host batches ({@code float[]}) to an accelerator through direct buffers reused from step to step. DJL's
 * {@code NDManager.create(float[])} allocates (and zeroes) a fresh direct buffer for every array before the copy to
 * the device: for three ImageNet views of a ResNet-50 step (3 × 38.5 MB) that took 55–103 ms on an H200 against
 * PyTorch's 13 ms for the same host-to-device copies (docs/BENCHMARKS.md, "GPU"). Batches the loader has already
 * staged ({@link PretrainBatches.Batch#staged()}) are read from their own buffers, with no copy on the training
 * thread. On the CPU the array would alias the buffer (DJL's {@code from_blob}), so there the DJL path is kept.
 */
public final class HostStaging {

    private final ByteBuffer[] slots;

    /** @param slots how many arrays one step uploads (each gets its own buffer) */
    public HostStaging(int slots) {
        if (slots < 1) {
            throw new IllegalArgumentException("need at least one staging slot, got " + slots);
        }
        this.slots = new ByteBuffer[slots];
    }

    /**
     * An array on {@code step}'s device holding {@code data}.
     *
     * @param step the step's manager, which owns the result
     * @param slot which buffer to stage through, in [0, slots); the caller must not upload through a slot again
     *     while an array created through it on the CPU is alive (on an accelerator the array is a copy)
     * @param data row-major values
     * @param shape their shape
     * @return the array, in {@code step}
     */
    public NDArray upload(NDManager step, int slot, float[] data, Shape shape) {
        return upload(step, slot, data, null, shape);
    }

    /**
     * An array on {@code step}'s device holding {@code data}, read from {@code staged} when the loader has already
     * copied it into a direct buffer ({@link PretrainBatches.Batch#staged()}): then the training thread makes no
     * host copy of its own before the host-to-device copy.
     *
     * @param step the step's manager, which owns the result
     * @param slot which buffer to stage through when {@code staged} is null (see {@link #upload(NDManager, int,
     *     float[], Shape)})
     * @param data row-major values
     * @param staged the same values in a native-order direct buffer, or {@code null}
     * @param shape their shape
     * @return the array, in {@code step}
     */
    public NDArray upload(NDManager step, int slot, float[] data, ByteBuffer staged, Shape shape) {
        if (staged != null
                && (!staged.isDirect() || staged.capacity() != Math.multiplyExact(data.length, Float.BYTES))) {
            throw new IllegalArgumentException("staged buffer of " + staged.capacity() + " bytes"
                    + (staged.isDirect() ? "" : " (not direct)") + " does not hold " + data.length + " floats");
        }
        if (!step.getDevice().isGpu()) {
            return step.create(data, shape);
        }
        ByteBuffer from = staged != null ? staged.duplicate().order(staged.order()).clear() : stage(slot, data);
        return step.create(from, shape, DataType.FLOAT32);
    }

    /** The slot's buffer holding {@code data} (grown when too small), position 0 and limit at its end. */
    ByteBuffer stage(int slot, float[] data) {
        if (slot < 0 || slot >= slots.length) {
            throw new IllegalArgumentException("staging slot " + slot + " not in [0, " + slots.length + ")");
        }
        int bytes = Math.multiplyExact(data.length, Float.BYTES);
        ByteBuffer b = slots[slot];
        if (b == null || b.capacity() < bytes) {
            b = allocate(data.length);
            slots[slot] = b;
        }
        b.clear().limit(bytes);
        b.asFloatBuffer().put(data);
        return b;
    }

    /** A native-order direct buffer of {@code floats} floats. */
    static ByteBuffer allocate(int floats) {
        return ByteBuffer.allocateDirect(Math.multiplyExact(floats, Float.BYTES)).order(ByteOrder.nativeOrder());
    }

    /** A native-order direct buffer holding a copy of {@code data}: a batch staged once, for {@link #upload}. */
    public static ByteBuffer direct(float[] data) {
        ByteBuffer b = allocate(data.length);
        b.asFloatBuffer().put(data);
        return b;
    }
}
