package nsn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class HostStagingTest {

    private static float[] values(int n, float base) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = base + i * 0.5f;
        }
        return v;
    }

    @Test
    void theStagedBufferHoldsTheValuesAndIsReused() {
        HostStaging staging = new HostStaging(2);
        ByteBuffer first = staging.stage(1, values(24, 1f));
        assertEquals(24 * Float.BYTES, first.remaining());
        try (NDManager m = NDManager.newBaseManager()) {
            // what the accelerator path hands DJL (there the array is a copy; on the CPU it would alias the buffer)
            NDArray a = m.create(first, new Shape(2, 3, 4), DataType.FLOAT32);
            assertArrayEquals(values(24, 1f), a.toFloatArray());
            assertEquals(new Shape(2, 3, 4), a.getShape());
        }
        ByteBuffer smaller = staging.stage(1, values(6, -3f));
        assertSame(first, smaller, "a batch that fits reuses the slot's buffer");
        assertEquals(6 * Float.BYTES, smaller.remaining());
        ByteBuffer larger = staging.stage(1, values(48, 0f));
        assertEquals(48 * Float.BYTES, larger.remaining());
    }

    @Test
    void onTheCpuUploadCopiesAsDjlDoes() {
        HostStaging staging = new HostStaging(1);
        float[] data = values(12, 2f);
        try (NDManager m = NDManager.newBaseManager(ai.djl.Device.cpu());
                NDManager step = m.newSubManager()) {
            NDArray a = staging.upload(step, 0, data, new Shape(3, 4));
            NDArray b = staging.upload(step, 0, values(12, 7f), new Shape(3, 4));
            assertArrayEquals(data, a.toFloatArray(), "the second upload through the slot leaves the first alone");
            assertArrayEquals(values(12, 7f), b.toFloatArray());
            assertSame(step, a.getManager());
        }
    }

    @Test
    void aStagedBatchIsReadFromItsOwnBuffer() {
        float[] data = values(12, 4f);
        ByteBuffer staged = HostStaging.direct(data);
        assertTrue(staged.isDirect());
        assertEquals(12 * Float.BYTES, staged.remaining());
        try (NDManager m = NDManager.newBaseManager(ai.djl.Device.cpu())) {
            // the array the accelerator path creates from it (a copy there; on the CPU DJL would alias the buffer)
            NDArray a = m.create(staged.duplicate().order(staged.order()).clear(), new Shape(3, 4), DataType.FLOAT32);
            assertArrayEquals(data, a.toFloatArray());
            HostStaging staging = new HostStaging(1);
            assertArrayEquals(data, staging.upload(m, 0, data, staged, new Shape(3, 4)).toFloatArray());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> staging.upload(m, 0, values(6, 0f), staged, new Shape(2, 3)));
            assertTrue(e.getMessage().contains("staged buffer of 48 bytes does not hold 6 floats"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> staging.upload(m, 0, data, ByteBuffer.allocate(48), new Shape(3, 4)));
            assertTrue(e.getMessage().contains("(not direct)"), e.getMessage());
        }
    }

    @Test
    void badSlotsAreNamed() {
        assertThrows(IllegalArgumentException.class, () -> new HostStaging(0));
        HostStaging staging = new HostStaging(3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> staging.stage(3, new float[1]));
        assertTrue(e.getMessage().contains("staging slot 3 not in [0, 3)"), e.getMessage());
    }
}
