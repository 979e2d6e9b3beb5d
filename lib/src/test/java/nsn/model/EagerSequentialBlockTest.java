package nsn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import java.util.List;
import org.junit.jupiter.api.Test;

class EagerSequentialBlockTest {

    @Test
    void closesEachIntermediateOnceConsumedButNotInputsOrPassedThroughArrays() {
        try (NDManager m = NDManager.newBaseManager(); NDManager f = m.newSubManager()) {
            SequentialBlock block = new EagerSequentialBlock()
                    .add(new LambdaBlock(l -> new NDList(l.singletonOrThrow().add(1f)))) // a = x + 1
                    .add(Blocks.identityBlock()) // a passes through
                    .add(new LambdaBlock(l -> new NDList(l.singletonOrThrow().mul(2f)))); // b = 2a
            NDArray x = f.create(new float[] {1f, 2f});
            NDArray out = block.forward(new ParameterStore(f, false), new NDList(x), false).singletonOrThrow();
            assertArrayEquals(new float[] {4f, 6f}, out.toFloatArray());
            List<NDArray> open = f.getManagedArrays();
            assertEquals(2, open.size(), "only the input and the output stay open: " + open);
            assertTrue(open.contains(x) && open.contains(out));
        }
    }

    @Test
    void anIdentityBlockReturnsItsOpenInput() {
        try (NDManager m = NDManager.newBaseManager()) {
            SequentialBlock block = new EagerSequentialBlock().add(Blocks.identityBlock()).add(Blocks.identityBlock());
            NDArray x = m.create(new float[] {1f, 2f});
            NDArray out = block.forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow();
            assertArrayEquals(new float[] {1f, 2f}, out.toFloatArray()); // not closed on the way
        }
    }

    @Test
    void aResNetForwardKeepsOnlyItsInputAndOutputOpen() {
        for (boolean training : new boolean[] {false, true}) {
            try (NDManager m = NDManager.newBaseManager()) {
                Block net = ResNet.backbone(10, 4, ResNet.Stem.IMAGENET); // projected and identity shortcuts, pooling
                net.setInitializer(new NormalInitializer(0.1f), ai.djl.nn.Parameter.Type.WEIGHT);
                net.initialize(m, DataType.FLOAT32, new Shape(2, 3, 32, 32));
                try (NDManager f = m.newSubManager()) {
                    NDArray x = f.randomNormal(new Shape(2, 3, 32, 32));
                    NDArray out = net.forward(new ParameterStore(f, false), new NDList(x), training)
                            .singletonOrThrow();
                    assertEquals(new Shape(2, 32), out.getShape());
                    assertEquals(2, f.getManagedArrays().size(), "training " + training + ": "
                            + f.getManagedArrays().size() + " arrays open after the forward");
                    assertFalse(Float.isNaN(out.sum().getFloat()));
                }
            }
        }
    }

    /** The same child blocks (so the same parameters) under DJL's SequentialBlock and the eager one. */
    @Test
    void outputsAndGradientsEqualASequentialBlocks() {
        try (NDManager m = NDManager.newBaseManager()) {
            List<Block> children = List.of(Linear.builder().setUnits(8).build(),
                    BatchNorm.builder().build(), Activation.reluBlock(), Linear.builder().setUnits(3).build());
            SequentialBlock plain = new SequentialBlock().addAll(children);
            SequentialBlock eager = new EagerSequentialBlock().addAll(children);
            plain.initialize(m, DataType.FLOAT32, new Shape(4, 5));
            NDArray x = m.randomNormal(new Shape(4, 5));
            float[][] outs = new float[2][];
            float[][] grads = new float[2][];
            SequentialBlock[] blocks = {plain, eager};
            for (int i = 0; i < 2; i++) {
                try (NDManager f = m.newSubManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    x.tempAttach(f);
                    NDArray out = blocks[i].forward(new ParameterStore(f, false), new NDList(x), true)
                            .singletonOrThrow();
                    outs[i] = out.toFloatArray();
                    gc.backward(out.square().sum());
                    NDArray w = children.get(0).getParameters().get(0).getValue().getArray();
                    try (NDArray g = w.getGradient()) {
                        grads[i] = g.toFloatArray();
                        g.subi(g);
                    }
                }
            }
            assertArrayEquals(outs[0], outs[1]);
            assertArrayEquals(grads[0], grads[1]);
            assertTrue(Math.abs(grads[0][0]) + Math.abs(grads[0][1]) > 0f, "a gradient to compare");
        }
    }
}
