package nsn.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProvenanceTest {

    @Test
    void recordsTheCpuTheRunRanOn() throws Exception {
        String cpu = Provenance.cpu();
        int processors = Runtime.getRuntime().availableProcessors();
        assertTrue(cpu.contains(", " + processors + " logical processor"), cpu);
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (Files.isReadable(cpuinfo)) {
            String model = Files.readAllLines(cpuinfo).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse(null);
            if (model != null) {
                assertTrue(cpu.startsWith(model + ", "), cpu);
            }
            String flags = Files.readAllLines(cpuinfo).stream().filter(l -> l.startsWith("flags")).findFirst()
                    .orElse("");
            assertEquals(flags.matches(".*\\bavx2\\b.*"), cpu.matches(".*\\bavx2\\b.*"), cpu);
        }
        Provenance p = Provenance.collect("test", 1, Map.of("k", 1), Map.of(), Device.cpu());
        assertEquals(cpu, p.software().get("cpu"));
    }
}
