package nsn.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LinearProbeTest {

    /** Gaussian blobs around class-specific centres: linearly separable up to noise. */
    static Features blobs(int n, int dim, int classes, double noise, long seed) {
        Random r = new Random(seed);
        Random centres = new Random(1);
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
                v[i * dim + j] = c[y[i]][j] + (float) (r.nextGaussian() * noise) + 100; // offset: needs standardising
            }
        }
        return new Features(v, n, dim, y, classes);
    }

    @Test
    void separableFeaturesAreClassifiedAlmostPerfectly() {
        try (NDManager m = NDManager.newBaseManager()) {
            LinearProbe.Result r = LinearProbe.fit(blobs(2000, 16, 5, 0.5, 2), blobs(500, 16, 5, 0.5, 3),
                    new LinearEvalConfig(10, 100, 0.1f, 0.9f, 0f), 1, m);
            assertTrue(r.testTop1() > 0.98, "test top-1 " + r.testTop1());
            assertTrue(r.trainTop1() > 0.98, "train top-1 " + r.trainTop1());
        }
    }

    @Test
    void featuresWithoutSignalStayNearChance() {
        try (NDManager m = NDManager.newBaseManager()) {
            // noise = 1e6 drowns the class centres: features carry no label information.
            Features train = blobs(4000, 16, 4, 1e6, 2);
            Features test = blobs(4000, 16, 4, 1e6, 3);
            LinearProbe.Result res = LinearProbe.fit(train, test, new LinearEvalConfig(5, 100, 0.1f, 0.9f, 0f), 1, m);
            assertEquals(0.25, res.testTop1(), 0.04, "no signal, chance accuracy");
        }
    }

    @Test
    void rejectsMismatchedDimensions() {
        try (NDManager m = NDManager.newBaseManager()) {
            assertThrows(IllegalArgumentException.class, () -> LinearProbe.fit(blobs(10, 4, 2, 1, 1),
                    blobs(10, 5, 2, 1, 1), LinearEvalConfig.defaults(), 1, m));
        }
        assertThrows(IllegalArgumentException.class, () -> new LinearEvalConfig(0, 1, 0.1f, 0.9f, 0f));
    }
}
