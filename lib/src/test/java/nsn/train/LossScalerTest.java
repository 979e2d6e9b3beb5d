package nsn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import nsn.model.Encoder;
import nsn.model.EncoderConfig;
import nsn.model.ResNet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Dynamic loss scaling on the real engine: exact unscaling, skipped steps, growth, checkpointed state. */
class LossScalerTest {

    static final EncoderConfig NET = new EncoderConfig(10, 8, ResNet.Stem.SMALL, 3, 8, 8, true);

    /** Backward of {@code mean(out²)}·{@code factor} (or unscaled through {@code scaler} when it is given). */
    static void backward(Encoder e, NDManager m, LossScaler scaler) {
        try (NDManager step = m.newSubManager()) {
            Random r = new Random(5);
            float[] v = new float[4 * 3 * 8 * 8];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) r.nextGaussian();
            }
            NDArray x = step.create(v, new Shape(4, 3, 8, 8));
            try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                NDArray l = e.forward(new ParameterStore(step, false), x, true).square().mean();
                c.backward(scaler == null ? l : scaler.scaled(l));
            }
        }
    }

    static List<float[]> trainable(Encoder e) {
        return e.trainable().parameters().stream().map(p -> p.getArray().toFloatArray()).toList();
    }

    static byte[] state(Optimizer o) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        o.save(new DataOutputStream(b));
        return b.toByteArray();
    }

    /** SGD (its packed fast path) or LARS (the interface's per-parameter path) over an encoder's parameters. */
    static Optimizer optimizer(String kind, Encoder e) {
        return kind.equals("sgd") ? new Sgd(e.trainable().parameters(), 0.9f, 1e-4f)
                : new Lars(e.trainable().parameters(), 0.9f, 1e-4f, 0.02f, true);
    }

    /** A scaled backward, unscaled, gives the same step to the bit: the scale is a power of two. */
    @ParameterizedTest
    @ValueSource(strings = {"sgd", "lars"})
    void aScaledStepEqualsAnUnscaledOne(String kind) {
        try (NDManager m = NDManager.newBaseManager(); Encoder plain = Encoder.create(NET, m, 3);
                Encoder scaled = Encoder.create(NET, m, 3)) {
            Optimizer a = optimizer(kind, plain);
            Optimizer b = optimizer(kind, scaled);
            LossScaler scaler = new LossScaler();
            for (int step = 0; step < 3; step++) {
                backward(plain, m, null);
                a.step(0.1f);
                backward(scaled, m, scaler);
                assertTrue(scaler.step(b, 0.1f), "finite gradients: the step is applied");
            }
            assertEquals(MoCoTest.snapshot(plain).size(), MoCoTest.snapshot(scaled).size());
            for (int i = 0; i < MoCoTest.snapshot(plain).size(); i++) {
                assertArrayEquals(MoCoTest.snapshot(plain).get(i), MoCoTest.snapshot(scaled).get(i), "array " + i);
            }
            assertEquals(LossScaler.INITIAL_SCALE, scaler.scale());
            assertEquals(3, scaler.goodSteps());
        }
    }

    /**
     * A NaN gradient skips the step — parameters and momentum untouched, gradients zeroed (not left NaN, or every
     * later step would be skipped too) — and halves the scale; the next step is applied.
     */
    @ParameterizedTest
    @ValueSource(strings = {"sgd", "lars"})
    void aNonFiniteGradientSkipsTheStepAndHalvesTheScale(String kind) throws IOException {
        try (NDManager m = NDManager.newBaseManager(); Encoder e = Encoder.create(NET, m, 3)) {
            Optimizer sgd = optimizer(kind, e);
            LossScaler scaler = new LossScaler(1024f, 100);
            backward(e, m, scaler);
            assertTrue(scaler.step(sgd, 0.1f));
            List<float[]> before = trainable(e);
            byte[] momentum = state(sgd);
            backward(e, m, scaler);
            Parameter p = e.trainable().parameters().get(2);
            try (NDArray g = p.getArray().getGradient()) {
                g.set(new NDIndex("0"), Float.NaN);
            }
            assertFalse(scaler.step(sgd, 0.1f), "a NaN gradient skips the step");
            assertEquals(512f, scaler.scale());
            assertEquals(0, scaler.goodSteps());
            assertEquals(1, scaler.skipped());
            List<float[]> after = trainable(e); // (the forward moved BatchNorm's running statistics)
            for (int i = 0; i < before.size(); i++) {
                assertArrayEquals(before.get(i), after.get(i), "parameter " + i + " left as it was");
            }
            assertArrayEquals(momentum, state(sgd), "momentum left as it was");
            for (Parameter q : e.trainable().parameters()) {
                for (float v : q.getArray().getGradient().toFloatArray()) {
                    assertEquals(0f, v, q.getName() + "'s gradient is zeroed");
                }
            }
            backward(e, m, scaler);
            assertTrue(scaler.step(sgd, 0.1f), "the next step is applied");
            assertEquals(1, scaler.goodSteps());
        }
    }

    @Test
    void theScaleDoublesAfterTheGrowthIntervalAndIsCheckpointed() throws IOException {
        try (NDManager m = NDManager.newBaseManager(); Encoder e = Encoder.create(NET, m, 3)) {
            Sgd sgd = new Sgd(e.trainable().parameters(), 0.9f, 0f);
            LossScaler scaler = new LossScaler(4f, 2);
            for (int i = 0; i < 3; i++) {
                backward(e, m, scaler);
                assertTrue(scaler.step(sgd, 0.01f));
            }
            assertEquals(8f, scaler.scale(), "doubled after 2 good steps");
            assertEquals(1, scaler.goodSteps());
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            scaler.save(new DataOutputStream(b));
            LossScaler back = new LossScaler(4f, 2);
            back.load(new DataInputStream(new ByteArrayInputStream(b.toByteArray())), Path.of("ckpt"));
            assertEquals(8f, back.scale());
            assertEquals(1, back.goodSteps());
            ByteArrayOutputStream bad = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bad);
            out.writeFloat(3f);
            out.writeInt(0);
            IOException x = assertThrows(IOException.class,
                    () -> back.load(new DataInputStream(new ByteArrayInputStream(bad.toByteArray())), Path.of("c")));
            assertTrue(x.getMessage().contains("c: corrupt checkpoint: loss scale 3.0"), x.getMessage());
        }
    }

    @Test
    void badSettingsAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new LossScaler(1000f, 10));
        assertTrue(e.getMessage().contains("power of two"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new LossScaler(8f, 0));
        assertTrue(e.getMessage().contains("growth interval must be positive"), e.getMessage());
    }
}
