package nsn.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One fitted probe evaluated on several feature sets gives each set the accuracy a probe of its own gives. */
class LinearProbeSetsTest {

    @Test
    void everySetGetsTheAccuracyOfItsOwnProbe() {
        LinearEvalConfig config = new LinearEvalConfig(3, 100, 0.1f, 0.9f, 0f);
        Features train = LinearProbeTest.blobs(1000, 8, 4, 4, 2);
        Features near = LinearProbeTest.blobs(400, 8, 4, 4, 3);
        Features noisy = LinearProbeTest.blobs(400, 8, 4, 12, 4); // a harder, shifted-domain stand-in
        try (NDManager m = NDManager.newBaseManager()) {
            LinearProbe.Result a = LinearProbe.fit(train, near, config, 7, m);
            LinearProbe.Result b = LinearProbe.fit(train, noisy, config, 7, m);
            LinearProbe.MultiResult both = LinearProbe.fit(train, List.of(near, noisy), config, 7, m);
            assertEquals(a.testTop1(), both.testTop1()[0], 0.0);
            assertEquals(b.testTop1(), both.testTop1()[1], 0.0);
            assertEquals(a.trainTop1(), both.trainTop1(), 0.0);
            assertEquals(a.finalLoss(), both.finalLoss(), 0.0);
            assertNotEquals(both.testTop1()[0], both.testTop1()[1], "the sets differ, so do their accuracies");
            assertThrows(IllegalArgumentException.class, () -> LinearProbe.fit(train, List.of(), config, 7, m));
            assertThrows(IllegalArgumentException.class, () -> LinearProbe.fit(train,
                    List.of(near, LinearProbeTest.blobs(10, 5, 4, 1, 1)), config, 7, m));
        }
    }
}
