package nsn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NativeAllocatorTest {

    @Test
    void glibcAcceptsTheSettingsOnceAndLaterCallsReportTheSame() {
        String first = NativeAllocator.tune();
        if (System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
            // glibc (Debian, the project's machines) takes both; the first figure is 256 or the 32 MiB fallback
            assertTrue(first.matches("mmap threshold (256|32) MiB, trim threshold 1024 MiB, top pad 128 MiB"), first);
        }
        assertEquals(first, NativeAllocator.tune());
    }
}
