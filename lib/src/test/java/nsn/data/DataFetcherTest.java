package nsn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataFetcherTest {

    @TempDir
    Path temp;

    /** A fake repository whose data-scripts/NAME runs BODY (with "$2" the --dest directory). */
    private Path fakeHome(String name, String body) throws IOException {
        Path scripts = Files.createDirectories(temp.resolve("repo/data-scripts"));
        Files.writeString(scripts.resolve(name), "#!/usr/bin/env bash\nset -euo pipefail\n" + body + "\n");
        return temp.resolve("repo");
    }

    @Test
    void dataRootDefaultsToDataInTheWorkingDirectory() {
        assertEquals(Path.of("data").toAbsolutePath(), DataDirs.root(null));
        assertEquals(Path.of("data").toAbsolutePath(), DataDirs.root("  "));
        assertEquals(Path.of("/srv/nsn-data"), DataDirs.root("/srv/nsn-data/"));
        Path root = Path.of("/d");
        assertEquals(Path.of("/d/fashion-mnist"), DataDirs.fashionMnist(root));
        assertEquals(Path.of("/d/cifar10/test"), DataDirs.cifar10(root, Split.TEST));
        assertEquals(Path.of("/d/cifar-10-batches-bin"), DataDirs.cifar10Binary(root));
        assertEquals(Path.of("/d/stl10_binary"), DataDirs.stl10(root));
        assertEquals(Path.of("/d/imagenet/val"), DataDirs.imagenet(root, Split.TEST));
    }

    @Test
    void runsTheScriptWhenFilesAreMissing() throws IOException {
        Path home = fakeHome("fashion-mnist.sh", """
                [[ "$1" == --dest ]]
                mkdir -p "$2"
                for f in train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte \\
                    t10k-labels-idx1-ubyte; do touch "$2/$f.gz"; done
                echo "laid out $2"
                """);
        Path dataRoot = temp.resolve("data");
        DataFetcher fetcher = DataFetcher.withHome(home);
        assertEquals(dataRoot.resolve("fashion-mnist"), fetcher.ensureFashionMnist(dataRoot));
        assertTrue(FashionMnist.isPresent(dataRoot.resolve("fashion-mnist")));
        Files.delete(home.resolve("data-scripts/fashion-mnist.sh"));
        assertEquals(dataRoot.resolve("fashion-mnist"), fetcher.ensureFashionMnist(dataRoot),
                "nothing runs when the files are there");
    }

    @Test
    void ensuresCifar10ImageFolders() throws IOException {
        Path home = fakeHome("cifar10.sh", "mkdir -p \"$2/train\" \"$2/test\"");
        Path dataRoot = temp.resolve("data");
        assertEquals(dataRoot.resolve("cifar10"), DataFetcher.withHome(home).ensureCifar10(dataRoot));
        assertTrue(Files.isDirectory(dataRoot.resolve("cifar10/test")));
    }

    @Test
    void reportsAFailingScriptWithItsCommand() throws IOException {
        Path home = fakeHome("fashion-mnist.sh", "echo 'no network' >&2; exit 3");
        Path dest = temp.resolve("data/fashion-mnist");
        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> DataFetcher.withHome(home).ensureFashionMnist(temp.resolve("data")));
        assertEquals(dest, e.path());
        assertTrue(e.getMessage().contains("`bash " + home.resolve("data-scripts/fashion-mnist.sh") + " --dest "
                + dest + "` exited with status 3"), e.getMessage());
    }

    @Test
    void reportsAScriptThatLaysNothingOut() throws IOException {
        Path home = fakeHome("cifar10.sh", "true");
        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> DataFetcher.withHome(home).ensureCifar10(temp.resolve("data")));
        assertTrue(e.getMessage().contains("succeeded but CIFAR-10 is still not laid out here"), e.getMessage());
    }

    @Test
    void saysWhatToRunWhenNoScriptIsFound() {
        Path dest = temp.resolve("data/fashion-mnist");
        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> DataFetcher.withHome(temp).ensureFashionMnist(temp.resolve("data")));
        assertTrue(e.getMessage().startsWith(dest + ": missing: Fashion-MNIST is not laid out here and "
                + "data-scripts/fashion-mnist.sh was not found"), e.getMessage());
        assertTrue(e.getMessage().contains("run `bash <repository>/data-scripts/fashion-mnist.sh --dest " + dest
                + "` by hand"), e.getMessage());
    }

    @Test
    void findsTheRepositoryScriptsFromTheWorkingDirectory() {
        Optional<Path> script = DataFetcher.create().findScript("fashion-mnist.sh");
        Assumptions.assumeTrue(Files.isRegularFile(Path.of("../data-scripts/fashion-mnist.sh")),
                "not running inside the repository");
        assertTrue(script.isPresent());
        assertTrue(script.get().endsWith(Path.of("data-scripts/fashion-mnist.sh")), script.get().toString());
        assertTrue(DataFetcher.create().findScript("no-such-script.sh").isEmpty());
    }
}
