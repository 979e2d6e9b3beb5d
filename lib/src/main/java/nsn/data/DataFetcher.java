package nsn.data;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Lays out a missing dataset by running the repository's {@code data-scripts/} (which verify checksums and know the
 * official and local sources), streaming the script's output to standard error.
 *
 * <p>{@link #create()} looks for {@code data-scripts/<script>} under the directory named by the system property
 * {@code nsn.home}, then the environment variable {@code NSN_HOME}, then upwards from the jar or classes directory
 * this class was loaded from, then upwards from the working directory.
 */
public final class DataFetcher {

    /** System property naming the repository root. */
    public static final String HOME_PROPERTY = "nsn.home";
    /** Environment variable naming the repository root. */
    public static final String HOME_ENV = "NSN_HOME";

    private final List<Path> searchStarts;

    private DataFetcher(List<Path> searchStarts) {
        this.searchStarts = searchStarts;
    }

    /** A fetcher that finds the repository as described in the class comment. */
    public static DataFetcher create() {
        Set<Path> starts = new LinkedHashSet<>();
        String property = System.getProperty(HOME_PROPERTY);
        if (property != null && !property.isBlank()) {
            starts.add(Path.of(property));
        }
        String env = System.getenv(HOME_ENV);
        if (env != null && !env.isBlank()) {
            starts.add(Path.of(env));
        }
        codeLocation().ifPresent(starts::add);
        starts.add(Path.of(""));
        return new DataFetcher(starts.stream().map(p -> p.toAbsolutePath().normalize()).toList());
    }

    /**
     * A fetcher that looks for {@code data-scripts/} only in {@code home} and its parents.
     *
     * @param home the repository root
     * @return the fetcher
     */
    public static DataFetcher withHome(Path home) {
        return new DataFetcher(List.of(home.toAbsolutePath().normalize()));
    }

    /**
     * Makes sure Fashion-MNIST is laid out in {@code <dataRoot>/fashion-mnist}, running
     * {@code data-scripts/fashion-mnist.sh --dest <dataRoot>/fashion-mnist} when a file is missing.
     *
     * @param dataRoot the data root, e.g. {@link DataDirs#root()}
     * @return the Fashion-MNIST directory, ready for {@link FashionMnist#load}
     * @throws DatasetFormatException if the files are missing and the script is not found or fails
     */
    public Path ensureFashionMnist(Path dataRoot) {
        return ensure("Fashion-MNIST", DataDirs.fashionMnist(dataRoot), FashionMnist::isPresent, "fashion-mnist.sh");
    }

    /**
     * Makes sure the CIFAR-10 JPEG image folders are laid out in {@code <dataRoot>/cifar10/{train,test}}, running
     * {@code data-scripts/cifar10.sh --dest <dataRoot>/cifar10} when they are missing.
     *
     * @param dataRoot the data root, e.g. {@link DataDirs#root()}
     * @return the {@code cifar10} directory holding {@code train} and {@code test}
     * @throws DatasetFormatException if the folders are missing and the script is not found or fails
     */
    public Path ensureCifar10(Path dataRoot) {
        return ensure("CIFAR-10", DataDirs.cifar10(dataRoot),
                dir -> Files.isDirectory(dir.resolve("train")) && Files.isDirectory(dir.resolve("test")),
                "cifar10.sh");
    }

    /**
     * The script {@code data-scripts/<name>}, searched for as described in the class comment.
     *
     * @param name the script's file name, e.g. {@code fashion-mnist.sh}
     * @return the script, if found
     */
    public Optional<Path> findScript(String name) {
        return repositoryRoot().map(root -> root.resolve("data-scripts").resolve(name)).filter(Files::isRegularFile);
    }

    /**
     * The nsn repository root: the first directory, searching as described in the class comment, that holds a
     * {@code data-scripts/} directory. Provenance also uses it to find the git commit.
     *
     * @return the repository root, if found
     */
    public Optional<Path> repositoryRoot() {
        for (Path start : searchStarts) {
            for (Path dir = start; dir != null; dir = dir.getParent()) {
                if (Files.isDirectory(dir.resolve("data-scripts"))) {
                    return Optional.of(dir);
                }
            }
        }
        return Optional.empty();
    }

    private Path ensure(String dataset, Path dir, Predicate<Path> present, String scriptName) {
        if (present.test(dir)) {
            return dir;
        }
        Optional<Path> script = findScript(scriptName);
        if (script.isEmpty()) {
            throw new DatasetFormatException(dir, "missing: " + dataset + " is not laid out here and data-scripts/"
                    + scriptName + " was not found above " + searchStarts + "; run `bash <repository>/data-scripts/"
                    + scriptName + " --dest " + dir + "` by hand, or set -D" + HOME_PROPERTY + " or " + HOME_ENV
                    + " to the repository root");
        }
        List<String> command = List.of("bash", script.get().toString(), "--dest", dir.toString());
        String commandLine = String.join(" ", command);
        System.err.println("[nsn] " + dataset + " is missing from " + dir + "; running: " + commandLine);
        int exitCode = run(command, commandLine);
        if (exitCode != 0) {
            throw new DatasetFormatException(dir, "missing: " + dataset + " could not be laid out: `" + commandLine
                    + "` exited with status " + exitCode + " (its output is above); fix the cause and run it by hand");
        }
        if (!present.test(dir)) {
            throw new DatasetFormatException(dir, "missing: `" + commandLine + "` succeeded but " + dataset
                    + " is still not laid out here");
        }
        return dir;
    }

    /** Runs {@code command}, copying its standard output and error to our standard error; returns the exit code. */
    private static int run(List<String> command, String commandLine) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            try (InputStream output = process.getInputStream()) {
                output.transferTo(System.err);
            }
            return process.waitFor();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run `" + commandLine + "`: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running `" + commandLine + "`", e);
        }
    }

    /** The jar or classes directory this class was loaded from, if known. */
    private static Optional<Path> codeLocation() {
        CodeSource source = DataFetcher.class.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Path.of(source.getLocation().toURI()));
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
