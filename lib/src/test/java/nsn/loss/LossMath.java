package nsn.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/** Plain double arithmetic for checking the losses independently of the engine. */
final class LossMath {

    private LossMath() {}

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    static double[] unit(double... v) {
        double n = Math.sqrt(dot(v, v));
        double[] u = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            u[i] = v[i] / n;
        }
        return u;
    }

    /** Rows {@code (R, D)} as an array in {@code m}. */
    static NDArray rows(NDManager m, double[]... rows) {
        int d = rows[0].length;
        float[] v = new float[rows.length * d];
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < d; j++) {
                v[i * d + j] = (float) rows[i][j];
            }
        }
        return m.create(v, new Shape(rows.length, d));
    }

    /** {@code ns[n][m]} as an {@code (N, M, D)} array. */
    static NDArray groups(NDManager m, double[][][] ns) {
        int n = ns.length;
        int k = ns[0].length;
        int d = ns[0][0].length;
        float[] v = new float[n * k * d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < k; j++) {
                for (int c = 0; c < d; c++) {
                    v[(i * k + j) * d + c] = (float) ns[i][j][c];
                }
            }
        }
        return m.create(v, new Shape(n, k, d));
    }

    /** Rounds through float, as the engine sees the inputs. */
    static double[] asFloat(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) v[i];
        }
        return out;
    }
}
