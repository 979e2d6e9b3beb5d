package nsn.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import nsn.loss.AlphaMode;
import nsn.loss.InfoNce;
import nsn.model.Encoder;
import nsn.model.EncoderConfig;
import nsn.model.Precision;

/**
 * MoCo-v2 (He et al. 2020; Chen et al. 2020) with the non-semantic negatives of Eq. 1: a query encoder trained
 * by gradient, a key encoder that follows it by momentum and gets no gradient, and a queue of past keys as
 * standard negatives. Non-semantic negatives are encoded by the key encoder, like positive keys.
 *
 * <p>On several devices ({@link Replicas}) both encoders are replicated, each device runs its shard of the batch, and
 * the keys and negatives are sharded in a shuffled order (MoCo's shuffle BN); the loss is computed over the whole
 * batch on the first device, whose query encoder the optimiser updates and then copies to the others.
 */
public final class MoCo implements ContrastiveMethod {

    /** Dynamic loss scaling of a float16 run; null in float32 and bfloat16. */
    private final LossScaler scaler;
    private final MocoConfig config;
    private final Replicas queries;
    private final Replicas keys;
    private final Encoder query;
    private final Encoder key;
    private final FeatureQueue queue;
    private final InfoNce loss;
    private final long seed;
    private long step;

    /**
     * MoCo with α in the logit of Eq. 1, as in the authors' code.
     *
     * @param config MoCo hyper-parameters
     * @param encoder architecture of both encoders
     * @param manager manager on the training device
     * @param seed seed for parameter initialisation and the initial queue
     */
    public MoCo(MocoConfig config, EncoderConfig encoder, NDManager manager, long seed) {
        this(config, AlphaMode.LOGIT, encoder, manager, seed);
    }

    /**
     * @param config MoCo hyper-parameters
     * @param alphaMode how α enters the non-semantic logits
     * @param encoder architecture of both encoders
     * @param manager manager on the training device
     * @param seed seed for parameter initialisation and the initial queue
     */
    public MoCo(MocoConfig config, AlphaMode alphaMode, EncoderConfig encoder, NDManager manager, long seed) {
        this(config, alphaMode, encoder, manager, seed, List.of(manager.getDevice()), Precision.FP32);
    }

    /**
     * MoCo trained data-parallel on {@code devices} (see {@link Replicas}).
     *
     * @param config MoCo hyper-parameters
     * @param alphaMode how α enters the non-semantic logits
     * @param encoder architecture of both encoders
     * @param manager manager on the first device, where the loss, the queue and the optimiser's state live
     * @param seed seed for parameter initialisation, the initial queue and the shuffle of shuffle BN
     * @param devices one per replica, {@code manager}'s device first
     * @param precision the encoders' arithmetic (the parameters, the loss and the queue stay float32)
     */
    public MoCo(MocoConfig config, AlphaMode alphaMode, EncoderConfig encoder, NDManager manager, long seed,
            List<Device> devices, Precision precision) {
        this.loss = new InfoNce(config.temperature(), config.alpha(), alphaMode);
        this.config = config;
        this.seed = seed;
        this.queries = Replicas.create(encoder, manager, devices, precision, seed);
        this.scaler = precision.scalesLoss() ? new LossScaler() : null;
        this.keys = Replicas.create(encoder, manager, devices, precision, seed);
        this.query = queries.master();
        this.key = keys.master();
        key.copyFrom(query);
        keys.broadcastAll();
        keys.freeze();
        this.queue = FeatureQueue.ring(manager, config.queueSize(), encoder.projectionDim(), seed + 1);
    }

    /** Hyper-parameters. */
    public MocoConfig config() {
        return config;
    }

    /** The encoder trained by gradient; its backbone is the pretrained model. */
    public Encoder queryEncoder() {
        return query;
    }

    @Override
    public Encoder encoder() {
        return query;
    }

    /** The momentum encoder. */
    public Encoder keyEncoder() {
        return key;
    }

    /** The query encoder on every device, the master first. */
    Replicas queryReplicas() {
        return queries;
    }

    /** The key encoder on every device, the master first. */
    Replicas keyReplicas() {
        return keys;
    }

    /** Number of devices the encoders are replicated on (1 without data parallelism). */
    public int replicas() {
        return queries.size();
    }

    /** The queue of negative keys. */
    public FeatureQueue queue() {
        return queue;
    }

    /** The query encoder's trainable parameters, for the optimiser. */
    @Override
    public List<Parameter> trainableParameters() {
        return query.parameters().stream().filter(Encoder::isTrainable).collect(Collectors.toList());
    }

    /**
     * One training step: momentum update, keys without gradient, query with gradient, loss of Eq. 1, backward,
     * optimiser step, enqueue.
     *
     * @param step manager of this step; inputs must live in it and everything it holds is freed by the caller
     * @param xq query views {@code (N, C, H, W)}
     * @param xk key views {@code (N, C, H, W)}
     * @param xns non-semantic negatives {@code (N·M, C, H, W)} (M per query, grouped by query), or {@code null}
     * @param optimizer optimiser over {@link #trainableParameters()}
     * @param lr learning rate of this step
     * @return the loss of this step
     */
    @Override
    public float trainStep(NDManager step, NDArray xq, NDArray xk, NDArray xns, Optimizer optimizer, float lr) {
        long n = xq.getShape().get(0);
        keys.momentumUpdateFrom(queries, config.keyMomentum());
        NDArray k = encode(step, keys, xk, 0); // (N, D), no gradient: outside the collector
        NDArray ns = null;
        if (xns != null && config.usesNonSemantic()) {
            NDArray flat = encode(step, keys, xns, 1); // (N*M, D)
            ns = flat.reshape(new Shape(n, config.nonSemanticPerImage(), flat.getShape().get(1))); // (N, M, D)
        }
        NDArray l;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray q = encode(step, queries, xq, -1); // (N, D), with gradient
            l = loss.loss(q, k, queue.keys(), ns); // ()
            collector.backward(scaler == null ? l : scaler.scaled(l)); // scaled for float16
        }
        queries.reduceGradients();
        LossScaler.step(scaler, optimizer, lr);
        queries.broadcast();
        queue.enqueue(k);
        this.step++;
        return l.getFloat(); // the step's one wait for the device, once everything is queued
    }

    /** Numbers the next step (the run's global step), which seeds the shuffle of shuffle BN on several devices. */
    @Override
    public void beginStep(long globalStep) {
        this.step = globalStep;
    }

    /**
     * Runs replicated encoders in training mode with {@link Forward#normalised}; on several devices, input
     * {@code stream} ≥ 0 is sharded in this step's shuffled order for that stream (shuffle BN), −1 in batch order.
     */
    private NDArray encode(NDManager step, Replicas encoder, NDArray images, int stream) {
        long[] order = null;
        if (stream >= 0 && encoder.size() > 1) {
            order = Replicas.shuffleOrder(Math.toIntExact(images.getShape().get(0)), seed, 2 * this.step + stream);
        }
        long[] o = order;
        return Forward.normalised(step, images, x -> encoder.forward(x, o, true));
    }

    @Override
    public Optional<LossScaler> lossScaler() {
        return Optional.ofNullable(scaler);
    }

    /** Writes the key encoder, the optimiser's state and the queue (the checkpoint format of MoCo-only runs). */
    @Override
    public void saveState(DataOutputStream out, Optimizer optimizer) throws IOException {
        Checkpoint.writeParameters(out, key.parameters());
        optimizer.save(out);
        out.writeInt(queue.pointer());
        Checkpoint.writeArray(out, queue.keys().toFloatArray());
    }

    @Override
    public void loadState(DataInputStream in, Optimizer optimizer, Path file) throws IOException {
        Checkpoint.readParameters(in, key.parameters(), "the key encoder", file);
        optimizer.load(in);
        int pointer = in.readInt();
        queue.restore(Checkpoint.readArray(in), pointer);
        queries.broadcastAll();
        keys.broadcastAll();
    }

    /**
     * Row-wise L2 normalisation of {@code (N, D)}: {@code x / max(‖x‖, 1e-12)}, PyTorch's {@code F.normalize} (one
     * call; DJL's {@code clip} would copy its two bounds to the device, waiting for it, in every forward).
     */
    public static NDArray l2Normalize(NDArray x) {
        return x.normalize(2, 1, 1e-12);
    }

    @Override
    public void close() {
        queue.close();
        keys.close();
        queries.close();
    }
}
