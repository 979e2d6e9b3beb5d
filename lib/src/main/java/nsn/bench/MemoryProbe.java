package nsn.bench;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.function.ToLongFunction;

/**
 * Reads how much memory the process holds, to check that a long training run does not leak: the resident set
 * size (native memory of libtorch and the JVM together), the Java heap in use, and the number of NDArrays still
 * alive under an {@link NDManager}.
 *
 * <p>The resident set comes from {@code VmRSS} in {@code /proc/self/status} (Linux only; elsewhere it is absent and
 * {@link Sample#rssBytes()} is -1). The live arrays are counted with DJL's public
 * {@link NDManager#getManagedArrays()}, which walks the manager and all its open sub-managers; arrays attached to
 * other trees (e.g. the engine's system manager) are not counted.
 */
public final class MemoryProbe {

    private static final Path STATUS = Path.of("/proc/self/status");

    private MemoryProbe() {}

    /**
     * One reading.
     *
     * @param rssBytes resident set size in bytes, or -1 where the platform does not expose it
     * @param heapUsedBytes Java heap in use after a garbage collection
     * @param liveArrays NDArrays alive under the probed manager (recursively)
     */
    public record Sample(long rssBytes, long heapUsedBytes, int liveArrays) {

        /** Resident set size in MiB, or -1 where unknown. */
        public double rssMiB() {
            return rssBytes < 0 ? -1 : rssBytes / (1024.0 * 1024.0);
        }

        /** Heap in use in MiB. */
        public double heapMiB() {
            return heapUsedBytes / (1024.0 * 1024.0);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "rss %.1f MiB, heap %.1f MiB, %d live NDArrays", rssMiB(), heapMiB(),
                    liveArrays);
        }
    }

    /**
     * How memory changed over a run's samples, from the first sample after the warm-up to the last.
     *
     * @param from index of the first steady-state sample
     * @param rssBytes growth of the resident set (negative when it shrank; 0 when RSS is unknown)
     * @param heapBytes growth of the heap in use
     * @param liveArrays growth of the live NDArray count
     * @param rssKnown whether every compared sample had a resident set size
     */
    public record Growth(int from, long rssBytes, long heapBytes, int liveArrays, boolean rssKnown) {

        /** Resident-set growth in MiB. */
        public double rssMiB() {
            return rssBytes / (1024.0 * 1024.0);
        }
    }

    /** The resident set size of this process, from {@code /proc/self/status}; empty where that file is absent. */
    public static OptionalLong residentSetBytes() {
        if (!Files.isReadable(STATUS)) {
            return OptionalLong.empty();
        }
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmRSS:")) {
                    return OptionalLong.of(parseKiB(line) * 1024L);
                }
            }
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
        return OptionalLong.empty();
    }

    /** The value of a {@code /proc} status line such as {@code VmRSS:   123456 kB}, in KiB. */
    static long parseKiB(String line) {
        String[] parts = line.substring(line.indexOf(':') + 1).trim().split("\\s+");
        long v = Long.parseLong(parts[0]);
        if (parts.length > 1 && !parts[1].equalsIgnoreCase("kB")) {
            throw new IllegalArgumentException("unexpected unit in " + line);
        }
        return v;
    }

    /** The Java heap in use now (no collection). */
    public static long heapUsedBytes() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** The NDArrays alive under {@code manager} and all its open sub-managers. */
    public static int liveArrays(NDManager manager) {
        return manager.getManagedArrays().size();
    }

    /**
     * Reads all three figures. Asks for a garbage collection first so that the heap figure is what is reachable,
     * not what happens to be uncollected.
     *
     * @param manager the manager whose arrays are counted, usually the run's root manager
     */
    public static Sample sample(NDManager manager) {
        System.gc();
        return new Sample(residentSetBytes().orElse(-1), heapUsedBytes(), liveArrays(manager));
    }

    /**
     * The growth from sample {@code warmup} (the first one after the warm-up, which lets allocator caches and
     * lazily created buffers settle) to the last sample.
     *
     * @param samples samples in time order, e.g. one per epoch
     * @param warmup samples to skip at the start
     * @throws IllegalArgumentException if fewer than two samples remain after the warm-up
     */
    public static Growth growth(List<Sample> samples, int warmup) {
        return growth(samples, warmup, 1);
    }

    /**
     * The growth from the first {@code window} samples after the warm-up to the last {@code window} samples, each
     * end taken at its minimum (for every figure separately). A leak grows every sample, so it raises the minimum
     * of the last window; a transient peak of one sample (an allocator holding freed memory for a while) does not.
     *
     * @param samples samples in time order, e.g. one per epoch
     * @param warmup samples to skip at the start
     * @param window samples at each end, at least 1
     * @throws IllegalArgumentException if fewer than {@code 2 * window} samples remain after the warm-up
     */
    public static Growth growth(List<Sample> samples, int warmup, int window) {
        if (warmup < 0 || window < 1 || samples.size() - warmup < 2 * window) {
            throw new IllegalArgumentException("need at least 2 x " + window + " samples after a warm-up of "
                    + warmup + " (warm-up must be >= 0, window >= 1), got " + samples.size() + " samples");
        }
        List<Sample> first = samples.subList(warmup, warmup + window);
        List<Sample> last = samples.subList(samples.size() - window, samples.size());
        boolean rssKnown = samples.subList(warmup, samples.size()).stream().allMatch(s -> s.rssBytes() >= 0);
        long rss = rssKnown ? min(last, Sample::rssBytes) - min(first, Sample::rssBytes) : 0;
        return new Growth(warmup, rss, min(last, Sample::heapUsedBytes) - min(first, Sample::heapUsedBytes),
                (int) (min(last, s -> s.liveArrays()) - min(first, s -> s.liveArrays())), rssKnown);
    }

    private static long min(List<Sample> samples, ToLongFunction<Sample> f) {
        return samples.stream().mapToLong(f).min().orElseThrow();
    }
}
