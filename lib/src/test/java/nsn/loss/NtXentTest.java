package nsn.loss;

import static nsn.loss.LossMath.dot;
import static nsn.loss.LossMath.unit;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

class NtXentTest {

    // N = 3 images, D = 4, M = 2 non-semantic negatives each.
    static final double[][] Z1 = {unit(1, 0.2, 0, 0.1), unit(0, 1, 0.3, 0), unit(0.5, -0.5, 1, 0.2)};
    static final double[][] Z2 = {unit(0.9, 0.1, 0.2, 0), unit(0.1, 0.8, 0, 0.4), unit(0.3, -0.2, 1, 0)};
    static final double[][][] NS = {
        {unit(1, 1, 0, 0), unit(0, 0, 1, 1)},
        {unit(0, 1, 0, 0.5), unit(-1, 0, 0, 0)},
        {unit(0.2, 0, 1, 0), unit(0, 1, 1, 1)}
    };

    /** The loss computed anchor by anchor in double arithmetic. */
    static double expected(double tau, double alpha, AlphaMode mode, boolean withNs) {
        int n = Z1.length;
        double[][] z = new double[2 * n][];
        for (int i = 0; i < n; i++) {
            z[i] = LossMath.asFloat(Z1[i]);
            z[i + n] = LossMath.asFloat(Z2[i]);
        }
        double total = 0;
        for (int i = 0; i < 2 * n; i++) {
            int pos = i < n ? i + n : i - n;
            double num = Math.exp(dot(z[i], z[pos]) / tau);
            double den = num;
            for (int j = 0; j < 2 * n; j++) {
                if (j != i && j != pos) {
                    den += Math.exp(dot(z[i], z[j]) / tau);
                }
            }
            if (withNs) {
                for (double[] ns : NS[i % n]) {
                    double c = dot(z[i], LossMath.asFloat(ns));
                    den += mode == AlphaMode.LOGIT ? Math.exp(alpha * c / tau) : alpha * Math.exp(c / tau);
                }
            }
            total += -Math.log(num / den);
        }
        return total / (2 * n);
    }

    @Test
    void lossEqualsIndependentComputationInBothAlphaModes() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray z1 = LossMath.rows(m, Z1);
            NDArray z2 = LossMath.rows(m, Z2);
            NDArray ns = LossMath.groups(m, NS);
            for (AlphaMode mode : AlphaMode.values()) {
                for (float alpha : new float[] {0.5f, 2f}) {
                    float got = new NtXent(0.5f, alpha, mode).loss(z1, z2, ns).getFloat();
                    assertEquals(expected(0.5, alpha, mode, true), got, 1e-5, mode + " alpha " + alpha);
                }
            }
            float plain = new NtXent(0.2f, 2f, AlphaMode.LOGIT).loss(z1, z2, null).getFloat();
            assertEquals(expected(0.2, 2, AlphaMode.LOGIT, false), plain, 1e-5, "SimCLR without negatives");
        }
    }

    @Test
    void logitsHavePositiveFirstThenOtherViewsThenNonSemantic() {
        try (NDManager m = NDManager.newBaseManager()) {
            // N = 2, D = 3, M = 1: every value is a simple dot product.
            NDArray z1 = m.create(new float[] {1, 0, 0, 0, 1, 0}, new Shape(2, 3));
            NDArray z2 = m.create(new float[] {0.6f, 0.8f, 0, 0, 0, 1}, new Shape(2, 3));
            NDArray ns = m.create(new float[] {0.8f, 0, 0.6f, 0, 0.6f, 0.8f}, new Shape(2, 1, 3));
            ContrastiveLogits l = new NtXent(0.5f, 2f, AlphaMode.LOGIT).logits(z1, z2, ns);
            assertEquals(new Shape(4, 4), l.logits().getShape());
            // anchor 0 = z1[0]: positive z2[0] (0.6), others z1[1] (0), z2[1] (0), ns[0] (alpha 2 x 0.8)
            assertArrayEquals(new float[] {1.2f, 0f, 0f, 3.2f}, l.logits().get(0).toFloatArray(), 1e-6f);
            // anchor 3 = z2[1]: positive z1[1] (0), others z1[0] (0), z2[0] (0), ns[1] (2 x 0.8)
            assertArrayEquals(new float[] {0f, 0f, 0f, 3.2f}, l.logits().get(3).toFloatArray(), 1e-6f);
            // anchor 1 = z1[1]: positive z2[1] (0), others z1[0] (0), z2[0] (0.8), ns[1] (2 x 0.6)
            assertArrayEquals(new float[] {0f, 0f, 1.6f, 2.4f}, l.logits().get(1).toFloatArray(), 1e-6f);
            assertArrayEquals(new long[] {0, 0, 0, 0}, l.labels().toLongArray());
            ContrastiveLogits w = new NtXent(0.5f, 2f, AlphaMode.WEIGHT).logits(z1, z2, ns);
            assertEquals((float) (0.8 / 0.5 + Math.log(2)), w.logits().getFloat(0, 3), 1e-6f);
        }
    }

    @Test
    void gradientPushesAnchorsAwayFromTheirNonSemanticNegatives() {
        for (AlphaMode mode : AlphaMode.values()) {
            try (NDManager m = NDManager.newBaseManager()) {
                // Views in the span of the first three axes, negatives along the fourth: only the non-semantic
                // term has a gradient component along ns.
                NDArray z1 = m.create(new float[] {1, 0, 0, 0, 0, 1, 0, 0}, new Shape(2, 4));
                NDArray z2 = m.create(new float[] {0.6f, 0.8f, 0, 0, 0, 0, 1, 0}, new Shape(2, 4));
                NDArray ns = m.create(new float[] {0, 0, 0, 1, 0, 0, 0, 1}, new Shape(2, 1, 4));
                z1.setRequiresGradient(true);
                try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                    c.backward(new NtXent(0.2f, 2f, mode).loss(z1, z2, ns));
                }
                float[] g = z1.getGradient().toFloatArray();
                assertTrue(g[3] > 0f && g[7] > 0f,
                        mode + ": descending must move each anchor away from its negative, gradient " + g[3]);
            }
        }
    }

    /** The gather index made on the device is the explicit one: the positive, then the others in order. */
    @Test
    void theColumnIndexMadeOnTheDeviceIsTheExplicitOne() {
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
            for (int n : new int[] {1, 2, 5, 33}) {
                int rows = 2 * n;
                long[] expected = new long[rows * (rows - 1)];
                int c = 0;
                for (int i = 0; i < rows; i++) {
                    int positive = (i + n) % rows;
                    expected[c++] = positive;
                    for (int j = 0; j < rows; j++) {
                        if (j != i && j != positive) {
                            expected[c++] = j;
                        }
                    }
                }
                ai.djl.ndarray.NDArray columns = NtXent.otherColumns(m, n);
                org.junit.jupiter.api.Assertions.assertEquals(new ai.djl.ndarray.types.Shape(rows, rows - 1),
                        columns.getShape());
                org.junit.jupiter.api.Assertions.assertArrayEquals(expected, columns.toLongArray(), "N = " + n);
            }
        }
    }

    @Test
    void rejectsBadHyperParameters() {
        assertThrows(IllegalArgumentException.class, () -> new NtXent(0f, 1f, AlphaMode.LOGIT));
        assertThrows(IllegalArgumentException.class, () -> new NtXent(0.2f, -1f, AlphaMode.LOGIT));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> new NtXent(0.2f, 0f, AlphaMode.WEIGHT));
        assertTrue(e.getMessage().contains("alpha mode weight"), e.getMessage());
    }
}
