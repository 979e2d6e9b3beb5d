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

class ByolLossTest {

    // N = 2, D = 3, M = 2.
    static final double[][] P1 = {unit(1, 0.5, 0), unit(0, 1, 1)};
    static final double[][] P2 = {unit(0.2, 1, 0.3), unit(1, 0, 1)};
    static final double[][] Z1 = {unit(1, 0, 0.1), unit(0.3, 1, 0.5)};
    static final double[][] Z2 = {unit(0.8, 0.6, 0), unit(0, 0.6, 0.8)};
    static final double[][][] NS = {{unit(0, 0, 1), unit(1, 1, 1)}, {unit(1, 0, 0), unit(0, 1, -1)}};

    /** ‖a − b‖² in double arithmetic. */
    static double squaredDistance(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return s;
    }

    /** Eq. 2 as squared distances, symmetrised, averaged over the batch and (for α) over the M negatives. */
    static double expected(double alpha, boolean withNs) {
        double total = 0;
        for (int n = 0; n < P1.length; n++) {
            for (int view = 0; view < 2; view++) {
                double[] p = LossMath.asFloat(view == 0 ? P1[n] : P2[n]);
                double[] target = LossMath.asFloat(view == 0 ? Z2[n] : Z1[n]);
                double l = squaredDistance(p, target);
                if (withNs) {
                    double push = 0;
                    for (double[] ns : NS[n]) {
                        push += squaredDistance(p, LossMath.asFloat(ns));
                    }
                    l -= alpha * push / NS[n].length;
                }
                total += l;
            }
        }
        return total / P1.length;
    }

    @Test
    void lossEqualsSquaredDistancesOfEquation2() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray p1 = LossMath.rows(m, P1);
            NDArray p2 = LossMath.rows(m, P2);
            NDArray z1 = LossMath.rows(m, Z1);
            NDArray z2 = LossMath.rows(m, Z2);
            NDArray ns = LossMath.groups(m, NS);
            for (float alpha : new float[] {0f, 0.05f, 0.5f}) {
                assertEquals(expected(alpha, true), new ByolLoss(alpha).loss(p1, p2, z1, z2, ns).getFloat(), 1e-5,
                        "alpha " + alpha);
            }
            assertEquals(expected(0, false), new ByolLoss(0.05f).loss(p1, p2, z1, z2, null).getFloat(), 1e-5);
        }
    }

    @Test
    void expansionOfEquation2HoldsForOneNegative() {
        // 2 − 2α − 2 pᵀz_p + 2α pᵀz_ns, summed over the two views, for N = 1.
        try (NDManager m = NDManager.newBaseManager()) {
            double[] p1 = LossMath.asFloat(P1[0]);
            double[] p2 = LossMath.asFloat(P2[0]);
            double[] z1 = LossMath.asFloat(Z1[0]);
            double[] z2 = LossMath.asFloat(Z2[0]);
            double[] ns = LossMath.asFloat(NS[0][0]);
            double a = 0.05;
            double expected = (2 - 2 * a - 2 * dot(p1, z2) + 2 * a * dot(p1, ns))
                    + (2 - 2 * a - 2 * dot(p2, z1) + 2 * a * dot(p2, ns));
            NDArray got = new ByolLoss(0.05f).loss(LossMath.rows(m, P1[0]), LossMath.rows(m, P2[0]),
                    LossMath.rows(m, Z1[0]), LossMath.rows(m, Z2[0]),
                    LossMath.groups(m, new double[][][] {{NS[0][0]}}));
            assertEquals(expected, got.getFloat(), 1e-5);
        }
    }

    @Test
    void gradientIsTheHandDerivedOneAndPushesAwayFromTheNegative() {
        try (NDManager m = NDManager.newBaseManager()) {
            // N = 1: dL/dp1 = −2·z2 + 2α·ns (the loss is linear in p for normalised inputs).
            NDArray p1 = m.create(new float[] {1, 0, 0}, new Shape(1, 3));
            NDArray p2 = m.create(new float[] {0, 1, 0}, new Shape(1, 3));
            NDArray z1 = m.create(new float[] {0, 1, 0}, new Shape(1, 3));
            NDArray z2 = m.create(new float[] {0.6f, 0.8f, 0}, new Shape(1, 3));
            NDArray ns = m.create(new float[] {0, 0, 1}, new Shape(1, 1, 3));
            p1.setRequiresGradient(true);
            try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                c.backward(new ByolLoss(0.25f).loss(p1, p2, z1, z2, ns));
            }
            float[] g = p1.getGradient().toFloatArray();
            assertArrayEquals(new float[] {-1.2f, -1.6f, 0.5f}, g, 1e-6f);
            assertTrue(g[2] > 0f, "descending moves the prediction away from the non-semantic negative");
        }
    }

    @Test
    void alphaMustStayBelowOne() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ByolLoss(1f));
        assertTrue(e.getMessage().contains("BYOL alpha must be in [0, 1)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ByolLoss(-0.1f));
        assertThrows(IllegalArgumentException.class, () -> new ByolLoss(Float.NaN));
    }
}
