package nsn.data;

import java.nio.file.Path;

/**
 * Where each dataset is laid out under the data root, as {@code data-scripts/} lays them out. The data root is
 * {@code $NSN_DATA_DIR} when set, else {@code ./data} (relative to the working directory).
 *
 * <pre>
 * fashion-mnist/            the four Fashion-MNIST IDX files (.gz)
 * cifar10/{train,test}/     CIFAR-10 as JPEGs, one directory per class (ImageFolder)
 * cifar-10-batches-bin/     the official CIFAR-10 binary release
 * stl10_binary/             the official STL-10 binary release
 * imagenet/{train,val}/     ILSVRC-2012, one directory per wnid (ImageFolder)
 * imagenet100/{train,val}/  ImageNet-100, links into imagenet/
 * imagenet100-samples/      one ILSVRC-2012 image per ImageNet-100 class, {@code <wnid>_<class>.JPEG} (flat)
 * </pre>
 */
public final class DataDirs {

    /** The environment variable naming the data root. */
    public static final String DATA_DIR_ENV = "NSN_DATA_DIR";

    private DataDirs() {
    }

    /** The data root: {@code $NSN_DATA_DIR} when set and non-blank, else {@code ./data}; absolute. */
    public static Path root() {
        return root(System.getenv(DATA_DIR_ENV));
    }

    /** The data root given the value of {@code $NSN_DATA_DIR} (null when unset). */
    static Path root(String dataDirEnv) {
        Path root = dataDirEnv == null || dataDirEnv.isBlank() ? Path.of("data") : Path.of(dataDirEnv);
        return root.toAbsolutePath().normalize();
    }

    /** {@code <root>/fashion-mnist}, the directory {@link FashionMnist#load} reads. */
    public static Path fashionMnist(Path root) {
        return root.resolve("fashion-mnist");
    }

    /** {@code <root>/cifar10}, which holds the {@code train} and {@code test} image folders. */
    public static Path cifar10(Path root) {
        return root.resolve("cifar10");
    }

    /** {@code <root>/cifar10/train} or {@code <root>/cifar10/test}, an {@link ImageFolderDataset} root. */
    public static Path cifar10(Path root, Split split) {
        return cifar10(root).resolve(switch (split) {
            case TRAIN -> "train";
            case TEST -> "test";
            case UNLABELED -> throw new IllegalArgumentException("CIFAR-10 has no unlabeled split");
        });
    }

    /** {@code <root>/cifar-10-batches-bin}, the directory {@link Cifar10Binary#load} reads. */
    public static Path cifar10Binary(Path root) {
        return root.resolve(Cifar10Binary.DIR_NAME);
    }

    /** {@code <root>/stl10_binary}, the directory {@link Stl10Binary#load} reads. */
    public static Path stl10(Path root) {
        return root.resolve(Stl10Binary.DIR_NAME);
    }

    /** {@code <root>/imagenet}, which holds the {@code train} and {@code val} image folders. */
    public static Path imagenet(Path root) {
        return root.resolve("imagenet");
    }

    /** {@code <root>/imagenet/train} or {@code <root>/imagenet/val} (for {@link Split#TEST}). */
    public static Path imagenet(Path root, Split split) {
        return imagenet(root).resolve(switch (split) {
            case TRAIN -> "train";
            case TEST -> "val";
            case UNLABELED -> throw new IllegalArgumentException("ImageNet has no unlabeled split");
        });
    }

    /**
     * {@code <root>/imagenet100/train} or {@code .../val}: the ImageNet-100 subset as laid out by
     * {@code data-scripts/imagenet.sh --subset imagenet100.txt} (links into {@code imagenet/}).
     */
    public static Path imagenet100(Path root, Split split) {
        return imagenet(root).resolveSibling("imagenet100").resolve(imagenet(root, split).getFileName());
    }

    /**
     * {@code <root>/imagenet100-samples}: one real ILSVRC-2012 image for each ImageNet-100 class, named
     * {@code <wnid>_<class>.JPEG}, as laid out by {@code data-scripts/imagenet-samples.sh} (Figure 1 is drawn from
     * them).
     */
    public static Path imagenetSamples(Path root) {
        return root.resolve("imagenet100-samples");
    }
}
