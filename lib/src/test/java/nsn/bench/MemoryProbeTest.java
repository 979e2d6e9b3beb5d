package nsn.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryProbeTest {

    private static final int ROUNDS = 6;
    /** 4 Mi floats = 16 MiB per leaked array. */
    private static final Shape BIG = new Shape(4L << 20);

    /**
     * Runs {@link #ROUNDS} rounds of work on {@code root}, sampling after each; each round does some work in a
     * sub-manager that is closed, and with {@code leak} also leaves one 16 MiB array in {@code root}, as a step
     * that creates an array in the long-lived manager would.
     */
    private static List<MemoryProbe.Sample> rounds(NDManager root, boolean leak) {
        List<MemoryProbe.Sample> samples = new ArrayList<>();
        for (int r = 0; r < ROUNDS; r++) {
            try (NDManager step = root.newSubManager()) {
                NDArray a = step.randomUniform(0f, 1f, BIG);
                a.mul(2f).sum().getFloat();
            }
            if (leak) {
                root.ones(BIG).addi(1f); // touched, so the pages are resident
            }
            samples.add(MemoryProbe.sample(root));
        }
        return samples;
    }

    @Test
    void cleanLoopKeepsNoArraysAndLeakingLoopIsCaught() {
        try (NDManager root = NDManager.newBaseManager()) {
            try (NDManager clean = root.newSubManager()) {
                List<MemoryProbe.Sample> s = rounds(clean, false);
                MemoryProbe.Growth g = MemoryProbe.growth(s, 1);
                assertEquals(0, g.liveArrays(), s.toString());
                assertEquals(0, s.get(ROUNDS - 1).liveArrays(), s.toString());
            }
            try (NDManager leaky = root.newSubManager()) {
                List<MemoryProbe.Sample> s = rounds(leaky, true);
                MemoryProbe.Growth g = MemoryProbe.growth(s, 1);
                assertEquals(ROUNDS - 2, g.liveArrays(), s.toString()); // from sample 1 (2 arrays) to the last
                assertEquals(ROUNDS, s.get(ROUNDS - 1).liveArrays(), s.toString());
                if (g.rssKnown()) {
                    // A leaked NDArray may be served from memory this JVM freed earlier and glibc kept (nsn.train.
                    // NativeAllocator raises its trim threshold), so RSS need not grow with it in a long-lived test
                    // JVM. The resident-set reading is checked with pages that are always new: a mapped file,
                    // touched page by page and held.
                    assertRssFollowsNewPages();
                }
            }
            assertEquals(0, MemoryProbe.liveArrays(root), "closing the sub-managers frees their arrays");
        }
    }

    /**
     * The process's RSS follows 96 MiB of newly touched pages. The whole process is measured, so memory the JVM or
     * malloc returns meanwhile can hide part of the growth: G1 uncommits a shrunk heap concurrently after a full
     * collection (in a full test run that once cancelled the whole 96 MiB, and once 17 MiB of it), and an unmapped
     * buffer's pages go when its cleaner runs. So no collection is asked for here, each mapping is unmapped before the
     * next attempt, and each attempt waits until the RSS reading is steady. Up to three attempts must see at least
     * 90 % of the growth once; a reading in the wrong unit, stale or constant fails all three.
     */
    private static void assertRssFollowsNewPages() {
        long bytes = 96L << 20;
        double grewMiB = 0;
        StringBuilder seen = new StringBuilder();
        for (int attempt = 0; attempt < 3 && grewMiB <= 0.9 * (bytes >> 20); attempt++) {
            grewMiB = rssGrowthForNewPages(bytes);
            seen.append(String.format(java.util.Locale.ROOT, " %.1f", grewMiB));
        }
        assertTrue(grewMiB > 0.9 * (bytes >> 20), "RSS grew (MiB, per attempt)" + seen + " for 96 MiB of new pages");
    }

    /** RSS growth in MiB while a mapped file of {@code bytes} is touched page by page and held. */
    private static double rssGrowthForNewPages(long bytes) {
        try {
            Path file = Files.createTempFile("nsn-rss", ".bin");
            java.nio.MappedByteBuffer held = null;
            try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file,
                    java.nio.file.StandardOpenOption.READ, java.nio.file.StandardOpenOption.WRITE)) {
                long before = steadyRss();
                held = ch.map(java.nio.channels.FileChannel.MapMode.READ_WRITE, 0, bytes);
                for (int i = 0; i < bytes; i += 4096) {
                    held.put(i, (byte) 1);
                }
                return (MemoryProbe.residentSetBytes().getAsLong() - before) / (double) (1 << 20);
            } finally {
                if (held != null) {
                    unmap(held);
                }
                Files.deleteIfExists(file);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The RSS once two readings 50 ms apart differ by less than 1 MiB (at most about 3 s of waiting). */
    private static long steadyRss() {
        long last = MemoryProbe.residentSetBytes().getAsLong();
        for (int i = 0; i < 60; i++) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            long now = MemoryProbe.residentSetBytes().getAsLong();
            if (Math.abs(now - last) < 1L << 20) {
                return now;
            }
            last = now;
        }
        return last;
    }

    /** Unmaps {@code buffer} now rather than when a later collection runs its cleaner. */
    private static void unmap(java.nio.MappedByteBuffer buffer) {
        try {
            java.lang.reflect.Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            ((sun.misc.Unsafe) f.get(null)).invokeCleaner(buffer);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot unmap the test's buffer", e);
        }
    }

    @Test
    void residentSetIsReadWhereProcExists() {
        boolean linux = Files.isReadable(Path.of("/proc/self/status"));
        assertEquals(linux, MemoryProbe.residentSetBytes().isPresent());
        if (linux) {
            long rss = MemoryProbe.residentSetBytes().getAsLong();
            // the JVM itself with the test classes is resident: tens of MiB at least, far below 1 TiB
            assertTrue(rss > 16L << 20 && rss < 1L << 40, "rss " + rss);
        }
    }

    @Test
    void parsesProcStatusLines() {
        assertEquals(123456, MemoryProbe.parseKiB("VmRSS:\t  123456 kB"));
        assertEquals(7, MemoryProbe.parseKiB("VmRSS: 7 kB"));
        assertThrows(IllegalArgumentException.class, () -> MemoryProbe.parseKiB("VmRSS: 7 MB"));
    }

    @Test
    void growthComparesFirstSteadySampleWithTheLast() {
        List<MemoryProbe.Sample> s = List.of(new MemoryProbe.Sample(100, 10, 5), new MemoryProbe.Sample(300, 20, 9),
                new MemoryProbe.Sample(250, 25, 9), new MemoryProbe.Sample(400, 15, 9));
        MemoryProbe.Growth g = MemoryProbe.growth(s, 1);
        assertEquals(new MemoryProbe.Growth(1, 100, -5, 0, true), g);
        MemoryProbe.Growth all = MemoryProbe.growth(s, 0);
        assertEquals(300, all.rssBytes());
        assertEquals(4, all.liveArrays());
        List<MemoryProbe.Sample> unknown = List.of(new MemoryProbe.Sample(-1, 10, 1),
                new MemoryProbe.Sample(-1, 10, 1));
        assertFalse(MemoryProbe.growth(unknown, 0).rssKnown());
        assertEquals(0, MemoryProbe.growth(unknown, 0).rssBytes());
        assertThrows(IllegalArgumentException.class, () -> MemoryProbe.growth(s, 3));
        // windows of two: RSS min(300, 250) = 250 at the start, min(250, 400) = 250 at the end, so the peak of 900
        // is ignored; heap min(20, 25) = 20 to min(30, 35) = 30; arrays min(9, 9) to min(9, 10)
        List<MemoryProbe.Sample> peak = List.of(new MemoryProbe.Sample(100, 10, 5),
                new MemoryProbe.Sample(300, 20, 9), new MemoryProbe.Sample(250, 25, 9),
                new MemoryProbe.Sample(900, 15, 9), new MemoryProbe.Sample(250, 30, 9),
                new MemoryProbe.Sample(400, 35, 10));
        assertEquals(new MemoryProbe.Growth(1, 0, 10, 0, true), MemoryProbe.growth(peak, 1, 2));
        // a steady rise raises the last window's minimum
        List<MemoryProbe.Sample> rise = List.of(new MemoryProbe.Sample(100, 10, 1),
                new MemoryProbe.Sample(200, 10, 2), new MemoryProbe.Sample(300, 10, 3),
                new MemoryProbe.Sample(400, 10, 4));
        assertEquals(new MemoryProbe.Growth(0, 200, 0, 2, true), MemoryProbe.growth(rise, 0, 2));
        assertThrows(IllegalArgumentException.class, () -> MemoryProbe.growth(rise, 1, 2));
        assertThrows(IllegalArgumentException.class, () -> MemoryProbe.growth(rise, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> MemoryProbe.growth(s, -1));
    }
}
