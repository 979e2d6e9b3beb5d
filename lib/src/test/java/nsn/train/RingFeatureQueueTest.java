package nsn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class RingFeatureQueueTest {

    @Test
    void startsWithUnitRows() {
        try (NDManager m = NDManager.newBaseManager(); FeatureQueue q = FeatureQueue.ring(m, 8, 4, 1)) {
            float[] norms = q.keys().norm(new int[] {1}).toFloatArray();
            for (float n : norms) {
                assertEquals(1f, n, 1e-5f);
            }
        }
    }

    @Test
    void enqueueReplacesOldestRowsAndWraps() {
        try (NDManager m = NDManager.newBaseManager(); FeatureQueue q = FeatureQueue.ring(m, 5, 1, 1)) {
            q.enqueue(m.create(new float[] {1, 2, 3}, new Shape(3, 1)));
            assertEquals(3, q.pointer());
            q.enqueue(m.create(new float[] {4, 5, 6}, new Shape(3, 1))); // 4, 5 at rows 3, 4; 6 wraps to row 0
            assertEquals(1, q.pointer());
            assertArrayEquals(new float[] {6, 2, 3, 4, 5}, q.keys().toFloatArray());
            q.enqueue(m.create(new float[] {7, 8, 9, 10, 11}, new Shape(5, 1))); // a full lap
            assertEquals(1, q.pointer());
            assertArrayEquals(new float[] {11, 7, 8, 9, 10}, q.keys().toFloatArray());
        }
    }

    @Test
    void rejectsWrongShapes() {
        try (NDManager m = NDManager.newBaseManager(); FeatureQueue q = FeatureQueue.ring(m, 4, 2, 1)) {
            assertThrows(IllegalArgumentException.class, () -> q.enqueue(m.ones(new Shape(2, 3))));
            assertThrows(IllegalArgumentException.class, () -> q.enqueue(m.ones(new Shape(5, 2))));
            assertThrows(IllegalArgumentException.class, () -> q.restore(new float[3], 0));
        }
    }
}
