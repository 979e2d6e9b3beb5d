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
import nsn.loss.NtXent;
import nsn.model.Encoder;
import nsn.model.EncoderConfig;
import nsn.model.Precision;

/**
 * SimCLR (Chen et al. 2020) with the non-semantic negatives of Eq. 1: one encoder with its projection head, both
 * views of the batch as anchors and in-batch negatives, and NT-Xent ({@link NtXent}).
 *
 * <p>SimCLR has no key encoder, so the non-semantic negatives go through the same network as the views, and
 * with gradient, like every other in-batch sample: the loss may move their features away from the anchors as
 * well as the anchors away from them. Each of the three forward passes (first views, second views, negatives)
 * uses its own BatchNorm batch statistics.
 */
public final class SimClr implements ContrastiveMethod {

    /** Dynamic loss scaling of a float16 run; null in float32 and bfloat16. */
    private final LossScaler scaler;
    private final MocoConfig config;
    private final Replicas replicas;
    private final Encoder encoder;
    private final NtXent loss;

    /**
     * @param config τ, α and M (the queue size and key momentum are not used)
     * @param alphaMode how α enters the non-semantic logits
     * @param encoder architecture
     * @param manager manager on the training device
     * @param seed seed for parameter initialisation
     */
    public SimClr(MocoConfig config, AlphaMode alphaMode, EncoderConfig encoder, NDManager manager, long seed) {
        this(config, alphaMode, encoder, manager, seed, List.of(manager.getDevice()), Precision.FP32);
    }

    /**
     * SimCLR trained data-parallel on {@code devices} ({@link Replicas}): each device encodes its shard of every
     * forward pass with its own BatchNorm statistics, and NT-Xent runs over the whole gathered batch on the first.
     *
     * @param devices one per replica, {@code manager}'s device first
     * @param precision the encoder's arithmetic (the parameters and the loss stay float32)
     */
    public SimClr(MocoConfig config, AlphaMode alphaMode, EncoderConfig encoder, NDManager manager, long seed,
            List<Device> devices, Precision precision) {
        this.loss = new NtXent(config.temperature(), config.alpha(), alphaMode);
        this.config = config;
        this.replicas = Replicas.create(encoder, manager, devices, precision, seed);
        this.scaler = precision.scalesLoss() ? new LossScaler() : null;
        this.encoder = replicas.master();
    }

    @Override
    public Encoder encoder() {
        return encoder;
    }

    @Override
    public List<Parameter> trainableParameters() {
        return encoder.parameters().stream().filter(Encoder::isTrainable).collect(Collectors.toList());
    }

    /** One step: both views and the negatives through the encoder with gradient, NT-Xent, backward, update. */
    @Override
    public float trainStep(NDManager step, NDArray xq, NDArray xk, NDArray xns, Optimizer optimizer, float lr) {
        long n = xq.getShape().get(0);
        NDArray l;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray z1 = encode(step, xq); // (N, D)
            NDArray z2 = encode(step, xk); // (N, D)
            NDArray ns = null;
            if (xns != null && config.usesNonSemantic()) {
                NDArray flat = encode(step, xns); // (N*M, D)
                ns = flat.reshape(new Shape(n, config.nonSemanticPerImage(), flat.getShape().get(1))); // (N, M, D)
            }
            l = loss.loss(z1, z2, ns); // ()
            collector.backward(scaler == null ? l : scaler.scaled(l)); // scaled for float16
        }
        replicas.reduceGradients();
        LossScaler.step(scaler, optimizer, lr);
        replicas.broadcast();
        return l.getFloat(); // the step's one wait for the device, once everything is queued
    }

    private NDArray encode(NDManager step, NDArray images) {
        return Forward.normalised(step, images, x -> replicas.forward(x, null, true));
    }

    @Override
    public Optional<LossScaler> lossScaler() {
        return Optional.ofNullable(scaler);
    }

    /** Writes the optimiser's state: the encoder is the whole model. */
    @Override
    public void saveState(DataOutputStream out, Optimizer optimizer) throws IOException {
        optimizer.save(out);
    }

    @Override
    public void loadState(DataInputStream in, Optimizer optimizer, Path file) throws IOException {
        optimizer.load(in);
        replicas.broadcastAll();
    }

    @Override
    public void close() {
        replicas.close();
    }
}
