package nsn.kernel;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;

/**
 * What a cell writes to {@code System.out} or {@code System.err}, published to Jupyter in batches: the kernel calls
 * {@link #tick} every few hundredths of a second while the cell runs, and {@link #deactivate} when it ends. A print
 * loop or a progress bar then becomes a few stream messages instead of one per {@code print} fragment (JJava's own
 * streams publish on every write). Between cells (a thread the cell left running) the bytes go to the kernel's own
 * stream instead, so they neither pile up nor reach the wrong cell.
 */
final class CellStream extends OutputStream {

    private final PrintStream target;
    private final PrintStream fallback;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private boolean active;

    /**
     * @param target JJava's stream for the cell (publishes on flush)
     * @param fallback where bytes go while no cell runs
     */
    CellStream(PrintStream target, PrintStream fallback) {
        this.target = target;
        this.fallback = fallback;
    }

    /** A cell starts: bytes are collected for it. */
    synchronized void activate() {
        pending.reset();
        active = true;
    }

    /** The cell ended: publishes what is pending; later bytes go to the fallback. */
    synchronized void deactivate() {
        if (active) {
            publish(true);
            active = false;
        }
    }

    /** Publishes what is pending, up to the last complete character. */
    synchronized void tick() {
        if (active) {
            publish(false);
        }
    }

    @Override
    public synchronized void write(int b) {
        if (active) {
            pending.write(b);
        } else {
            fallback.write(b);
        }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        if (active) {
            pending.write(b, off, len);
        } else {
            fallback.write(b, off, len);
        }
    }

    @Override
    public synchronized void flush() {
        if (active) {
            publish(true);
        } else {
            fallback.flush();
        }
    }

    private void publish(boolean all) {
        if (pending.size() == 0) {
            return;
        }
        byte[] bytes = pending.toByteArray();
        int n = all ? bytes.length : completeUtf8Prefix(bytes);
        if (n == 0) {
            return;
        }
        target.write(bytes, 0, n);
        target.flush();
        pending.reset();
        pending.write(bytes, n, bytes.length - n);
    }

    /** The length of the longest prefix that does not end inside a UTF-8 multi-byte character. */
    static int completeUtf8Prefix(byte[] b) {
        int end = b.length;
        int i = end - 1;
        int continuation = 0;
        while (i >= 0 && continuation < 3 && (b[i] & 0xC0) == 0x80) {
            i--;
            continuation++;
        }
        if (i < 0) {
            return end;
        }
        int lead = b[i] & 0xFF;
        int needed = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : lead >= 0xC0 ? 1 : 0;
        return needed > continuation ? i : end;
    }
}
