package nsn.report;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import nsn.data.DataFetcher;

/**
 * Where a result came from: the command, its configuration and seed, the code (git commit), the data
 * (fingerprints) and the software and hardware that ran it. Written as {@code provenance.json} by every run.
 *
 * @param command the experiment or CLI command
 * @param createdAt ISO-8601 start time
 * @param seed the run seed
 * @param config the run's configuration record
 * @param gitCommit commit of the nsn sources, with {@code -dirty} when the work tree had changes, or
 *     {@code unknown}
 * @param datasets dataset name to content fingerprint (SHA-256)
 * @param software Java, DJL, engine and PyTorch versions, operating system, and the CPU ({@link #cpu()}: the same
 *     code and seed give other floats on another CPU, whose kernels libtorch chooses by its vector extensions)
 * @param device the device the run used (several, comma-separated, for a data-parallel run)
 */
public record Provenance(String command, String createdAt, long seed, Object config, String gitCommit,
        Map<String, String> datasets, Map<String, String> software, String device) {

    /** Collects provenance for a run now. */
    public static Provenance collect(String command, long seed, Object config, Map<String, String> datasets,
            Device device) {
        return collect(command, seed, config, datasets, java.util.List.of(device));
    }

    /** Collects provenance for a run on several devices (data-parallel), listed comma-separated. */
    public static Provenance collect(String command, long seed, Object config, Map<String, String> datasets,
            java.util.List<Device> devices) {
        Map<String, String> software = new LinkedHashMap<>();
        software.put("java", System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
        software.put("djl", Engine.getDjlVersion());
        Engine engine = Engine.getInstance();
        software.put("engine", engine.getEngineName());
        software.put("pytorch", engine.getVersion());
        software.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        software.put("nsn", String.valueOf(Provenance.class.getPackage().getImplementationVersion()));
        software.put("cpu", cpu());
        return new Provenance(command, Instant.now().toString(), seed, config, currentGitCommit(),
                Map.copyOf(datasets), software, devices.stream().map(Device::toString)
                        .collect(java.util.stream.Collectors.joining(",")));
    }

    /**
     * The CPU: its model name, logical processors and which of the vector extensions that libtorch chooses its
     * kernels by it has (avx2, avx512f, avx512_bf16, amx_tile; from {@code /proc/cpuinfo} on Linux), e.g. {@code
     * "Intel(R) Xeon(R) Processor, 2 logical processors, avx2 avx512f avx512_bf16 amx_tile"}; the architecture and
     * processor count where that file is missing.
     */
    public static String cpu() {
        int processors = Runtime.getRuntime().availableProcessors();
        String model = System.getProperty("os.arch");
        String extensions = "";
        try {
            for (String line : java.nio.file.Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                int colon = line.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String key = line.substring(0, colon).trim();
                String value = line.substring(colon + 1).trim();
                if (key.equals("model name")) {
                    model = value;
                } else if (key.equals("flags")) {
                    java.util.Set<String> flags = java.util.Set.of(value.split("\\s+"));
                    extensions = java.util.stream.Stream.of("avx2", "avx512f", "avx512_bf16", "amx_tile")
                            .filter(flags::contains).collect(java.util.stream.Collectors.joining(" "));
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or unreadable: the architecture alone
        }
        return model + ", " + processors + " logical processor" + (processors == 1 ? "" : "s")
                + (extensions.isEmpty() ? "" : ", " + extensions);
    }

    /**
     * The git commit of the nsn source tree found by {@link DataFetcher#repositoryRoot()} ({@code nsn.home},
     * {@code NSN_HOME}, the jar's location, the working directory), with {@code -dirty} when tracked files have
     * changes; {@code unknown} when git or a repository is not available.
     */
    public static String currentGitCommit() {
        Path root = DataFetcher.create().repositoryRoot().orElse(null);
        if (root == null) {
            return "unknown";
        }
        String head = run(root, "git", "rev-parse", "HEAD");
        if (head == null || head.isBlank()) {
            return "unknown";
        }
        String status = run(root, "git", "status", "--porcelain", "--untracked-files=no");
        return head.trim() + (status != null && !status.isBlank() ? "-dirty" : "");
    }

    private static String run(Path dir, String... command) {
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            String out;
            try (InputStream in = p.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return null;
            }
            return out;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Writes this record as JSON to {@code file}. */
    public void write(Path file) throws IOException {
        AtomicFiles.writeString(file, Json.write(this) + "\n");
    }
}
