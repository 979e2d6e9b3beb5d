package nsn.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads the class-name files of the binary releases ({@code batches.meta.txt}, {@code class_names.txt}). */
final class ClassNameFiles {

    private ClassNameFiles() {
    }

    /**
     * The stripped non-blank lines of {@code file}, or {@code defaults} when the file is absent.
     *
     * @throws DatasetFormatException if the file does not list exactly {@code defaults.size()} names
     */
    static List<String> read(Path file, List<String> defaults) {
        if (!Files.exists(file)) {
            return defaults;
        }
        try {
            List<String> names = Files.readAllLines(file).stream().map(String::strip)
                    .filter(line -> !line.isEmpty()).toList();
            if (names.size() != defaults.size()) {
                throw DatasetFormatException.expected(file, defaults.size() + " class names",
                        names.size() + " " + names);
            }
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
