package nsn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.function.Executable;

/** Assertions shared by the reader tests. */
final class DataAssertions {

    private DataAssertions() {
    }

    /**
     * Asserts that {@code load} fails with a {@link DatasetFormatException} for {@code path} whose message starts
     * with {@code "<path>: <problem>"}.
     */
    static DatasetFormatException assertFormatError(Executable load, Path path, String problem) {
        DatasetFormatException e = assertThrows(DatasetFormatException.class, load);
        assertEquals(path, e.path());
        assertTrue(e.getMessage().startsWith(path + ": " + problem), e.getMessage());
        return e;
    }
}
