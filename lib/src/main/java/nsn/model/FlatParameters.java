package nsn.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;

/**
 * A list of parameters whose arrays are views into one contiguous buffer {@code (P,)}, so that an update of all of
 * them — SGD, MoCo's momentum update — is a handful of whole-buffer operations instead of several per parameter.
 * On a GPU each operation is a kernel launch plus a JNI call: per parameter, a ResNet-50's 161 trainable arrays
 * cost about 1,600 of them per step, which made nsn's SGD 8× and its momentum update 2× PyTorch's on an H100
 * (docs/BENCHMARKS.md, "GPU"). Gradients stay per parameter (autograd allocates them); {@link #gradients()} joins
 * them into one buffer.
 *
 * <p>The arrays stay views for as long as nothing re-binds them: DJL's {@code NDArray.set(Buffer)} and {@code
 * copyTo} give a tensor new storage, so values are written into these arrays in place ({@link #copyInto}).
 */
public final class FlatParameters implements AutoCloseable {

    /** Which group a parameter belongs to, until {@link #close()} (the group refers to its parameters, so a weak map
     * alone would never drop them). */
    private static final Map<Parameter, FlatParameters> OWNERS = Collections.synchronizedMap(new WeakHashMap<>());
    private static final Field ARRAY = arrayField();

    private static final float SENTINEL = 1234.5f;

    private final List<Parameter> params;
    private final NDArray values;

    private FlatParameters(List<Parameter> params, NDArray values) {
        this.params = List.copyOf(params);
        this.values = values;
    }

    /**
     * Moves the parameters' values into one new buffer in {@code manager} and makes each parameter's array a view
     * of its slice (gradient tracking as before); the old arrays are closed.
     *
     * @param params initialised float32 parameters on one device, none already packed
     * @param manager where the buffer and the views live (closing it frees them)
     * @return the packed parameters
     */
    public static FlatParameters pack(List<Parameter> params, NDManager manager) {
        if (params.isEmpty()) {
            throw new IllegalArgumentException("no parameters to pack");
        }
        NDList flat = new NDList(params.size());
        for (Parameter p : params) {
            if (OWNERS.containsKey(p)) {
                throw new IllegalArgumentException("parameter " + p.getName() + " is already packed");
            }
            NDArray a = p.getArray();
            if (a.getDataType() != DataType.FLOAT32) {
                throw new IllegalArgumentException("parameter " + p.getName() + " is " + a.getDataType()
                        + ", only float32 parameters are packed");
            }
            try (NDArray detached = a.stopGradient()) { // the buffer must be a leaf even where grad mode is on
                flat.add(detached.reshape(-1)); // (n_i,), a view
            }
        }
        NDArray values = NDArrays.concat(flat); // (P,)
        values.attach(manager);
        flat.close();
        FlatParameters packed = new FlatParameters(params, values);
        List<NDArray> views = packed.views(values);
        for (int i = 0; i < params.size(); i++) {
            Parameter p = params.get(i);
            NDArray old = p.getArray();
            NDArray view = views.get(i);
            view.attach(manager);
            view.setName(old.getName());
            boolean grad = old.hasGradient();
            setArray(p, view);
            old.close();
            if (grad) {
                view.setRequiresGradient(true);
            }
            OWNERS.put(p, packed);
        }
        return packed;
    }

    /**
     * The packed groups that make up {@code params} in order, one entry per position: the group starting there, or
     * empty where a parameter is not the first of a whole packed group in that list.
     */
    public static List<Optional<FlatParameters>> groups(List<Parameter> params) {
        List<Optional<FlatParameters>> out = new ArrayList<>(params.size());
        int i = 0;
        while (i < params.size()) {
            FlatParameters g = OWNERS.get(params.get(i));
            if (g != null && i + g.params.size() <= params.size()
                    && g.params.equals(params.subList(i, i + g.params.size()))) {
                out.add(Optional.of(g));
                for (int j = 1; j < g.params.size(); j++) {
                    out.add(Optional.empty());
                }
                i += g.params.size();
            } else {
                out.add(Optional.empty());
                i++;
            }
        }
        return out;
    }

    /** The packed group of {@code p}, if it is packed. */
    public static Optional<FlatParameters> of(Parameter p) {
        return Optional.ofNullable(OWNERS.get(p));
    }

    /** The parameters, in buffer order. */
    public List<Parameter> parameters() {
        return params;
    }

    /** The buffer {@code (P,)} the parameters' arrays are views of; in-place operations on it update them all. */
    public NDArray values() {
        return values;
    }

    /**
     * Slices a buffer laid out like {@link #values()} ({@code (P,)}, e.g. an optimiser's momentum) into one view per
     * parameter, shaped as that parameter, in the buffer's manager.
     */
    public List<NDArray> views(NDArray flat) {
        if (!flat.getShape().equals(values.getShape())) {
            throw new IllegalArgumentException("a buffer of shape " + flat.getShape() + " for packed parameters of "
                    + values.getShape());
        }
        List<NDArray> out = new ArrayList<>(params.size());
        long offset = 0;
        for (Parameter p : params) {
            NDArray a = p.getArray();
            out.add(flat.get(new NDIndex("{}:{}", offset, offset + a.size())).reshape(a.getShape()));
            offset += a.size();
        }
        return out;
    }

    /** Every parameter's gradient joined in buffer order: a new {@code (P,)} array the caller closes. */
    public NDArray gradients() {
        NDList grads = new NDList(params.size());
        try {
            for (Parameter p : params) {
                try (NDArray g = p.getArray().getGradient()) {
                    grads.add(g.reshape(-1)); // (n_i,)
                }
            }
            return NDArrays.concat(grads); // (P,)
        } finally {
            grads.close();
        }
    }

    /** Zeroes every parameter's gradient in place (as {@code g − g}, so a non-finite gradient stays visible). */
    public void zeroGradients() {
        for (Parameter p : params) {
            try (NDArray g = p.getArray().getGradient()) {
                g.subi(g);
            }
        }
    }

    /**
     * Checks that every parameter still reads its slice of the buffer, by writing a sentinel into the buffer's copy of
     * each parameter's first value and reading it back through the parameter (then restoring it exactly). A
     * parameter re-bound by DJL's {@code copyTo} or {@code set(Buffer)} would no longer be updated by whole-buffer
     * operations; this names it instead. Costs a few tiny operations per parameter: for set-up, not every step.
     *
     * @throws IllegalStateException naming the first parameter that is no longer a view of the buffer
     */
    public void verify() {
        long offset = 0;
        for (Parameter p : params) {
            NDArray a = p.getArray();
            NDIndex first = new NDIndex("{}", offset);
            float kept;
            try (NDArray v = values.get(first)) {
                kept = v.getFloat();
            }
            float sentinel = kept == SENTINEL ? -SENTINEL : SENTINEL;
            values.set(first, sentinel);
            float seen;
            try (NDArray flat = a.reshape(-1); NDArray v = flat.get(0)) {
                seen = v.getFloat();
            }
            values.set(first, kept);
            if (seen != sentinel) {
                throw new IllegalStateException("parameter " + p.getName() + " is no longer a view of its packed"
                        + " buffer (re-bound by NDArray.copyTo or set(Buffer)?); write into packed parameters with"
                        + " FlatParameters.copyInto");
            }
            offset += a.size();
        }
    }

    /**
     * Writes {@code values} into {@code target} in place, keeping its storage: unlike DJL's {@code set(Buffer)} and
     * {@code copyTo}, a view stays a view.
     *
     * @param target the array to overwrite, any shape
     * @param values as many values as {@code target} holds, in row-major order
     */
    public static void copyInto(NDArray target, float[] values) {
        if (values.length != target.size()) {
            throw new IllegalArgumentException(values.length + " values for an array of " + target.size());
        }
        try (NDArray src = target.getManager().create(values, target.getShape())) {
            copyInto(target, src);
        }
    }

    /**
     * Writes {@code source} (same shape, any device) into {@code target} in place, keeping {@code target}'s storage.
     * The write is PyTorch's {@code copy_}, which copies across devices itself (as {@link Differentiable#copy} relies
     * on too), so a source on another device needs no staging copy.
     */
    public static void copyInto(NDArray target, NDArray source) {
        if (!target.getShape().equals(source.getShape())) {
            throw new IllegalArgumentException("shape " + source.getShape() + " into " + target.getShape());
        }
        // through a detached alias of the same storage: an in-place write into a leaf that requires gradient is refused
        // where grad mode is on (PyTorch's default on every new thread, e.g. a notebook kernel's cell threads)
        try (NDArray detached = target.stopGradient()) {
            detached.set(new NDIndex(":"), source);
        }
    }

    /** Forgets the group (the arrays themselves belong to the manager given to {@link #pack}). */
    @Override
    public void close() {
        for (Parameter p : params) {
            OWNERS.remove(p, this);
        }
    }

    /** Replaces {@code p}'s array (DJL offers no setter once a parameter is initialised); used by packing and by
     * {@link Encoder}'s mixed-precision pass, which restores the packed view afterwards. */
    static void setArray(Parameter p, NDArray view) {
        try {
            ARRAY.set(p, view);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot re-home parameter " + p.getName(), e);
        }
    }

    /** DJL's Parameter has no way to replace an initialised array; its private field is set instead. */
    private static Field arrayField() {
        try {
            Field f = Parameter.class.getDeclaredField("array");
            f.setAccessible(true);
            return f;
        } catch (NoSuchFieldException | RuntimeException e) {
            throw new ExceptionInInitializerError("DJL's Parameter has no field 'array' (DJL version changed?): " + e);
        }
    }
}
