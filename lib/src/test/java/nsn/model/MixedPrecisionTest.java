package nsn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mixed-precision forward pass, exercised in float16 (DJL's own JNI has no bfloat16; the code path is the same
 * for both types; float16's loss scaling is {@code nsn.train.LossScalerTest}'s): the casts are differentiable, the float32 parameters get float32 gradients close to those of a
 * float32 pass, and the parameters are left as they were.
 */
class MixedPrecisionTest {

    static final EncoderConfig NET = new EncoderConfig(10, 16, ResNet.Stem.SMALL, 3, 16, 8, true);

    static NDArray images(NDManager m, int n) {
        Random r = new Random(3);
        float[] v = new float[n * 3 * 16 * 16];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return m.create(v, new Shape(n, 3, 16, 16));
    }

    /** The gradients of {@code mean(out²)} for every trainable parameter, joined. */
    static float[] gradients(Encoder e, NDManager m, DataType type) {
        try (NDManager step = m.newSubManager()) {
            NDArray x = images(step, 16);
            try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                NDArray out = type == DataType.FLOAT32 ? e.forward(new ParameterStore(step, false), x, true)
                        : e.forwardIn(x, true, type);
                assertEquals(DataType.FLOAT32, out.getDataType(), "the output is cast back to float32");
                c.backward(out.square().mean());
            }
            List<Float> all = new ArrayList<>();
            for (Parameter p : e.trainable().parameters()) {
                NDArray g = p.getArray().getGradient();
                assertEquals(DataType.FLOAT32, g.getDataType(), p.getName());
                for (float v : g.toFloatArray()) {
                    all.add(v);
                }
                g.subi(g);
            }
            float[] out = new float[all.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = all.get(i);
            }
            return out;
        }
    }

    @Test
    void halfPrecisionPassGivesFloat32GradientsCloseToFloat32s() {
        try (NDManager m = NDManager.newBaseManager(); Encoder e = Encoder.create(NET, m, 1)) {
            List<NDArray> arrays = new ArrayList<>();
            for (Parameter p : e.parameters()) {
                arrays.add(p.getArray());
            }
            float[] full = gradients(e, m, DataType.FLOAT32);
            float[] half = gradients(e, m, DataType.FLOAT16);
            double dot = 0;
            double a = 0;
            double b = 0;
            for (int i = 0; i < full.length; i++) {
                dot += (double) full[i] * half[i];
                a += (double) full[i] * full[i];
                b += (double) half[i] * half[i];
            }
            double cosine = dot / Math.sqrt(a * b);
            assertTrue(a > 0, "real gradients");
            assertTrue(cosine > 0.99, "cosine of the float16 and float32 gradients: " + cosine);
            assertEquals(Math.sqrt(a), Math.sqrt(b), 0.02 * Math.sqrt(a), "gradient norms");
            for (int i = 0; i < arrays.size(); i++) {
                Parameter p = e.parameters().get(i);
                assertSame(arrays.get(i), p.getArray(), "parameter " + p.getName() + " is restored after the pass");
                assertEquals(DataType.FLOAT32, p.getArray().getDataType());
            }
            FlatParametersTest.assertViews(e);
        }
    }

    @Test
    void halfPrecisionOutputIsCloseToFloat32s() {
        try (NDManager m = NDManager.newBaseManager(); Encoder e = Encoder.create(NET, m, 1)) {
            NDArray x = images(m, 8);
            float[] full = e.forward(new ParameterStore(m, false), x, false).toFloatArray();
            float[] half = e.forwardIn(x, false, DataType.FLOAT16).toFloatArray();
            double err = 0;
            double norm = 0;
            for (int i = 0; i < full.length; i++) {
                err += (full[i] - half[i]) * (full[i] - half[i]);
                norm += full[i] * full[i];
            }
            assertTrue(Math.sqrt(err / norm) < 1e-2, "relative error " + Math.sqrt(err / norm));
        }
    }

    @Test
    void differentiableCopyCarriesTheGradientAcrossTypes() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w = m.create(new float[] {1f, -2f, 3f});
            w.setRequiresGradient(true);
            try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                NDArray h = Differentiable.copy(w, DataType.FLOAT16, w.getDevice()); // (3,) float16
                assertEquals(DataType.FLOAT16, h.getDataType());
                NDArray back = Differentiable.copy(h.mul(2), DataType.FLOAT32, w.getDevice());
                c.backward(back.sum());
            }
            float[] g = w.getGradient().toFloatArray();
            assertEquals(3, g.length);
            for (float v : g) {
                assertEquals(2f, v, "d(sum 2w)/dw through two casts");
            }
            assertSame(w, Differentiable.copy(w, DataType.FLOAT32, w.getDevice()));
        }
    }

    @Test
    void bf16NeedsAJniThatSaysItHasBfloat16(@TempDir Path tmp) throws IOException {
        assertTrue(Precision.FP32.problem(Map.of()).isEmpty());
        String none = Precision.BF16.problem(Map.of()).orElseThrow();
        assertTrue(none.contains("bench/build-djl-jni.sh") && none.contains("PYTORCH_LIBRARY_PATH is not set"), none);
        Map<String, String> env = Map.of("PYTORCH_LIBRARY_PATH", tmp.toString());
        assertTrue(Precision.BF16.problem(env).orElseThrow().contains(Precision.JNI_FEATURES));
        Files.writeString(tmp.resolve(Precision.JNI_FEATURES), "bfloat16\n");
        assertTrue(Precision.BF16.problem(env).isEmpty());
        assertEquals(Precision.BF16, Precision.of(" BF16 "));
        assertEquals(Precision.FP32, Precision.of("float32"));
        assertEquals(Precision.FP16, Precision.of("float16"));
        assertTrue(Precision.FP16.problem(Map.of()).isEmpty(), "float16 is in DJL's own JNI");
        assertTrue(Precision.FP16.scalesLoss() && !Precision.BF16.scalesLoss() && !Precision.FP32.scalesLoss());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Precision.of("fp8"));
        assertTrue(e.getMessage().contains("expected fp32, bf16 or fp16"), e.getMessage());
    }
}
