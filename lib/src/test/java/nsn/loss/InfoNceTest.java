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
    void weightModeMultipliesTheExponentialByAlpha() {
        try (NDManager m = NDManager.newBaseManager()) {
            // N = 2, D = 3, K = 2, M = 2.
            NDArray q = m.create(new float[] {1, 0, 0, 0, 0.6f, 0.8f}, new Shape(2, 3));
            NDArray kPos = m.create(new float[] {0.6f, 0.8f, 0, 0, 1, 0}, new Shape(2, 3));
            NDArray queue = m.create(new float[] {0, 0, 1, -1, 0, 0}, new Shape(2, 3));
            NDArray ns = m.create(new float[] {0.8f, 0, 0.6f, 0, 1, 0, 1, 0, 0, 0, 0.8f, 0.6f}, new Shape(2, 2, 3));
            double tau = 0.2;
            double alpha = 3;
            // query 0: pos 0.6, queue {0, -1}, ns {0.8, 0}; query 1: pos 0.6, queue {0.8, 0}, ns {0, 0.96}
            double l0 = -Math.log(Math.exp(0.6 / tau) / (Math.exp(0.6 / tau) + Math.exp(0) + Math.exp(-1 / tau)
                    + alpha * Math.exp(0.8 / tau) + alpha * Math.exp(0)));
            double l1 = -Math.log(Math.exp(0.6 / tau) / (Math.exp(0.6 / tau) + Math.exp(0.8 / tau) + Math.exp(0)
                    + alpha * Math.exp(0) + alpha * Math.exp(0.96 / tau)));
            InfoNce weight = new InfoNce((float) tau, (float) alpha, AlphaMode.WEIGHT);
            assertEquals((l0 + l1) / 2, weight.loss(q, kPos, queue, ns).getFloat(), 1e-4);
            double logit0 = -Math.log(Math.exp(0.6 / tau) / (Math.exp(0.6 / tau) + Math.exp(0) + Math.exp(-1 / tau)
                    + Math.exp(alpha * 0.8 / tau) + Math.exp(0)));
            double logit1 = -Math.log(Math.exp(0.6 / tau) / (Math.exp(0.6 / tau) + Math.exp(0.8 / tau) + Math.exp(0)
                    + Math.exp(0) + Math.exp(alpha * 0.96 / tau)));
            InfoNce logit = new InfoNce((float) tau, (float) alpha, AlphaMode.LOGIT);
            assertEquals((logit0 + logit1) / 2, logit.loss(q, kPos, queue, ns).getFloat(), 1e-4);
            assertEquals(AlphaMode.LOGIT, new InfoNce(0.2f, 2f).alphaMode(), "the two-argument loss is the paper's");
        }
    }

    @Test
    void gradientMovesTheQueryAwayFromItsNonSemanticNegative() {
        for (AlphaMode mode : AlphaMode.values()) {
            try (NDManager m = NDManager.newBaseManager()) {
                // Positive and queue in the first two axes, the negative on the third: only the non-semantic
                // term has a gradient component along it.
                NDArray q = m.create(new float[] {0.6f, 0.8f, 0}, new Shape(1, 3));
                NDArray kPos = m.create(new float[] {1, 0, 0}, new Shape(1, 3));
                NDArray queue = m.create(new float[] {0, 1, 0}, new Shape(1, 3));
                NDArray ns = m.create(new float[] {0, 0, 1}, new Shape(1, 1, 3));
                q.setRequiresGradient(true);
                try (ai.djl.training.GradientCollector c =
                        ai.djl.engine.Engine.getInstance().newGradientCollector()) {
                    c.backward(new InfoNce(0.2f, 2f, mode).loss(q, kPos, queue, ns));
                }
                float[] g = q.getGradient().toFloatArray();
                assertEquals(true, g[2] > 0f, mode + ": gradient along ns " + g[2]);
            }
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
        assertThrows(IllegalArgumentException.class, () -> new InfoNce(0.2f, 0f, AlphaMode.WEIGHT));
    }

    @Test
    void lossLeavesNothingInTheQueuesManager() {
        try (NDManager m = NDManager.newBaseManager(); NDManager queue = m.newSubManager()) {
            NDArray kNeg = queue.create(new float[] {1, 0, 0, 1, 0.6f, 0.8f}, new Shape(3, 2));
            InfoNce loss = new InfoNce(0.5f, 2f);
            for (int step = 0; step < 3; step++) {
                try (NDManager s = m.newSubManager()) {
                    NDArray q = s.create(new float[] {1, 0}, new Shape(1, 2));
                    loss.loss(q, q, kNeg, s.create(new float[] {0, 1}, new Shape(1, 1, 2))).getFloat();
                }
                // the queue's manager holds only the queue: nothing made from it stays there across steps
                assertEquals(1, queue.getManagedArrays().size(), "after step " + step);
            }
        }
    }
}
