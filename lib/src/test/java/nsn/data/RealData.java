package nsn.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Finds the real datasets laid out by {@code data-scripts/}: first in the repository's {@code data/} (tests run in
 * {@code lib/}), then under {@code $NSN_DATA_DIR}, then (Fashion-MNIST only) in Debian's system location.
 */
final class RealData {

    private RealData() {
    }

    /** The Fashion-MNIST directory, if one holding the four files exists. */
    static Optional<Path> fashionMnist() {
        List<Path> candidates = new ArrayList<>(candidates("fashion-mnist"));
        candidates.add(Path.of("/usr/share/datasets/fashion-mnist"));
        return first(candidates, FashionMnist::isPresent);
    }

    /** The CIFAR-10 JPEG directory holding {@code train} and {@code test}, if present. */
    static Optional<Path> cifar10Jpeg() {
        return first(candidates("cifar10"),
                dir -> Files.isDirectory(dir.resolve("train")) && Files.isDirectory(dir.resolve("test")));
    }

    private static List<Path> candidates(String subDir) {
        List<Path> candidates = new ArrayList<>();
        candidates.add(Path.of("..", "data", subDir));
        String env = System.getenv(DataDirs.DATA_DIR_ENV);
        if (env != null && !env.isBlank()) {
            candidates.add(Path.of(env, subDir));
        }
        return candidates;
    }

    private static Optional<Path> first(List<Path> candidates, Predicate<Path> present) {
        return candidates.stream().filter(present).findFirst();
    }
}
