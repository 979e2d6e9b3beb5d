package nsn.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A contrastive encoder: a backbone ({@code (N, C, H, W) -> (N, F)}) followed by a projection head
 * ({@code (N, F) -> (N, D)}). MoCo-v2 uses a two-layer MLP head ({@code F -> F -> ReLU -> D}); BYOL's projector
 * has BatchNorm after its hidden layer ({@code F -> H -> BatchNorm -> ReLU -> D}, {@link
 * EncoderConfig#headBatchNorm()}).
 *
 * <p>The backbone is what linear and kNN evaluation read; the head is only used for the contrastive loss.
 * Two encoders built from the same {@link EncoderConfig} have parameters in the same order, which is what
 * {@link #copyFrom} and {@link #momentumUpdateFrom} rely on.
 */
public final class Encoder implements AutoCloseable {

    private final EncoderConfig config;
    private final Block backbone;
    private final Block head;
    private final SequentialBlock block;
    private final List<Parameter> parameters = new ArrayList<>();
    private final FlatParameters trainable;
    private final NDManager manager;

    private Encoder(EncoderConfig config, NDManager parent, long seed) {
        this.config = config;
        this.backbone = config.backbone().build(config);
        this.head = config.mlpHead() ? mlpHead(config)
                : Linear.builder().setUnits(config.projectionDim()).build();
        this.block = new EagerSequentialBlock().add(backbone).add(head);
        this.manager = parent.newSubManager();
        // Kaiming-normal (fan-out) for conv/linear weights, as torchvision initialises ResNets.
        block.setInitializer(new XavierInitializer(XavierInitializer.RandomType.GAUSSIAN,
                XavierInitializer.FactorType.OUT, 2), Parameter.Type.WEIGHT);
        block.setInitializer(new NormalInitializer(0f), Parameter.Type.BIAS);
        manager.getEngine().setRandomSeed((int) (seed ^ (seed >>> 32)));
        block.initialize(manager, DataType.FLOAT32,
                new Shape(1, config.channels(), config.imageSize(), config.imageSize()));
        for (Pair<String, Parameter> p : block.getParameters()) {
            parameters.add(p.getValue());
        }
        this.trainable = FlatParameters.pack(
                parameters.stream().filter(Encoder::isTrainable).collect(Collectors.toList()), manager);
    }

    /** MoCo-v2's Linear → ReLU → Linear, or BYOL's Linear → BatchNorm1d → ReLU → Linear. */
    private static SequentialBlock mlpHead(EncoderConfig config) {
        SequentialBlock mlp = new EagerSequentialBlock().add(Linear.builder().setUnits(config.headHidden()).build());
        if (config.headBatchNorm()) {
            mlp.add(BatchNorm.builder().optMomentum(0.9f).optEpsilon(1e-5f).build());
        }
        return mlp.add(Activation.reluBlock()).add(Linear.builder().setUnits(config.projectionDim()).build());
    }

    /**
     * Builds and initialises an encoder.
     *
     * @param config architecture
     * @param manager parent manager; the encoder's parameters live in a sub-manager closed by {@link #close()}
     * @param seed seed for the engine's parameter initialisation
     */
    public static Encoder create(EncoderConfig config, NDManager manager, long seed) {
        return new Encoder(config, manager, seed);
    }

    /** Architecture of this encoder. */
    public EncoderConfig config() {
        return config;
    }

    /** The backbone followed by the projection head. */
    public Block block() {
        return block;
    }

    /** The backbone alone: {@code (N, C, H, W) -> (N, F)}. */
    public Block backbone() {
        return backbone;
    }

    /** Every parameter, in a fixed order (trainable and BatchNorm running statistics). */
    public List<Parameter> parameters() {
        return parameters;
    }

    /** The trainable parameters, packed into one buffer (in {@link #parameters()} order). */
    public FlatParameters trainable() {
        return trainable;
    }

    /** Whether a parameter is learned by gradient descent (BatchNorm running statistics are not). */
    public static boolean isTrainable(Parameter p) {
        return p.getType() != Parameter.Type.RUNNING_MEAN && p.getType() != Parameter.Type.RUNNING_VAR;
    }

    /**
     * Runs the full encoder (backbone and head).
     *
     * @param ps parameter store
     * @param images {@code (N, C, H, W)}
     * @param training whether BatchNorm uses batch statistics (and updates its running statistics)
     * @return projections {@code (N, D)}, not normalised
     */
    public NDArray forward(ParameterStore ps, NDArray images, boolean training) {
        return block.forward(ps, new NDList(images), training).singletonOrThrow();
    }

    /**
     * Runs the full encoder in {@code precision}: with {@link Precision#BF16} the input and every convolution and
     * linear weight and bias are cast to bfloat16 for this pass (the casts are differentiable, so inside a gradient
     * collector the float32 parameters get float32 gradients), BatchNorm uses its float32 parameters and running
     * statistics, and the output is cast back to float32. The casts live in {@code images}' manager.
     *
     * @param ps parameter store for {@link Precision#FP32}; a mixed-precision pass uses a store of its own, since a
     *     store remembers the arrays it has handed out
     * @param images {@code (N, C, H, W)} float32
     * @param training whether BatchNorm uses batch statistics (and updates its running statistics)
     * @param precision the arithmetic
     * @return projections {@code (N, D)}, float32, not normalised
     */
    public NDArray forward(ParameterStore ps, NDArray images, boolean training, Precision precision) {
        return precision == Precision.FP32 ? forward(ps, images, training)
                : forwardIn(images, training, precision.compute());
    }

    /**
     * The mixed-precision pass of {@link #forward(ParameterStore, NDArray, boolean, Precision)} computing in any
     * floating type: {@link DataType#BFLOAT16} for {@link Precision#BF16}, {@link DataType#FLOAT16} for {@link
     * Precision#FP16} (which DJL's own JNI supports, unlike bfloat16, so the tests exercise this path with it on any
     * machine).
     *
     * @param images {@code (N, C, H, W)} float32
     * @param training whether BatchNorm uses batch statistics
     * @param type the type of the convolutions and linear layers
     * @return projections {@code (N, D)}, float32
     */
    public NDArray forwardIn(NDArray images, boolean training, DataType type) {
        NDManager m = images.getManager();
        List<Parameter> cast = new ArrayList<>();
        List<NDArray> originals = new ArrayList<>();
        try {
            for (Parameter p : parameters) {
                if (p.getType() == Parameter.Type.WEIGHT || p.getType() == Parameter.Type.BIAS) {
                    NDArray a = p.getArray();
                    NDArray low = Differentiable.copy(a, type, a.getDevice()); // gradient flows back to a
                    low.attach(m);
                    cast.add(p);
                    originals.add(a);
                    FlatParameters.setArray(p, low);
                }
            }
            NDArray x = images.toType(type, false);
            // a store of its own (a store remembers the arrays it handed out), on this encoder's device
            NDArray out = block.forward(new ParameterStore(manager, false), new NDList(x), training)
                    .singletonOrThrow();
            return Differentiable.copy(out, DataType.FLOAT32, out.getDevice());
        } finally {
            for (int i = 0; i < cast.size(); i++) {
                FlatParameters.setArray(cast.get(i), originals.get(i));
            }
        }
    }

    /** Runs the backbone only, returning features {@code (N, F)}. */
    public NDArray features(ParameterStore ps, NDArray images, boolean training) {
        return backbone.forward(ps, new NDList(images), training).singletonOrThrow();
    }

    /** Copies every parameter (and running statistic) of {@code other} into this encoder, in place. */
    public void copyFrom(Encoder other) {
        checkSameArchitecture(other);
        for (int i = 0; i < parameters.size(); i++) {
            FlatParameters.copyInto(parameters.get(i).getArray(), other.parameters.get(i).getArray());
        }
    }

    /**
     * Momentum update {@code θ_k ← m·θ_k + (1 − m)·θ_q} of the trainable parameters; BatchNorm running
     * statistics keep their own updates, as in MoCo's {@code _momentum_update_key_encoder}.
     */
    public void momentumUpdateFrom(Encoder query, float momentum) {
        checkSameArchitecture(query);
        try (NDArray scaledQ = Scalars.mul(query.trainable.values(), 1f - momentum)) { // (P,)
            Scalars.muli(trainable.values(), momentum).addi(scaledQ);
        }
    }

    /** Turns gradient tracking off for every parameter (the key encoder gets no gradient). */
    public void freeze() {
        for (Parameter p : parameters) {
            p.getArray().setRequiresGradient(false);
        }
    }

    private void checkSameArchitecture(Encoder other) {
        if (!config.equals(other.config)) {
            throw new IllegalArgumentException(
                    "encoders differ in architecture: " + config + " vs " + other.config);
        }
    }

    @Override
    public void close() {
        trainable.close();
        manager.close();
    }
}
