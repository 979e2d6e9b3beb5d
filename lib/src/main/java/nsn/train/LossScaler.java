package nsn.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Parameter;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import nsn.model.Scalars;

/**
 * Dynamic loss scaling for float16 training ({@link nsn.model.Precision#FP16}), PyTorch's {@code GradScaler}: the loss
 * is multiplied by a scale S before backward so that small gradients survive float16's range, and before the
 * optimiser step the gradients are divided by S. When any gradient is infinite or NaN the step is skipped (the
 * gradients are zeroed, the parameters and the optimiser's state are left as they were) and S halves; after {@code
 * growthInterval} steps in a row without one, S doubles. S starts at 2<sup>16</sup> and is always a power of two, so
 * scaling and unscaling a float32 gradient is exact unless it overflows.
 *
 * <p>The scale and the count of good steps are part of a checkpoint, so a resumed run scales as the uninterrupted one.
 */
public final class LossScaler {

    /** PyTorch's initial scale, 2<sup>16</sup>. */
    public static final float INITIAL_SCALE = 65536f;
    /** PyTorch's growth interval: good steps in a row before the scale doubles. */
    public static final int GROWTH_INTERVAL = 2000;

    private final int growthInterval;
    private float scale;
    private int goodSteps;
    private long skipped;

    /** PyTorch's defaults: scale 2<sup>16</sup>, doubled after 2000 good steps, halved on an overflow. */
    public LossScaler() {
        this(INITIAL_SCALE, GROWTH_INTERVAL);
    }

    /**
     * @param initialScale a power of two ≥ 1
     * @param growthInterval good steps in a row before the scale doubles, ≥ 1
     */
    public LossScaler(float initialScale, int growthInterval) {
        if (!isPowerOfTwo(initialScale)) {
            throw new IllegalArgumentException("the initial loss scale must be a power of two >= 1, got "
                    + initialScale);
        }
        if (growthInterval < 1) {
            throw new IllegalArgumentException("the growth interval must be positive, got " + growthInterval);
        }
        this.scale = initialScale;
        this.growthInterval = growthInterval;
    }

    private static boolean isPowerOfTwo(float x) {
        return Float.isFinite(x) && x >= 1f && (Float.floatToIntBits(x) & 0x7FFFFF) == 0;
    }

    /** The current scale S. */
    public float scale() {
        return scale;
    }

    /** Good steps since the scale last changed. */
    public int goodSteps() {
        return goodSteps;
    }

    /** Steps skipped for a non-finite gradient since this scaler was made (not saved). */
    public long skipped() {
        return skipped;
    }

    /** {@code loss · S}: what backward runs on. */
    public NDArray scaled(NDArray loss) {
        return Scalars.mul(loss, scale);
    }

    /**
     * Divides the gradients of {@code optimizer}'s parameters by S and, when all are finite, applies {@code
     * optimizer}'s step ({@link Optimizer#step(float, float)}); otherwise the step is skipped and the gradients are
     * zeroed. Then updates S.
     *
     * @return whether the step was applied
     */
    public boolean step(Optimizer optimizer, float lr) {
        boolean applied = optimizer.step(lr, 1f / scale); // 1/S is exact: S is a power of two
        if (applied) {
            if (++goodSteps >= growthInterval) {
                scale *= 2f;
                goodSteps = 0;
            }
        } else {
            scale = Math.max(1f, scale * 0.5f);
            goodSteps = 0;
            skipped++;
        }
        return applied;
    }

    /**
     * Whether the sum of {@code sums} (each a scalar: one gradient's, or a packed buffer's) is finite — one read from
     * the device; when it is not, the step is to be skipped and every gradient of {@code params} is set to zero (an
     * assignment: {@code g − g} or {@code 0·g} would keep a NaN). Closes {@code sums}.
     */
    static boolean finiteElseZero(NDList sums, List<Parameter> params) {
        boolean finite;
        try (NDArray all = NDArrays.stack(sums); NDArray total = all.sum()) {
            finite = Float.isFinite(total.getFloat());
        } finally {
            sums.close();
        }
        if (!finite) {
            for (Parameter p : params) {
                try (NDArray g = p.getArray().getGradient()) {
                    g.set(new NDIndex("..."), 0f);
                }
            }
        }
        return finite;
    }

    /** {@code optimizer}'s step through {@code scaler}, or directly when there is none (float32, bfloat16). */
    static void step(LossScaler scaler, Optimizer optimizer, float lr) {
        if (scaler == null) {
            optimizer.step(lr);
        } else {
            scaler.step(optimizer, lr);
        }
    }

    /** Writes the scale and the good-step count. */
    public void save(DataOutputStream out) throws IOException {
        out.writeFloat(scale);
        out.writeInt(goodSteps);
    }

    /** Reads what {@link #save} wrote; {@code file} names the checkpoint in error messages. */
    public void load(DataInputStream in, Path file) throws IOException {
        float s = in.readFloat();
        int good = in.readInt();
        if (!isPowerOfTwo(s) || good < 0 || good >= growthInterval) {
            throw new IOException(file + ": corrupt checkpoint: loss scale " + s + " after " + good + " good steps");
        }
        scale = s;
        goodSteps = good;
    }
}
