package nsn.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

class KnnTest {

    /**
     * Six training points in 2-D, three classes: class 0 along +x (two points, one twice as long: only the
     * direction counts), class 1 at +y and at 45°, class 2 at −x and −y.
     */
    private static Features sixPoints() {
        float[] v = {1, 0, 2, 0, 0, 1, 1, 1, -1, 0, 0, -3};
        return new Features(v, 6, 2, new int[] {0, 0, 1, 1, 2, 2}, 3);
    }

    @Test
    void votesOfASmallExampleMatchTheHandComputation() {
        float tau = 0.5f;
        // test point (3, 4) -> (0.6, 0.8), label 1; test point (1, -0.1), label 0
        Features test = new Features(new float[] {3, 4, 1, -0.1f}, 2, 2, new int[] {1, 0}, 3);
        try (NDManager m = NDManager.newBaseManager()) {
            float[] votes = Knn.votes(sixPoints(), test, new KnnConfig(3, tau, 16), m);
            // (0.6, 0.8): cosines 0.6, 0.6 (class 0), 0.8, 1.4/sqrt(2) (class 1), -0.6, -0.8 (class 2).
            // The 3 nearest: 1.4/sqrt(2) and 0.8 (class 1), and one of the two 0.6 (class 0).
            double c1 = Math.exp(1.4 / Math.sqrt(2) / tau) + Math.exp(0.8 / tau);
            double c0 = Math.exp(0.6 / tau);
            assertEquals(c0, votes[0], 1e-4 * c0);
            assertEquals(c1, votes[1], 1e-4 * c1);
            assertEquals(0.0, votes[2], 0.0, "no class-2 point is among the 3 nearest");
            // (1, -0.1)/|.|: cosines 1/n twice (class 0), -0.1/n and 0.9/(n sqrt 2) (class 1), -1/n, 0.1/n (class 2)
            double n = Math.sqrt(1.01);
            double d0 = 2 * Math.exp(1 / n / tau);
            double d1 = Math.exp(0.9 / (n * Math.sqrt(2)) / tau);
            assertEquals(d0, votes[3], 1e-4 * d0);
            assertEquals(d1, votes[4], 1e-4 * d1);
            assertEquals(0.0, votes[5], 0.0);

            Knn.Result r = Knn.evaluate(sixPoints(), test, new KnnConfig(3, tau, 16), m);
            assertEquals(1.0, r.top1(), 0.0, "both points are classified correctly");
            assertTrue(Double.isNaN(r.top5()), "no top-5 with 3 classes");
            assertEquals(2, r.testSize());
        }
    }

    @Test
    void weightsCanOutvoteTheMajority() {
        // (1, 0.02): cosines 0.9998 with (1, 0) (class 0), 0.757 with (1, 0.9), 0.721 with (1, 1) and 0.02 with
        // (0, 1) (all class 1). With k = 4, class 1 has 3 of the 4 votes, class 0 the nearest one.
        Features train = new Features(new float[] {1, 0, 1, 1, 0, 1, 1, 0.9f}, 4, 2, new int[] {0, 1, 1, 1}, 2);
        Features test = new Features(new float[] {1, 0.02f}, 1, 2, new int[] {0}, 2);
        try (NDManager m = NDManager.newBaseManager()) {
            assertEquals(1.0, Knn.evaluate(train, test, new KnnConfig(4, 0.02f, 8), m).top1(), 0.0,
                    "exp(s/τ) with a small τ lets the single nearest neighbour outvote three farther ones");
            assertEquals(0.0, Knn.evaluate(train, test, new KnnConfig(4, 1000f, 8), m).top1(), 0.0,
                    "with a huge τ every weight is ~1: the majority (class 1) wins");
        }
    }

    @Test
    void kLargerThanTheTrainingSetIsRejected() {
        try (NDManager m = NDManager.newBaseManager()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Knn.evaluate(sixPoints(), sixPoints(), new KnnConfig(7, 0.07f, 4), m));
            assertTrue(e.getMessage().contains("k = 7") && e.getMessage().contains("6 training features"),
                    e.getMessage());
        }
    }

    @Test
    void configRejectsBadValues() {
        assertThrows(IllegalArgumentException.class, () -> new KnnConfig(0, 0.07f, 1));
        assertThrows(IllegalArgumentException.class, () -> new KnnConfig(1, 0f, 1));
        assertThrows(IllegalArgumentException.class, () -> new KnnConfig(1, Float.NaN, 1));
        assertThrows(IllegalArgumentException.class, () -> new KnnConfig(1, 0.07f, 0));
        assertEquals(new KnnConfig(200, 0.07f, 256), KnnConfig.defaults());
    }

    @Test
    void chunkingGivesTheSameAnswerAsOneChunk() {
        Features train = blobs(600, 12, 6, 5);
        Features test = blobs(150, 12, 6, 6);
        try (NDManager m = NDManager.newBaseManager()) {
            KnnConfig one = new KnnConfig(50, 0.07f, 1000);
            float[] whole = Knn.votes(train, test, one, m);
            for (int b : new int[] {1, 7, 64}) {
                assertArrayEquals(whole, Knn.votes(train, test, one.withBatchSize(b), m), 1e-3f * maxOf(whole),
                        "chunks of " + b);
            }
            Knn.Result a = Knn.evaluate(train, test, one, m);
            Knn.Result c = Knn.evaluate(train, test, one.withBatchSize(7), m);
            assertEquals(a, c);
            assertTrue(a.top5() >= a.top1(), a.toString());
            assertTrue(a.top1() > 0.5, "blobs with signal are mostly classified right: " + a);
        }
    }

    /** Gaussian blobs (noise 1) around random unit-scale class centres (scale 3), centred at the origin. */
    private static Features blobs(int n, int dim, int classes, long seed) {
        java.util.Random r = new java.util.Random(seed);
        java.util.Random centres = new java.util.Random(1);
        float[][] c = new float[classes][dim];
        for (float[] row : c) {
            for (int j = 0; j < dim; j++) {
                row[j] = (float) centres.nextGaussian() * 3;
            }
        }
        float[] v = new float[n * dim];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % classes;
            for (int j = 0; j < dim; j++) {
                v[i * dim + j] = c[y[i]][j] + (float) r.nextGaussian();
            }
        }
        return new Features(v, n, dim, y, classes);
    }

    private static float maxOf(float[] v) {
        float max = 0;
        for (float x : v) {
            max = Math.max(max, x);
        }
        return max;
    }
}
