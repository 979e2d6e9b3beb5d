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

    /** The repository root: the nearest folder above the working directory holding {@code data-scripts}. */
    public static Path repositoryRoot() {
        Path repo = Path.of("").toAbsolutePath();
        while (repo != null && !Files.exists(repo.resolve("data-scripts"))) {
            repo = repo.getParent();
        }
        if (repo == null) {
            fail("no repository root (a folder with data-scripts/) above " + Path.of("").toAbsolutePath());
        }
        return repo;
    }

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

    /**
     * The folder of real ImageNet sample images (one per ImageNet-100 class): {@code $NSN_IMAGENET_SAMPLES}, else
     * {@code data/imagenet100-samples} as {@code data-scripts/imagenet-samples.sh} lays it out, else the local
     * source {@code ../shared/data/imagenet100-samples}. These images cannot be downloaded, so a machine without
     * them skips the tests that need them (as the CIFAR-10 JPEG tests do) rather than failing.
     */
    public static Path imagenetSamplesDir() {
        String env = System.getenv("NSN_IMAGENET_SAMPLES");
        Path dir = env != null ? Path.of(env) : dataRoot().resolve("imagenet100-samples");
        if (env == null && !Files.isDirectory(dir)) {
            dir = repositoryRoot().resolveSibling("shared").resolve("data/imagenet100-samples");
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(dir), "ImageNet sample images not found at "
                + dir + "; run data-scripts/imagenet-samples.sh --from DIR or set NSN_IMAGENET_SAMPLES");
        return dir;
    }

    /**
     * {@code data/cifar10/train} (CIFAR-10 JPEGs laid out by {@code data-scripts/cifar10.sh} from a local copy);
     * skips the calling test when absent, as the CIFAR-10 reader tests do.
     */
    public static Path cifar10TrainDir() {
        Path dir = dataRoot().resolve("cifar10").resolve("train");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(dir),
                "CIFAR-10 JPEGs are not laid out in " + dir + "; run data-scripts/cifar10.sh first");
        return dir;
    }

    /** The first {@code n} ImageNet sample images in file-name order, decoded. */
    public static java.util.List<nsn.data.ByteImage> imagenetSamples(int n) {
        try (var files = Files.list(imagenetSamplesDir())) {
            java.util.List<Path> paths = files.filter(f -> f.getFileName().toString().endsWith(".JPEG")).sorted()
                    .limit(n).toList();
            java.util.List<nsn.data.ByteImage> out = new java.util.ArrayList<>();
            for (Path f : paths) {
                out.add(nsn.data.ByteImage.of(javax.imageio.ImageIO.read(f.toFile())));
            }
            return out;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
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
