package nsn.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class InfoNceTest {

    /** Two queries, D = 2, K = 2 queue keys, M = 1 non-semantic negative each; values worked out by hand. */
    @Test
    void lossEqualsHandComputedEquation1() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray q = m.create(new float[] {1, 0, 0, 1}, new Shape(2, 2));
            NDArray kPos = m.create(new float[] {0.6f, 0.8f, 0, 1}, new Shape(2, 2));
            NDArray queue = m.create(new float[] {1, 0, -1, 0}, new Shape(2, 2));
            NDArray ns = m.create(new float[] {0.8f, 0.6f, 0.6f, 0.8f}, new Shape(2, 1, 2));
            float tau = 0.5f;
            float alpha = 2f;
            // query 0: pos 0.6, queue {1, -1}, ns 0.8 ; query 1: pos 1, queue {0, 0}, ns 0.8
            double l0 = -Math.log(Math.exp(0.6 / tau) / (Math.exp(0.6 / tau) + Math.exp(alpha * 0.8 / tau)
                    + Math.exp(1 / tau) + Math.exp(-1 / tau)));
            double l1 = -Math.log(Math.exp(1 / tau) / (Math.exp(1 / tau) + Math.exp(alpha * 0.8 / tau)
                    + Math.exp(0) + Math.exp(0)));
            InfoNce loss = new InfoNce(tau, alpha);
            assertEquals((l0 + l1) / 2, loss.loss(q, kPos, queue, ns).getFloat(), 1e-5);

            ContrastiveLogits logits = loss.logits(q, kPos, queue, ns);
            assertEquals(new Shape(2, 4), logits.logits().getShape());
            assertArrayEquals(new float[] {1.2f, 2f, -2f, 3.2f}, logits.logits().get(0).toFloatArray(), 1e-5f);
            assertArrayEquals(new long[] {0, 0}, logits.labels().toLongArray());
        }
    }

    @Test
    void withoutNonSemanticNegativesItIsMocoInfoNce() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray q = m.create(new float[] {1, 0}, new Shape(1, 2));
            NDArray kPos = m.create(new float[] {1, 0}, new Shape(1, 2));
            NDArray queue = m.create(new float[] {0, 1}, new Shape(1, 2));
            double expected = -Math.log(Math.exp(1 / 0.2) / (Math.exp(1 / 0.2) + Math.exp(0)));
            assertEquals(expected, new InfoNce(0.2f, 2f).loss(q, kPos, queue, null).getFloat(), 1e-4);
        }
    }

    @Test
    void alphaRaisesTheLossOfSimilarNonSemanticNegatives() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray q = m.create(new float[] {1, 0}, new Shape(1, 2));
            NDArray kPos = m.create(new float[] {1, 0}, new Shape(1, 2));
            NDArray queue = m.create(new float[] {0, 1}, new Shape(1, 2));
            NDArray ns = m.create(new float[] {0.9f, 0.436f}, new Shape(1, 1, 2));
            float a1 = new InfoNce(0.2f, 1f).loss(q, kPos, queue, ns).getFloat();
            float a3 = new InfoNce(0.2f, 3f).loss(q, kPos, queue, ns).getFloat();
            assertEquals(true, a3 > a1, "alpha 3 should penalise a similar negative more than alpha 1");
        }
    }

    @Test
    void rejectsBadHyperParameters() {
        assertThrows(IllegalArgumentException.class, () -> new InfoNce(0f, 1f));
        assertThrows(IllegalArgumentException.class, () -> new InfoNce(0.2f, -1f));
        assertThrows(IllegalArgumentException.class, () -> new InfoNce(Float.NaN, 1f));
    }
}
