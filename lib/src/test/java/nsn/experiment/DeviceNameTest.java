package nsn.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import org.junit.jupiter.api.Test;

/** The {@code --device} names every command accepts, on the CPU-only engine of CI. */
class DeviceNameTest {

    @Test
    void cpuAndAuto() {
        assertEquals(Device.cpu(), Experiments.device("cpu"));
        assertEquals(Device.cpu(), Experiments.device(" CPU "));
        assertEquals(Engine.getInstance().defaultDevice(), Experiments.device("auto"));
        assertEquals(Engine.getInstance().defaultDevice(), Experiments.device(null));
    }

    @Test
    void gpuNamesAreParsedAndCheckedAgainstTheEngine() {
        int gpus = Engine.getInstance().getGpuCount();
        for (String name : new String[] {"gpu", "gpu:0", "gpu0", "GPU:0", "cuda", "cuda:0"}) {
            if (gpus > 0) {
                assertEquals(Device.gpu(0), Experiments.device(name), name);
            } else {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> Experiments.device(name));
                assertTrue(e.getMessage().contains("engine sees 0 GPU(s)"), e.getMessage());
            }
        }
        IllegalArgumentException far = assertThrows(IllegalArgumentException.class,
                () -> Experiments.device("gpu:" + gpus));
        assertTrue(far.getMessage().contains("gpu:" + gpus), far.getMessage());
    }

    @Test
    void unknownNamesNameTheAllowedOnes() {
        for (String name : new String[] {"tpu", "gpu:-1", "gpu:x", "cuda-0", ""}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Experiments.device(name));
            assertTrue(e.getMessage().contains("auto, cpu, gpu or gpu:N"), name + ": " + e.getMessage());
        }
    }

    @Test
    void listsNameOneDevicePerReplica() {
        assertEquals(java.util.List.of(Device.cpu()), Experiments.devices("cpu"));
        assertEquals(java.util.List.of(Device.cpu(), Device.cpu()), Experiments.devices("cpu, cpu"));
        assertEquals(3, Experiments.deviceCount("gpu:0,gpu:1,gpu:2"));
        assertEquals(1, Experiments.deviceCount(null));
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> Experiments.devices("cpu,,cpu"));
        assertTrue(empty.getMessage().contains("empty entry"), empty.getMessage());
        IllegalArgumentException one = assertThrows(IllegalArgumentException.class,
                () -> Experiments.device("cpu,cpu"));
        assertTrue(one.getMessage().contains("runs on one"), one.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> Experiments.devices("cpu,tpu"));
        assertTrue(bad.getMessage().contains("'tpu'"), bad.getMessage());
    }
}
