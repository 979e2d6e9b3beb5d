package nsn.negatives;

import java.nio.file.Path;
import java.util.Locale;
import nsn.data.ImageDataset;
import nsn.data.ImageFolderDataset;

/**
 * Where the texture version of each image of a dataset lives, so that a texture dataset can be written once
 * ({@code make-texture-dataset}) and read back aligned with its source, image by image.
 *
 * <p>An ImageFolder keeps its class folders and file stems, with a {@code .png} extension (lossless), as the
 * authors' script did: {@code train/n01558993/n01558993_10.JPEG} → {@code train/n01558993/n01558993_10.png}.
 * Datasets without file names (Fashion-MNIST, CIFAR-10 binary, STL-10) use
 * {@code <class name>/<index, 6 digits>.png}, or {@code unlabeled/…} for unlabelled samples.
 */
public final class TextureDatasetLayout {

    /** Extension of every texture image. */
    public static final String EXTENSION = ".png";

    private TextureDatasetLayout() {}

    /**
     * The output path, relative to the texture dataset's root, of an input file given relative to its
     * ImageFolder root ({@code class/file.ext}).
     */
    public static String outputName(String relativeInput) {
        String unix = relativeInput.replace('\\', '/');
        int slash = unix.lastIndexOf('/');
        int dot = unix.lastIndexOf('.');
        String stem = dot > slash ? unix.substring(0, dot) : unix;
        return stem + EXTENSION;
    }

    /** The output path, relative to the texture dataset's root, of sample {@code index} of {@code source}. */
    public static String outputName(ImageDataset source, int index) {
        if (source instanceof ImageFolderDataset folder) {
            Path file = folder.file(index);
            return outputName(file.getParent().getFileName() + "/" + file.getFileName());
        }
        int label = source.label(index);
        String cls = label < 0 ? "unlabeled" : sanitize(source.classes().get(label));
        return cls + "/" + String.format(Locale.ROOT, "%06d", index) + EXTENSION;
    }

    /** A class name usable as a folder name on every file system. */
    static String sanitize(String name) {
        String s = name.replaceAll("[^A-Za-z0-9._-]+", "_");
        return s.isEmpty() ? "_" : s;
    }
}
