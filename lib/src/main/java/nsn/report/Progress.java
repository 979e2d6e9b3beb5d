package nsn.report;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line console progress bar for long loops, redrawn at most a few times a second, with rate and ETA.
 * Off when the environment variable {@code NSN_PROGRESS} is {@code off}/{@code 0}/{@code false} or when
 * constructed disabled; then only a line per {@link #finish} is printed.
 */
public final class Progress {

    private final PrintStream out;
    private final boolean enabled;
    private String label = "";
    private long total;
    private long startNanos;
    private long lastDraw;

    private Progress(PrintStream out, boolean enabled) {
        this.out = out;
        this.enabled = enabled;
    }

    /** A bar on standard error, enabled unless {@code NSN_PROGRESS} turns it off or {@code quiet} is set. */
    public static Progress console(boolean quiet) {
        return new Progress(System.err, !quiet && enabledByEnvironment(System.getenv("NSN_PROGRESS")));
    }

    /** A progress reporter that prints nothing. */
    public static Progress silent() {
        return new Progress(new PrintStream(PrintStream.nullOutputStream()), false);
    }

    static boolean enabledByEnvironment(String value) {
        if (value == null) {
            return true;
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        return !(v.equals("off") || v.equals("0") || v.equals("false") || v.equals("no"));
    }

    /** Starts a new task of {@code total} units. */
    public void start(String label, long total) {
        this.label = label;
        this.total = total;
        this.startNanos = System.nanoTime();
        this.lastDraw = 0;
    }

    /** Reports {@code done} units finished, with an optional status such as the current loss. */
    public void update(long done, String status) {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        if (done < total && now - lastDraw < 250_000_000L) {
            return;
        }
        lastDraw = now;
        double elapsed = (now - startNanos) / 1e9;
        double rate = done / Math.max(elapsed, 1e-9);
        double eta = done > 0 ? (total - done) / rate : 0;
        int width = 30;
        int filled = total > 0 ? (int) (width * done / total) : 0;
        out.printf(Locale.ROOT, "\r%s [%s%s] %d/%d %.1f/s eta %s %s", label, "#".repeat(filled),
                " ".repeat(width - filled), done, total, rate, formatSeconds(eta), status == null ? "" : status);
        out.flush();
    }

    /** Ends the task, printing a final summary line. */
    public void finish(String summary) {
        double elapsed = (System.nanoTime() - startNanos) / 1e9;
        out.printf(Locale.ROOT, "%s%s done in %s %s%n", enabled ? "\r" : "", label, formatSeconds(elapsed),
                summary == null ? "" : summary);
        out.flush();
    }

    static String formatSeconds(double s) {
        long t = Math.round(s);
        return t >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", t / 3600, (t % 3600) / 60)
                : String.format(Locale.ROOT, "%dm%02ds", t / 60, t % 60);
    }
}
