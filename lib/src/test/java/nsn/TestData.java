package nsn;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import nsn.data.DataDirs;
import nsn.data.FashionMnist;
import nsn.data.InMemoryImageDataset;
import nsn.data.Split;

/**
 * Real data for tests: Fashion-MNIST as laid out by {@code data-scripts/fashion-mnist.sh} (the test command runs
 * it first). A missing dataset fails the test with the command that lays it out, rather than skipping it.
 */
public final class TestData {

    private static InMemoryImageDataset train;
    private static InMemoryImageDataset test;

    private TestData() {}

    /** The data root: {@code $NSN_DATA_DIR}, else the repository's {@code data/}. */
    public static Path dataRoot() {
        if (System.getenv(DataDirs.DATA_DIR_ENV) != null) {
            return DataDirs.root();
        }
        Path repo = Path.of("").toAbsolutePath();
        while (repo != null && !Files.exists(repo.resolve("data-scripts"))) {
            repo = repo.getParent();
        }
        return repo == null ? DataDirs.root() : repo.resolve("data");
    }

    /** The Fashion-MNIST directory, failing if the files are not there. */
    public static Path fashionMnistDir() {
        Path dir = DataDirs.fashionMnist(dataRoot());
        if (!FashionMnist.isPresent(dir)) {
            fail("Fashion-MNIST is not laid out in " + dir + "; run data-scripts/fashion-mnist.sh first");
        }
        return dir;
    }

    /** The first {@code n} Fashion-MNIST training images. */
    public static synchronized InMemoryImageDataset fashionTrain(int n) {
        if (train == null) {
            train = FashionMnist.load(fashionMnistDir(), Split.TRAIN);
        }
        return train.head(n);
    }

    /** The first {@code n} Fashion-MNIST test images. */
    public static synchronized InMemoryImageDataset fashionTest(int n) {
        if (test == null) {
            test = FashionMnist.load(fashionMnistDir(), Split.TEST);
        }
        return test.head(n);
    }
}
