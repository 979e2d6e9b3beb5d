package nsn.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Fashion-MNIST (Xiao et al., 2017): 60,000 training and 10,000 test grayscale images of 1×28×28 in 10 classes, read
 * from the four IDX files {@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte},
 * {@code t10k-images-idx3-ubyte} and {@code t10k-labels-idx1-ubyte} of one directory, each either gzip-compressed
 * ({@code .gz}, as distributed) or raw. {@code data-scripts/fashion-mnist.sh} lays them out.
 *
 * <p>The reader checks the IDX magic numbers, the 28×28 image size, that the image and label counts agree, that
 * neither file is truncated or has trailing bytes, and that every label lies in {@code [0, 10)}.
 */
public final class FashionMnist {

    /** The class names in label order. */
    public static final List<String> CLASSES = List.of(
            "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    /** Image side in pixels. */
    public static final int SIZE = 28;

    private FashionMnist() {
    }

    /**
     * Reads one split into memory.
     *
     * @param dir the directory holding the IDX files
     * @param split {@link Split#TRAIN} (60,000 images) or {@link Split#TEST} (10,000 images)
     * @return the split, named {@code fashion-mnist/train} or {@code fashion-mnist/test}
     * @throws DatasetFormatException if a file is missing or malformed
     */
    public static InMemoryImageDataset load(Path dir, Split split) {
        Path imagesFile = locate(dir, imagesName(split));
        Path labelsFile = locate(dir, labelsName(split));
        IdxFiles.Images images = IdxFiles.readImages(imagesFile, SIZE, SIZE);
        int[] labels = IdxFiles.readLabels(labelsFile, CLASSES.size());
        if (labels.length != images.count()) {
            throw DatasetFormatException.expected(labelsFile, images.count() + " labels, one per image in "
                    + imagesFile.getFileName(), labels.length + " labels");
        }
        return new InMemoryImageDataset("fashion-mnist/" + split.name().toLowerCase(Locale.ROOT), 1, SIZE, SIZE,
                CLASSES, images.pixels(), labels);
    }

    /**
     * Whether {@code dir} holds all four IDX files (compressed or raw); does not check their contents.
     *
     * @param dir the directory to look in
     * @return true when every file is there
     */
    public static boolean isPresent(Path dir) {
        for (Split split : List.of(Split.TRAIN, Split.TEST)) {
            for (String name : List.of(imagesName(split), labelsName(split))) {
                if (!Files.isRegularFile(dir.resolve(name + ".gz")) && !Files.isRegularFile(dir.resolve(name))) {
                    return false;
                }
            }
        }
        return true;
    }

    private static String imagesName(Split split) {
        return prefix(split) + "-images-idx3-ubyte";
    }

    private static String labelsName(Split split) {
        return prefix(split) + "-labels-idx1-ubyte";
    }

    private static String prefix(Split split) {
        return switch (split) {
            case TRAIN -> "train";
            case TEST -> "t10k";
            case UNLABELED -> throw new IllegalArgumentException("Fashion-MNIST has no unlabeled split");
        };
    }

    /** The {@code .gz} file if present, else the raw one; fails naming both when neither is there. */
    private static Path locate(Path dir, String name) {
        Path gz = dir.resolve(name + ".gz");
        if (Files.isRegularFile(gz)) {
            return gz;
        }
        Path raw = dir.resolve(name);
        if (Files.isRegularFile(raw)) {
            return raw;
        }
        throw new DatasetFormatException(gz, "missing: expected the Fashion-MNIST IDX file " + name
                + "[.gz] in " + dir + " (lay it out with data-scripts/fashion-mnist.sh)");
    }
}
