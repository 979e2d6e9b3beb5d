package nsn.kernel;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.concurrent.atomic.AtomicInteger;
import jdk.jshell.execution.DirectExecutionControl;

/**
 * JShell's execution engine for the kernel: snippets run in this JVM, as with jshell's local execution, so the
 * kernel gets the value of a snippet as the real object ({@link #takeValue}) and a thrown exception as the real
 * {@code Throwable} ({@link #takeThrown}).
 *
 * <p>Each snippet runs on a fresh daemon thread whose context class loader is the snippet's class loader (which sees
 * jars added with {@code %jars}). Only that thread is awaited: unlike JShell's {@code LocalExecutionControl}, which
 * waits for every thread a snippet started, a cell that leaves a thread pool running still finishes. {@link #stop}
 * interrupts the snippet's thread and, if it does not end within {@value #STOP_GRACE_MS} ms (a busy loop), stops it
 * the way jshell's local execution does on JDK 17 ({@code Thread.stop}); a stop requested while no snippet runs
 * (the cell is compiling) stops the next snippet before it starts.
 */
final class CellExecutionControl extends DirectExecutionControl {

    /** What {@link #takeValue} returns when no snippet produced a value since the last call. */
    static final Object NO_VALUE = new Object();

    static final long STOP_GRACE_MS = 250;
    private static final long POLL_MS = 20;

    private static final AtomicInteger THREADS = new AtomicInteger();

    private volatile Thread running;
    /** Set by {@link #stop}, cleared by {@link #clearStop}: a stop covers the rest of the cell. */
    private volatile boolean stopRequested;
    private volatile boolean stopped;
    private volatile Object lastValue = NO_VALUE;
    private volatile Throwable lastThrown;

    @Override
    protected String invoke(Method doit) throws Exception {
        Object[] value = new Object[1];
        Throwable[] thrown = new Throwable[1];
        Thread thread = new Thread(() -> {
            try {
                value[0] = doit.invoke(null);
            } catch (InvocationTargetException e) {
                thrown[0] = e.getCause();
            } catch (Throwable e) {
                thrown[0] = e;
            }
        }, "nsn-cell-" + THREADS.incrementAndGet());
        thread.setDaemon(true);
        thread.setContextClassLoader(doit.getDeclaringClass().getClassLoader());
        running = thread;
        boolean finished = true;
        try {
            if (!stopRequested) {
                thread.start();
                finished = awaitOrStop(thread);
            }
        } finally {
            running = null;
        }
        if (stopRequested) {
            stopped = true;
            throw new StoppedException();
        }
        if (!finished) {
            throw new StoppedException();
        }
        if (thrown[0] != null) {
            lastThrown = thrown[0];
            throw new InvocationTargetException(thrown[0]);
        }
        lastValue = value[0];
        // JShell only keeps this string for its own display; the kernel renders the object itself, so no toString().
        return value[0] == null ? "null"
                : value[0].getClass().getName() + "@" + Integer.toHexString(System.identityHashCode(value[0]));
    }

    /**
     * Waits for the snippet's thread; once a stop is requested, interrupts it, and stops it if it still runs after
     * {@value #STOP_GRACE_MS} ms. Returns false if the thread could not be stopped and was left behind.
     */
    private boolean awaitOrStop(Thread thread) throws InterruptedException {
        long stopSeen = -1;
        while (true) {
            thread.join(POLL_MS);
            if (!thread.isAlive()) {
                return true;
            }
            if (!stopRequested) {
                continue;
            }
            long now = System.nanoTime();
            if (stopSeen < 0) {
                stopSeen = now;
                thread.interrupt();
            } else if (now - stopSeen > STOP_GRACE_MS * 1_000_000L) {
                if (!forceStop(thread)) {
                    return false;
                }
                thread.join(1000);
                stopSeen = now;
            }
        }
    }

    /**
     * Asks the running snippet to stop (and the cell's later snippets not to start, until {@link #clearStop}): it
     * is interrupted at once, and stopped after a short grace period if it ignores interrupts (a busy loop). Safe to
     * call from any thread; does not wait.
     */
    @Override
    public void stop() {
        stopRequested = true;
        Thread thread = running;
        if (thread != null) {
            thread.interrupt();
        }
    }

    /** Forgets a stop request (at the start of a cell). */
    void clearStop() {
        stopRequested = false;
        stopped = false;
    }

    /**
     * {@code Thread.stop()}, looked up reflectively: JDK 20+ throws UnsupportedOperationException instead, and then
     * the thread is left running (the cell reports the interrupt; the thread ends when its code checks interrupts).
     */
    private static boolean forceStop(Thread thread) {
        try {
            Thread.class.getMethod("stop").invoke(thread);
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            Throwable why = e instanceof InvocationTargetException && e.getCause() != null ? e.getCause() : e;
            System.err.println("nsn kernel: this JDK cannot stop a busy cell (" + why + "); its thread "
                    + thread.getName() + " is left running in the background");
            return false;
        }
    }

    /** Whether a snippet was stopped since the last call; clears the flag. */
    boolean takeStopped() {
        boolean s = stopped;
        stopped = false;
        return s;
    }

    /** The value of the last snippet that returned normally since the last call, else {@link #NO_VALUE}. */
    Object takeValue() {
        Object v = lastValue;
        lastValue = NO_VALUE;
        return v;
    }

    /** The exception the last failing snippet threw since the last call, else null. */
    Throwable takeThrown() {
        Throwable t = lastThrown;
        lastThrown = null;
        return t;
    }
}
