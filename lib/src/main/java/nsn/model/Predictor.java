package nsn.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
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

/**
 * BYOL's predictor: {@code (N, D) -> Linear(H) -> BatchNorm -> ReLU -> Linear(D) -> (N, D)}, applied to the
 * online network's projection only (H = 4096, D = 256 in BYOL at ResNet-50 scale).
 */
public final class Predictor implements AutoCloseable {

    private final SequentialBlock block;
    private final List<Parameter> parameters = new ArrayList<>();
    private final NDManager manager;

    private Predictor(int dim, int hidden, NDManager parent, long seed) {
        this.block = new SequentialBlock()
                .add(Linear.builder().setUnits(hidden).build())
                .add(BatchNorm.builder().optMomentum(0.9f).optEpsilon(1e-5f).build())
                .add(Activation.reluBlock())
                .add(Linear.builder().setUnits(dim).build());
        this.manager = parent.newSubManager();
        block.setInitializer(new XavierInitializer(XavierInitializer.RandomType.GAUSSIAN,
                XavierInitializer.FactorType.OUT, 2), Parameter.Type.WEIGHT);
        block.setInitializer(new NormalInitializer(0f), Parameter.Type.BIAS);
        manager.getEngine().setRandomSeed((int) (seed ^ (seed >>> 32)));
        block.initialize(manager, DataType.FLOAT32, new Shape(1, dim));
        for (Pair<String, Parameter> p : block.getParameters()) {
            parameters.add(p.getValue());
        }
    }

    /**
     * Builds and initialises a predictor.
     *
     * @param dim input and output dimension D (the encoder's projection dimension)
     * @param hidden hidden width H
     * @param manager parent manager; the parameters live in a sub-manager closed by {@link #close()}
     * @param seed seed for the engine's parameter initialisation
     */
    public static Predictor create(int dim, int hidden, NDManager manager, long seed) {
        if (dim < 1 || hidden < 1) {
            throw new IllegalArgumentException("predictor dimensions must be positive, got " + dim + " and " + hidden);
        }
        return new Predictor(dim, hidden, manager, seed);
    }

    /** Every parameter, in a fixed order (trainable and BatchNorm running statistics). */
    public List<Parameter> parameters() {
        return parameters;
    }

    /**
     * Runs the predictor.
     *
     * @param ps parameter store
     * @param projections {@code (N, D)}
     * @param training whether BatchNorm uses batch statistics
     * @return predictions {@code (N, D)}, not normalised
     */
    public NDArray forward(ParameterStore ps, NDArray projections, boolean training) {
        return block.forward(ps, new NDList(projections), training).singletonOrThrow();
    }

    @Override
    public void close() {
        manager.close();
    }
}
