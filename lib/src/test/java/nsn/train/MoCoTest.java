package nsn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import nsn.model.Encoder;
import nsn.model.EncoderConfig;
import nsn.model.ResNet;
import org.junit.jupiter.api.Test;

class MoCoTest {

    static final EncoderConfig TINY = new EncoderConfig(10, 16, ResNet.Stem.SMALL, 1, 12, 8, true);

    static List<float[]> snapshot(Encoder e) {
        List<float[]> out = new ArrayList<>();
        for (Parameter p : e.parameters()) {
            out.add(p.getArray().toFloatArray());
        }
        return out;
    }

    static NDArray images(NDManager m, int n, long seed) {
        Random r = new Random(seed);
        float[] v = new float[n * 12 * 12];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return m.create(v, new Shape(n, 1, 12, 12));
    }

    @Test
    void keyEncoderFollowsQueryByMomentumAndGetsNoGradient() {
        float momentum = 0.9f;
        try (NDManager m = NDManager.newBaseManager();
                MoCo moco = new MoCo(new MocoConfig(8, momentum, 0.2f, 2f, 1), TINY, m, 7)) {
            assertEquals(snapshot(moco.queryEncoder()).size(), snapshot(moco.keyEncoder()).size());
            List<float[]> q0 = snapshot(moco.queryEncoder());
            List<float[]> k0 = snapshot(moco.keyEncoder());
            for (int i = 0; i < q0.size(); i++) {
                assertArrayEquals(q0.get(i), k0.get(i), "key encoder starts as a copy of the query encoder");
            }
            Sgd sgd = new Sgd(moco.trainableParameters(), 0.9f, 1e-4f);
            try (NDManager step = m.newSubManager()) {
                moco.trainStep(step, images(step, 4, 1), images(step, 4, 2), images(step, 4, 3), sgd, 0.1f);
            }
            assertEquals(4, moco.queue().pointer());
            List<float[]> q1 = snapshot(moco.queryEncoder());
            List<float[]> k1 = snapshot(moco.keyEncoder());
            boolean queryChanged = false;
            for (int i = 0; i < q0.size(); i++) {
                queryChanged |= !java.util.Arrays.equals(q0.get(i), q1.get(i));
            }
            assertTrue(queryChanged, "the query encoder is trained");

            float loss;
            try (NDManager step = m.newSubManager()) {
                loss = moco.trainStep(step, images(step, 4, 4), images(step, 4, 5), images(step, 4, 6), sgd, 0.1f);
            }
            assertTrue(Float.isFinite(loss));
            List<Parameter> keyParams = moco.keyEncoder().parameters();
            List<float[]> k2 = snapshot(moco.keyEncoder());
            for (int i = 0; i < keyParams.size(); i++) {
                Parameter p = keyParams.get(i);
                assertFalse(p.getArray().hasGradient(), "key parameter " + p.getName() + " must get no gradient");
                if (!Encoder.isTrainable(p)) {
                    continue; // BatchNorm running statistics follow the key encoder's own forward passes
                }
                float[] expected = new float[k1.get(i).length];
                for (int j = 0; j < expected.length; j++) {
                    expected[j] = momentum * k1.get(i)[j] + (1 - momentum) * q1.get(i)[j];
                }
                assertArrayEquals(expected, k2.get(i), 1e-6f, "momentum update of " + p.getName());
            }
            assertEquals(0, moco.queue().pointer(), "8-key queue wraps after two batches of 4");
        }
    }

    @Test
    void nonSemanticTermChangesTheLoss() {
        float withNs;
        float withoutNs;
        try (NDManager m = NDManager.newBaseManager();
                MoCo moco = new MoCo(new MocoConfig(8, 0.99f, 0.2f, 3f, 1), TINY, m, 7)) {
            Sgd sgd = new Sgd(moco.trainableParameters(), 0.9f, 0f);
            try (NDManager step = m.newSubManager()) {
                NDArray x = images(step, 4, 1);
                withNs = moco.trainStep(step, x, x, x, sgd, 1e-9f);
            }
        }
        try (NDManager m = NDManager.newBaseManager();
                MoCo moco = new MoCo(new MocoConfig(8, 0.99f, 0.2f, 3f, 0), TINY, m, 7)) {
            Sgd sgd = new Sgd(moco.trainableParameters(), 0.9f, 0f);
            try (NDManager step = m.newSubManager()) {
                NDArray x = images(step, 4, 1);
                withoutNs = moco.trainStep(step, x, x, null, sgd, 1e-9f);
            }
        }
        // Identical non-semantic negatives and positives: the alpha term adds exp(3/0.2)-sized mass.
        assertNotEquals(withoutNs, withNs, 1e-3f);
        assertTrue(withNs > withoutNs);
    }
}
