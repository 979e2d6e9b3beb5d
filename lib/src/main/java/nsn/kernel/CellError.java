package nsn.kernel;

import java.util.List;

/**
 * A cell that failed, with the lines Jupyter shows for it ({@link #traceback()}: plain text, one line each, already
 * mapped to the cell's line numbers). Jupyter's {@code ename} is the simple class name of the subclass.
 */
public abstract class CellError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final List<String> traceback;

    CellError(String message, List<String> traceback, Throwable cause) {
        super(message, cause, false, false);
        this.traceback = List.copyOf(traceback);
    }

    /** The lines shown for the error, without styling. */
    public List<String> traceback() {
        return traceback;
    }

    /** The cell does not compile; the message names the line and the first error. */
    public static final class CompileError extends CellError {
        private static final long serialVersionUID = 1L;

        CompileError(String message, List<String> traceback) {
            super(message, traceback, null);
        }
    }

    /**
     * The cell threw: the message is the exception's class and message, the traceback its stack trace cut to the
     * frames down to the cell. The cause is the exception itself when the kernel caught it in this JVM.
     */
    public static final class UncaughtException extends CellError {
        private static final long serialVersionUID = 1L;

        private final String exceptionClass;

        UncaughtException(String exceptionClass, String message, List<String> traceback, Throwable cause) {
            super(message, traceback, cause);
            this.exceptionClass = exceptionClass;
        }

        /** The fully qualified class name of what the cell threw. */
        public String exceptionClass() {
            return exceptionClass;
        }
    }

    /** The cell was stopped by an interrupt request. */
    public static final class Interrupted extends CellError {
        private static final long serialVersionUID = 1L;

        Interrupted(String message, List<String> traceback) {
            super(message, traceback, null);
        }
    }

    /** A magic line ({@code %jars ...}) failed. */
    public static final class MagicError extends CellError {
        private static final long serialVersionUID = 1L;

        MagicError(String message, List<String> traceback, Throwable cause) {
            super(message, traceback, cause);
        }
    }
}
