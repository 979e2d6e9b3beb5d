package nsn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.junit.jupiter.api.Test;

/** LARS on hand-computed two-step examples: a 2-D weight is adapted, 1-D biases and BatchNorm γ are not. */
class LarsTest {

    static Parameter param(NDManager m, String name, Parameter.Type type, float[] values, Shape shape) {
        NDArray a = m.create(values, shape);
        a.setRequiresGradient(true);
        Parameter p = Parameter.builder().setName(name).setType(type).build();
        p.setArray(a);
        return p;
    }

    /** Gives each parameter the gradient {@code grads[i]} (backward of Σ θ·g). */
    static void setGradients(NDManager m, List<Parameter> params, float[]... grads) {
        try (NDManager step = m.newSubManager();
                GradientCollector c = Engine.getInstance().newGradientCollector()) {
            NDArray loss = null;
            for (int i = 0; i < params.size(); i++) {
                NDArray w = params.get(i).getArray();
                NDArray term = w.mul(step.create(grads[i], w.getShape())).sum();
                loss = loss == null ? term : loss.add(term);
            }
            c.backward(loss);
        }
    }

    @Test
    void adaptsWeightsByTheTrustRatioAndLeavesBiasesAndNormsAsPlainSgd() {
        float eta = 0.01f;
        float wd = 0.1f;
        float mu = 0.9f;
        float lr = 0.5f;
        float[] gw = {0.6f, 0.8f}; // ‖g‖ = 1
        float[] gb = {0.5f, -0.5f};
        float[] gg = {0.25f, 1f};
        try (NDManager m = NDManager.newBaseManager()) {
            Parameter w = param(m, "w", Parameter.Type.WEIGHT, new float[] {3f, 4f}, new Shape(1, 2)); // ‖w‖ = 5
            Parameter b = param(m, "b", Parameter.Type.BIAS, new float[] {1f, 2f}, new Shape(2));
            Parameter gamma = param(m, "gamma", Parameter.Type.GAMMA, new float[] {1f, 1f}, new Shape(2));
            List<Parameter> params = List.of(w, b, gamma);
            assertFalse(Lars.excluded(w));
            assertTrue(Lars.excluded(b) && Lars.excluded(gamma), "biases and BatchNorm parameters");
            Optimizer lars = OptimizerConfig.lars(eta, false).create(params, mu, wd);
            assertTrue(lars instanceof Lars);

            // Step 1: r = 0.01·5 / (1 + 0.1·5) = 1/30; d = r·(g + 0.1·w) = (0.9, 1.2)/30 = (0.03, 0.04);
            // w ← w − 0.5·d = (2.985, 3.98). Biases and γ: d = g, no weight decay: b ← (1, 2) − 0.5·(0.5, −0.5).
            setGradients(m, params, gw, gb, gg);
            lars.step(lr);
            assertArrayEquals(new float[] {2.985f, 3.98f}, w.getArray().toFloatArray(), 1e-6f);
            assertArrayEquals(new float[] {0.75f, 2.25f}, b.getArray().toFloatArray(), 0f);
            assertArrayEquals(new float[] {0.875f, 0.5f}, gamma.getArray().toFloatArray(), 0f);
            assertArrayEquals(new float[] {0f, 0f}, w.getArray().getGradient().toFloatArray(), 0f, "zeroed");

            // Step 2, same gradients, in float math: the buffers carry μ times step 1's d.
            float w0 = 2.985f;
            float w1 = 3.98f;
            float wNorm = (float) Math.sqrt(w0 * w0 + w1 * w1); // 4.975
            float r = eta * wNorm / (1f + wd * wNorm + Lars.EPS);
            float buf0 = mu * 0.03f + r * (gw[0] + wd * w0);
            float buf1 = mu * 0.04f + r * (gw[1] + wd * w1);
            setGradients(m, params, gw, gb, gg);
            lars.step(lr);
            assertArrayEquals(new float[] {w0 - lr * buf0, w1 - lr * buf1}, w.getArray().toFloatArray(), 1e-6f);
            // Biases: buffer 0.9·(0.5, −0.5) + (0.5, −0.5) = (0.95, −0.95); b ← (0.75, 2.25) − 0.5·(0.95, −0.95).
            assertArrayEquals(new float[] {0.275f, 2.725f}, b.getArray().toFloatArray(), 1e-6f);
            assertArrayEquals(new float[] {0.875f - lr * (mu * 0.25f + 0.25f), 0.5f - lr * (mu * 1f + 1f)},
                    gamma.getArray().toFloatArray(), 1e-6f);
        }
    }

    @Test
    void clippingCapsTheLayerRateAtTheGlobalRate() {
        try (NDManager m = NDManager.newBaseManager()) {
            Parameter w = param(m, "w", Parameter.Type.WEIGHT, new float[] {3f, 4f}, new Shape(1, 2));
            Parameter plain = param(m, "v", Parameter.Type.WEIGHT, new float[] {3f, 4f}, new Shape(1, 2));
            Optimizer clipped = OptimizerConfig.lars(0.01f, true).create(List.of(w), 0.9f, 0.1f);
            Optimizer unclipped = OptimizerConfig.lars(0.01f, false).create(List.of(plain), 0.9f, 0.1f);
            float lr = 0.01f;
            setGradients(m, List.of(w), new float[] {0.6f, 0.8f});
            clipped.step(lr);
            setGradients(m, List.of(plain), new float[] {0.6f, 0.8f});
            unclipped.step(lr);
            // r = 1/30 > lr: clipped, min(r/lr, 1) = 1, so w ← w − 0.01·(0.9, 1.2); unclipped, w ← w − 0.01·r·(…).
            assertArrayEquals(new float[] {2.991f, 3.988f}, w.getArray().toFloatArray(), 1e-6f);
            assertArrayEquals(new float[] {3f - 0.01f * 0.03f, 4f - 0.01f * 0.04f}, plain.getArray().toFloatArray(),
                    1e-6f);
        }
    }

    @Test
    void zeroWeightsAreNotAdaptedAndGetNoWeightDecay() {
        try (NDManager m = NDManager.newBaseManager()) {
            Parameter w = param(m, "w", Parameter.Type.WEIGHT, new float[] {0f, 0f}, new Shape(1, 2));
            Optimizer lars = OptimizerConfig.lars().create(List.of(w), 0.9f, 0.1f);
            setGradients(m, List.of(w), new float[] {0.6f, 0.8f});
            lars.step(0.5f);
            assertArrayEquals(new float[] {-0.3f, -0.4f}, w.getArray().toFloatArray(), 1e-7f);
        }
    }

    /**
     * The trust ratio computed on the device gives the update of the host formula ({@link Lars#trustRatio}) to the
     * bit: the same float operations in the same order.
     */
    @Test
    void theDeviceTrustRatioIsTheHostFormulaToTheBit() {
        java.util.Random rnd = new java.util.Random(7);
        float[] w0 = new float[24];
        float[] g = new float[24];
        for (int i = 0; i < w0.length; i++) {
            w0[i] = (float) rnd.nextGaussian();
            g[i] = (float) rnd.nextGaussian() * 0.01f;
        }
        for (boolean clip : new boolean[] {false, true}) {
            try (NDManager m = NDManager.newBaseManager()) {
                Parameter w = param(m, "w", Parameter.Type.WEIGHT, w0.clone(), new Shape(4, 6));
                Lars lars = new Lars(List.of(w), 0.9f, 1e-4f, 0.02f, clip);
                float lr = 0.3f;
                setGradients(m, List.of(w), g);
                float wNorm = w.getArray().norm().getFloat();
                float gNorm = w.getArray().getGradient().norm().getFloat();
                float r = lars.trustRatio(wNorm, gNorm, lr);
                lars.step(lr);
                float[] expected = new float[w0.length];
                for (int i = 0; i < w0.length; i++) {
                    float d = (g[i] + w0[i] * 1e-4f) * r; // the first step's buffer: 0·μ + d
                    expected[i] = w0[i] - d * lr;
                }
                assertArrayEquals(expected, w.getArray().toFloatArray(), 0f, "clip " + clip);
            }
        }
    }

    /**
     * A step on a thread of its own, where PyTorch's grad mode is on (the default for any thread but the engine's
     * first): the in-place update must not be refused as a write into a leaf that requires gradient.
     */
    @Test
    void stepsOnAnotherThread() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            Parameter w = param(m, "w", Parameter.Type.WEIGHT, new float[] {3f, 4f}, new Shape(1, 2));
            Parameter b = param(m, "b", Parameter.Type.BIAS, new float[] {1f, 2f}, new Shape(2));
            Optimizer lars = OptimizerConfig.lars(0.01f, false).create(List.of(w, b), 0.9f, 0.1f);
            setGradients(m, List.of(w, b), new float[] {0.6f, 0.8f}, new float[] {0.5f, -0.5f});
            java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic
                    .AtomicReference<>();
            Thread t = new Thread(() -> {
                try {
                    lars.step(0.5f);
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            t.start();
            t.join();
            if (failure.get() != null) {
                throw new AssertionError("LARS step on another thread failed", failure.get());
            }
            assertArrayEquals(new float[] {2.985f, 3.98f}, w.getArray().toFloatArray(), 1e-6f);
            assertArrayEquals(new float[] {0.75f, 2.25f}, b.getArray().toFloatArray(), 0f);
        }
    }

    @Test
    void configValidatesAndDefaultsToBoylsEta() {
        assertEquals(0.001f, OptimizerConfig.lars().trustCoefficient());
        assertFalse(OptimizerConfig.lars().clip());
        assertEquals(OptimizerConfig.Kind.LARS, OptimizerConfig.Kind.of("LARS"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OptimizerConfig.Kind.of("adam"));
        assertTrue(e.getMessage().contains("optimizer must be sgd or lars, got 'adam'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> OptimizerConfig.lars(0f, false));
        assertTrue(e.getMessage().contains("trust coefficient eta must be in (0, 1]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new OptimizerConfig(OptimizerConfig.Kind.SGD, 0.001f, false));
        assertTrue(e.getMessage().contains("LARS settings"), e.getMessage());
        try (NDManager m = NDManager.newBaseManager()) {
            Parameter w = param(m, "w", Parameter.Type.WEIGHT, new float[] {1f}, new Shape(1, 1));
            assertTrue(OptimizerConfig.sgd().create(List.of(w), 0.9f, 0f) instanceof Sgd);
        }
    }
}
