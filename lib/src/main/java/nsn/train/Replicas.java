package nsn.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import nsn.model.Encoder;
import nsn.model.Differentiable;
import nsn.model.EncoderConfig;
import nsn.model.FlatParameters;
import nsn.model.Precision;

/**
 * One encoder replicated on several devices for data-parallel training, as DJL's multi-device trainer and
 * PyTorch's {@code DataParallel} do it: a batch is split into equal shards by rows, each shard runs through the
 * replica on its device, and the outputs are gathered on the first device in batch order, where the method computes
 * its loss over the whole batch. Backward flows through the gather into every replica; {@link #reduceGradients()}
 * then adds the other replicas' gradients into the first one's (the <em>master</em>, the encoder the optimiser,
 * checkpoints and evaluation see), and after the optimiser step {@link #broadcast()} copies the master's packed
 * trainable buffer to the others, one copy per device.
 *
 * <p>BatchNorm normalises each shard with its own statistics, as on several GPUs; the master's running statistics
 * follow its own shards (PyTorch's DistributedDataParallel keeps the first process's too). A forward pass can shuffle
 * the rows before sharding and restore their order after gathering, MoCo's <em>shuffle BN</em>: the key of an image
 * is then normalised among other images than its query. Several replicas on one device (e.g. {@code cpu,cpu}) are
 * allowed: that is the single-device emulation of shuffle BN (the authors' split-BatchNorm), and how the data-parallel
 * path is tested without GPUs.
 *
 * <p>Nothing here differs from one device when there is one replica: {@link #forward} runs the master directly, and
 * reduction and broadcast do nothing.
 */
public final class Replicas implements AutoCloseable {

    private final List<Encoder> encoders;
    private final List<ParameterStore> stores;
    private final List<NDManager> managers;
    private final Precision precision;

    private Replicas(List<Encoder> encoders, List<ParameterStore> stores, List<NDManager> managers,
            Precision precision) {
        this.encoders = List.copyOf(encoders);
        this.stores = List.copyOf(stores);
        this.managers = List.copyOf(managers);
        this.precision = precision;
    }

    /**
     * Builds an encoder on every device of {@code devices}; all replicas start as copies of the first.
     *
     * @param config architecture
     * @param manager manager on {@code devices.get(0)}; the replicas live in sub-managers of it
     * @param devices one device per replica, the master's first (repetitions allowed)
     * @param seed seed for the master's initialisation
     * @throws IllegalArgumentException if {@code devices} is empty or its first device is not {@code manager}'s
     */
    public static Replicas create(EncoderConfig config, NDManager manager, List<Device> devices, long seed) {
        return create(config, manager, devices, Precision.FP32, seed);
    }

    /**
     * Builds the replicas to run in {@code precision} ({@link Encoder#forward(ParameterStore, NDArray, boolean,
     * Precision)}); the parameters stay float32.
     *
     * @throws IllegalArgumentException also if {@code precision} cannot run with this process's libtorch JNI
     *     ({@link Precision#checkSupported}), before anything is built
     */
    public static Replicas create(EncoderConfig config, NDManager manager, List<Device> devices, Precision precision,
            long seed) {
        checkDevices(manager, devices);
        precision.checkSupported();
        List<Encoder> encoders = new ArrayList<>(devices.size());
        List<ParameterStore> stores = new ArrayList<>(devices.size());
        List<NDManager> managers = new ArrayList<>(devices.size() - 1);
        try {
            for (int i = 0; i < devices.size(); i++) {
                NDManager m = manager;
                if (i > 0) {
                    m = manager.newSubManager(devices.get(i));
                    managers.add(m);
                }
                encoders.add(Encoder.create(config, m, seed));
                stores.add(new ParameterStore(m, false));
            }
        } catch (RuntimeException e) {
            encoders.forEach(Encoder::close);
            managers.forEach(NDManager::close);
            throw e;
        }
        Replicas r = new Replicas(encoders, stores, managers, precision);
        r.broadcastAll();
        return r;
    }

    /** Checks a device list for {@link #create}. */
    static void checkDevices(NDManager manager, List<Device> devices) {
        if (devices == null || devices.isEmpty()) {
            throw new IllegalArgumentException("at least one device is needed");
        }
        if (!devices.get(0).equals(manager.getDevice())) {
            throw new IllegalArgumentException("the first device (" + devices.get(0) + ") must be the training"
                    + " manager's (" + manager.getDevice() + ")");
        }
    }

    /** Number of replicas, D. */
    public int size() {
        return encoders.size();
    }

    /** The first replica: the encoder that the optimiser updates, checkpoints hold and evaluation reads. */
    public Encoder master() {
        return encoders.get(0);
    }

    /** Replica {@code i} (0 is the master). */
    public Encoder replica(int i) {
        return encoders.get(i);
    }

    /** The parameter store of replica {@code i}, on its device. */
    ParameterStore store(int i) {
        return stores.get(i);
    }

    /**
     * Runs the encoder data-parallel: rows {@code [i·N/D, (i+1)·N/D)} of {@code images} (after {@code order}, if
     * given) on replica {@code i}, the outputs joined on the master's device and put back in the input's row order.
     * Inside a gradient collector the autograd graph spans every device.
     *
     * @param images {@code (N, ...)} on the master's device, N a multiple of D
     * @param order a permutation of the N rows to shard by (row {@code order[j]} goes to position j), or
     *     {@code null} to shard in batch order
     * @param training whether BatchNorm uses batch statistics
     * @return the projections {@code (N, D_out)} on the master's device, in the rows' original order
     * @throws IllegalArgumentException if N is not a multiple of the replica count, or {@code order} is not a
     *     permutation of N rows
     */
    public NDArray forward(NDArray images, long[] order, boolean training) {
        int d = encoders.size();
        long n = images.getShape().get(0);
        if (order != null && order.length != n) {
            throw new IllegalArgumentException("a shuffle order of " + order.length + " rows for " + n);
        }
        if (d == 1) {
            return master().forward(stores.get(0), images, training, precision);
        }
        if (n % d != 0) {
            throw new IllegalArgumentException("a batch of " + n + " rows cannot be split evenly over " + d
                    + " replicas; make the batch size (and so the negatives' rows) a multiple of the device count");
        }
        NDManager m = images.getManager();
        NDArray shuffled = images;
        NDArray orderArray = null;
        if (order != null) {
            orderArray = m.create(order);
            shuffled = images.get(new NDIndex("{}", orderArray)); // (N, ...), row j = images[order[j]]
        }
        long per = n / d;
        NDList outputs = new NDList(d);
        Device home = images.getDevice();
        for (int i = 0; i < d; i++) {
            Encoder e = encoders.get(i);
            NDArray shard = shuffled.get(new NDIndex("{}:{}", i * per, (i + 1) * per)); // (N/D, ...)
            NDArray there = shard.toDevice(deviceOf(e), false);
            NDArray out = e.forward(stores.get(i), there, training, precision); // (N/D, D_out) on device i
            outputs.add(Differentiable.copy(out, out.getDataType(), home)); // toDevice would cut the gradient
        }
        NDArray joined = NDArrays.concat(outputs); // (N, D_out) in shuffled order
        if (orderArray == null) {
            return joined;
        }
        long[] inverse = new long[order.length];
        for (int j = 0; j < order.length; j++) {
            inverse[(int) order[j]] = j;
        }
        return joined.get(new NDIndex("{}", m.create(inverse))); // row r = joined[inverse[r]]
    }

    /**
     * A permutation of {@code n} rows for shuffle BN, a function of {@code seed} and {@code step} alone so that a
     * resumed run shuffles as the uninterrupted one did.
     */
    public static long[] shuffleOrder(int n, long seed, long step) {
        int[] perm = Permutation.of(n, new SplittableRandom(seed * 0x9E3779B97F4A7C15L + step));
        long[] order = new long[n];
        for (int i = 0; i < n; i++) {
            order[i] = perm[i];
        }
        return order;
    }

    /**
     * Adds every other replica's gradients of the trainable parameters into the master's, in replica order, and
     * zeroes theirs; the master then holds the gradient of the whole batch. Call after backward, before the
     * optimiser step.
     */
    public void reduceGradients() {
        FlatParameters target = master().trainable();
        List<Parameter> params = target.parameters();
        for (int r = 1; r < encoders.size(); r++) {
            FlatParameters source = encoders.get(r).trainable();
            // on one device toDevice returns flat itself (closing it twice is a no-op); on another it is the transfer
            try (NDArray flat = source.gradients(); // (P,) on replica r's device
                    NDArray home = flat.toDevice(deviceOf(master()), false)) {
                List<NDArray> views = target.views(home);
                for (int i = 0; i < params.size(); i++) {
                    try (NDArray g = params.get(i).getArray().getGradient()) {
                        g.addi(views.get(i));
                    }
                }
                views.forEach(NDArray::close);
            }
            source.zeroGradients();
        }
    }

    /** Copies the master's trainable parameters into every other replica (one packed buffer per device). */
    public void broadcast() {
        NDArray values = master().trainable().values();
        for (int r = 1; r < encoders.size(); r++) {
            FlatParameters.copyInto(encoders.get(r).trainable().values(), values);
        }
    }

    /** Copies every parameter of the master, BatchNorm running statistics included, into every other replica. */
    public void broadcastAll() {
        for (int r = 1; r < encoders.size(); r++) {
            encoders.get(r).copyFrom(master());
        }
    }

    /**
     * The momentum update {@code θ_k ← m·θ_k + (1 − m)·θ_q} on every replica from the same replica of {@code query};
     * replicas that start equal stay equal, so no copy between devices is needed.
     */
    public void momentumUpdateFrom(Replicas query, float momentum) {
        if (query.size() != size()) {
            throw new IllegalArgumentException(query.size() + " query replicas for " + size() + " key replicas");
        }
        for (int r = 0; r < encoders.size(); r++) {
            encoders.get(r).momentumUpdateFrom(query.encoders.get(r), momentum);
        }
    }

    /** Turns gradient tracking off on every replica. */
    public void freeze() {
        encoders.forEach(Encoder::freeze);
    }

    private static Device deviceOf(Encoder e) {
        return e.trainable().values().getDevice();
    }

    /** Closes every replica. */
    @Override
    public void close() {
        for (int r = encoders.size() - 1; r >= 0; r--) {
            encoders.get(r).close();
        }
        managers.forEach(NDManager::close);
    }
}
