package nsn.train;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.util.Locale;

/**
 * Tunes glibc's allocator for libtorch on the CPU. A training step allocates activations and gradients of tens of
 * megabytes and frees them again; with glibc's defaults each such block is a fresh {@code mmap} (above the
 * dynamic mmap threshold) or is trimmed off the heap on free, so every step page-faults its working set back in.
 * Raising the mmap threshold to {@value #MMAP_THRESHOLD_BYTES} bytes and the trim threshold to
 * {@value #TRIM_THRESHOLD_BYTES} bytes keeps freed blocks for the next step: on the project's 2-core machine a
 * ResNet-18 MoCo step (32 px, batch 128) went from 8.0 s to 4.4 s and its minor page faults from 3.6 M to 1.2 M
 * per run (docs/BENCHMARKS.md, "Training step"). The same settings as environment variables
 * ({@code MALLOC_MMAP_THRESHOLD_}, {@code MALLOC_TRIM_THRESHOLD_}) do the same for a PyTorch process. The cost is
 * memory the process keeps instead of returning to the system between steps (its peak stays as it was).
 *
 * <p>{@link #tune()} runs once per process (the CLI, the kernel and {@link Pretrainer} call it); it does nothing
 * off Linux, when glibc's {@code mallopt} is missing (e.g. musl), or when {@code -Dnsn.malloc.tune=false}.
 */
public final class NativeAllocator {

    /** glibc's {@code M_TRIM_THRESHOLD}. */
    private static final int M_TRIM_THRESHOLD = -1;
    /** glibc's {@code M_TOP_PAD}. */
    private static final int M_TOP_PAD = -2;
    /** glibc's {@code M_MMAP_THRESHOLD}. */
    private static final int M_MMAP_THRESHOLD = -3;
    /** Blocks below this size come from the heap, not from their own mmap. */
    public static final int MMAP_THRESHOLD_BYTES = 256 << 20;
    /** Free memory at the top of the heap kept rather than returned to the system. */
    public static final int TRIM_THRESHOLD_BYTES = 1 << 30;
    /**
     * Padding glibc keeps at the top of every heap: at twice a thread arena's largest heap (64 MiB) it stops glibc
     * from unmapping a thread arena's emptied heap, which the trim threshold does not cover (only the main arena
     * trims by it). The JVM runs Java's main thread, and so every libtorch call of the training loop, in a thread
     * arena, unlike Python, whose main thread allocates from the main arena.
     */
    public static final int TOP_PAD_BYTES = 128 << 20;
    /** glibc's largest accepted mmap threshold on 64-bit (HEAP_MAX_SIZE / 2), the fallback. */
    private static final int MMAP_THRESHOLD_FALLBACK = 32 << 20;

    private static String state;

    private interface LibC extends Library {
        int mallopt(int param, int value);
    }

    private NativeAllocator() {}

    /**
     * Applies the settings once (later calls return the first outcome).
     *
     * @return what was done, e.g. {@code "mmap threshold 256 MiB, trim threshold 1024 MiB"}, or why nothing was
     */
    public static synchronized String tune() {
        if (state != null) {
            return state;
        }
        if (!Boolean.parseBoolean(System.getProperty("nsn.malloc.tune", "true"))) {
            return state = "off (-Dnsn.malloc.tune=false)";
        }
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            return state = "off (not Linux)";
        }
        try {
            LibC c = Native.load("c", LibC.class);
            int mmap = MMAP_THRESHOLD_BYTES;
            if (c.mallopt(M_MMAP_THRESHOLD, mmap) != 1) {
                mmap = MMAP_THRESHOLD_FALLBACK;
                if (c.mallopt(M_MMAP_THRESHOLD, mmap) != 1) {
                    return state = "off (mallopt refused the mmap threshold)";
                }
            }
            if (c.mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD_BYTES) != 1) {
                return state = String.format(Locale.ROOT, "mmap threshold %d MiB (mallopt refused the trim threshold)",
                        mmap >> 20);
            }
            if (c.mallopt(M_TOP_PAD, TOP_PAD_BYTES) != 1) {
                return state = String.format(Locale.ROOT, "mmap threshold %d MiB, trim threshold %d MiB (mallopt"
                        + " refused the top pad)", mmap >> 20, TRIM_THRESHOLD_BYTES >> 20);
            }
            return state = String.format(Locale.ROOT, "mmap threshold %d MiB, trim threshold %d MiB, top pad %d MiB",
                    mmap >> 20, TRIM_THRESHOLD_BYTES >> 20, TOP_PAD_BYTES >> 20);
        } catch (LinkageError | RuntimeException e) {
            return state = "off (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")";
        }
    }
}
