package nsn.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import nsn.loss.ByolLoss;
import nsn.model.Encoder;
import nsn.model.EncoderConfig;
import nsn.model.Precision;
import nsn.model.Predictor;

/**
 * BYOL (Grill et al. 2020) with the non-semantic term of Eq. 2: an online encoder (backbone and projection head)
 * followed by a {@link Predictor}, trained by gradient, and a target encoder that follows the online encoder by
 * an exponential moving average and gets no gradient. The online prediction of each view regresses the target
 * projection of the other view ({@link ByolLoss}); the non-semantic negatives are encoded by the target network,
 * like the regression targets.
 *
 * <p>After each optimiser step the target moves as {@code ξ ← τ_k·ξ + (1 − τ_k)·θ}, with BYOL's schedule
 * {@code τ_k = 1 − (1 − τ_base)·(cos(π·k/K) + 1)/2} from τ_base at step 0 to 1 at step K, the run's last.
 * BatchNorm running statistics of the target follow its own forward passes, as in {@link MoCo}. The projector is
 * the encoder's head: BYOL's Linear → BatchNorm1d → ReLU → Linear when {@link EncoderConfig#headBatchNorm()} is set
 * (what {@code --method byol} chooses), MoCo-v2's head without BatchNorm otherwise. The predictor always has
 * BatchNorm, as in BYOL.
 */
public final class Byol implements ContrastiveMethod {

    /** Dynamic loss scaling of a float16 run; null in float32 and bfloat16. */
    private final LossScaler scaler;
    private final MocoConfig config;
    private final float targetMomentumBase;
    private final long totalSteps;
    private final Replicas onlines;
    private final Replicas targets;
    private final Encoder online;
    private final Predictor predictor;
    private final Encoder target;
    private final ByolLoss loss;
    private final ParameterStore store;
    private long steps;

    /**
     * @param config α (in [0, 1)) and M (τ, the queue size and the key momentum are not used)
     * @param method the predictor's hidden width and τ_base
     * @param encoder architecture of the online and target encoders
     * @param manager manager on the training device
     * @param seed seed for parameter initialisation
     * @param totalSteps K, the steps of the whole run, over which τ rises to 1
     */
    public Byol(MocoConfig config, MethodConfig method, EncoderConfig encoder, NDManager manager, long seed,
            long totalSteps) {
        this(config, method, encoder, manager, seed, totalSteps, List.of(manager.getDevice()), Precision.FP32);
    }

    /**
     * BYOL trained data-parallel on {@code devices} ({@link Replicas}): both encoders are replicated, the predictor
     * and the loss run on the whole gathered batch on the first device.
     *
     * @param devices one per replica, {@code manager}'s device first
     * @param precision the encoders' arithmetic (the parameters, the predictor and the loss stay float32)
     */
    public Byol(MocoConfig config, MethodConfig method, EncoderConfig encoder, NDManager manager, long seed,
            long totalSteps, List<Device> devices, Precision precision) {
        if (totalSteps < 1) {
            throw new IllegalArgumentException("BYOL needs the run's total steps (>= 1), got " + totalSteps);
        }
        this.loss = new ByolLoss(config.alpha());
        this.config = config;
        this.targetMomentumBase = method.targetMomentumBase();
        this.totalSteps = totalSteps;
        this.onlines = Replicas.create(encoder, manager, devices, precision, seed);
        this.scaler = precision.scalesLoss() ? new LossScaler() : null;
        this.targets = Replicas.create(encoder, manager, devices, precision, seed);
        this.online = onlines.master();
        this.target = targets.master();
        target.copyFrom(online);
        targets.broadcastAll();
        targets.freeze();
        this.predictor = Predictor.create(encoder.projectionDim(), method.predictorHidden(), manager, seed + 2);
        this.store = new ParameterStore(manager, false);
    }

    /** The online encoder; its backbone is the pretrained model. */
    @Override
    public Encoder encoder() {
        return online;
    }

    /** The online network's predictor. */
    public Predictor predictor() {
        return predictor;
    }

    /** The target encoder. */
    public Encoder targetEncoder() {
        return target;
    }

    /** Steps done so far, k. */
    public long steps() {
        return steps;
    }

    /** τ_k of the target update after step {@code k} (0-based) of the run's K. */
    public float targetMomentum(long k) {
        double progress = Math.min(1.0, (double) k / totalSteps);
        return (float) (1 - (1 - targetMomentumBase) * (Math.cos(Math.PI * progress) + 1) / 2);
    }

    /** The online encoder's and the predictor's trainable parameters. */
    @Override
    public List<Parameter> trainableParameters() {
        List<Parameter> out = new ArrayList<>();
        for (Parameter p : online.parameters()) {
            if (Encoder.isTrainable(p)) {
                out.add(p);
            }
        }
        for (Parameter p : predictor.parameters()) {
            if (Encoder.isTrainable(p)) {
                out.add(p);
            }
        }
        return out;
    }

    /**
     * One step: target projections of both views and the negatives without gradient, online predictions with
     * gradient, the loss of Eq. 2, backward, optimiser step, then the target's moving-average update.
     */
    @Override
    public float trainStep(NDManager step, NDArray xq, NDArray xk, NDArray xns, Optimizer optimizer, float lr) {
        long n = xq.getShape().get(0);
        NDArray z1 = encodeTarget(step, xq); // (N, D), no gradient: outside the collector
        NDArray z2 = encodeTarget(step, xk);
        NDArray ns = null;
        if (xns != null && config.usesNonSemantic()) {
            NDArray flat = encodeTarget(step, xns); // (N*M, D)
            ns = flat.reshape(new Shape(n, config.nonSemanticPerImage(), flat.getShape().get(1))); // (N, M, D)
        }
        NDArray l;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray p1 = predict(step, xq); // (N, D), with gradient
            NDArray p2 = predict(step, xk);
            l = loss.loss(p1, p2, z1, z2, ns); // ()
            collector.backward(scaler == null ? l : scaler.scaled(l)); // scaled for float16
        }
        onlines.reduceGradients();
        LossScaler.step(scaler, optimizer, lr);
        onlines.broadcast();
        targets.momentumUpdateFrom(onlines, targetMomentum(steps));
        steps++;
        return l.getFloat(); // the step's one wait for the device, once everything is queued
    }

    private NDArray encodeTarget(NDManager step, NDArray images) {
        return Forward.normalised(step, images, x -> targets.forward(x, null, true));
    }

    private NDArray predict(NDManager step, NDArray images) {
        return Forward.normalised(step, images, x -> predictor.forward(store, onlines.forward(x, null, true), true));
    }

    @Override
    public Optional<LossScaler> lossScaler() {
        return Optional.ofNullable(scaler);
    }

    /** Writes the optimiser's state, the predictor, the target encoder and the step count. */
    @Override
    public void saveState(DataOutputStream out, Optimizer optimizer) throws IOException {
        optimizer.save(out);
        Checkpoint.writeParameters(out, predictor.parameters());
        Checkpoint.writeParameters(out, target.parameters());
        out.writeLong(steps);
    }

    @Override
    public void loadState(DataInputStream in, Optimizer optimizer, Path file) throws IOException {
        optimizer.load(in);
        Checkpoint.readParameters(in, predictor.parameters(), "the predictor", file);
        Checkpoint.readParameters(in, target.parameters(), "the target encoder", file);
        long k = in.readLong();
        if (k < 0) {
            throw new IOException(file + ": corrupt checkpoint: BYOL step count " + k);
        }
        steps = k;
        onlines.broadcastAll();
        targets.broadcastAll();
    }

    @Override
    public void close() {
        predictor.close();
        targets.close();
        onlines.close();
    }
}
