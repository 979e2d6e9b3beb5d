package nsn.data;

import java.nio.file.Path;

/**
 * A dataset on disk is missing, truncated or not in the format its reader expects. The message always starts with
 * the offending path and says what was expected and what was found, e.g.
 * {@code data/cifar-10-batches-bin/data_batch_3.bin: truncated: expected 30730000 bytes (10000 records of 3073),
 * found 1234}.
 */
public class DatasetFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Path path;

    /**
     * Creates an exception whose message is {@code "<path>: <problem>"}.
     *
     * @param path the file or directory at fault
     * @param problem what is wrong, including what was expected and what was found
     */
    public DatasetFormatException(Path path, String problem) {
        this(path, problem, null);
    }

    /**
     * Creates an exception whose message is {@code "<path>: <problem>"}, caused by {@code cause}.
     *
     * @param path the file or directory at fault
     * @param problem what is wrong, including what was expected and what was found
     * @param cause the underlying error, or {@code null}
     */
    public DatasetFormatException(Path path, String problem, Throwable cause) {
        super(path + ": " + problem, cause);
        this.path = path;
    }

    /**
     * An exception with the message {@code "<path>: expected <expected>, found <found>"}.
     *
     * @param path the file or directory at fault
     * @param expected what the reader expected
     * @param found what the file holds instead
     * @return the exception, for the caller to throw
     */
    public static DatasetFormatException expected(Path path, String expected, String found) {
        return new DatasetFormatException(path, "expected " + expected + ", found " + found);
    }

    /** The file or directory at fault. */
    public Path path() {
        return path;
    }
}
