package nsn;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import nsn.data.ByteImage;
import nsn.data.ImageDataset;
import nsn.data.ImageFolderDataset;
import nsn.negatives.TextureDatasetLayout;

/** Texture datasets for tests, written in the {@link TextureDatasetLayout} from real images. */
public final class TestTextures {

    private TestTextures() {}

    /**
     * Writes {@code texture(image)} of each source image at {@code indices} as a PNG where the layout puts it.
     *
     * @return {@code root}
     */
    public static Path write(ImageDataset source, int[] indices, UnaryOperator<ByteImage> texture, Path root) {
        try {
            for (int i : indices) {
                Path file = root.resolve(TextureDatasetLayout.outputName(source, i));
                Files.createDirectories(file.getParent());
                ImageIO.write(texture.apply(ByteImage.of(source, i)).toBufferedImage(), "png", file.toFile());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return root;
    }

    /** {@link #write} for every source image. */
    public static Path write(ImageDataset source, UnaryOperator<ByteImage> texture, Path root) {
        int[] all = new int[source.size()];
        Arrays.setAll(all, i -> i);
        return write(source, all, texture, root);
    }

    /** The image upside down (MoCo-v2's augmentation flips horizontally only, so no crop undoes this). */
    public static ByteImage flipVertically(ByteImage image) {
        int h = image.height();
        int w = image.width();
        byte[] out = new byte[image.pixels().length];
        for (int c = 0; c < image.channels(); c++) {
            for (int y = 0; y < h; y++) {
                System.arraycopy(image.pixels(), (c * h + y) * w, out, (c * h + h - 1 - y) * w, w);
            }
        }
        return new ByteImage(image.channels(), h, w, out);
    }

    /**
     * An ImageFolder of real CIFAR-10 JPEGs under {@code dir}: the first {@code perClass} files of each class of
     * {@code data/cifar10/train}, copied with their class folders and names.
     */
    public static ImageFolderDataset cifarFolder(int perClass, Path dir) {
        Path train = TestData.cifar10TrainDir();
        if (!Files.isDirectory(train)) {
            fail("CIFAR-10 JPEGs are not laid out in " + train
                    + "; run data-scripts/cifar10.sh first");
        }
        try (Stream<Path> classes = Files.list(train)) {
            for (Path cls : classes.filter(Files::isDirectory).sorted().toList()) {
                List<Path> files;
                try (Stream<Path> s = Files.list(cls)) {
                    files = s.sorted().limit(perClass).toList();
                }
                Path to = Files.createDirectories(dir.resolve(cls.getFileName().toString()));
                for (Path f : files) {
                    Files.copy(f, to.resolve(f.getFileName().toString()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ImageFolderDataset.builder().setRoot(dir).optChannels(3).optName("cifar10-sample/train").build();
    }
}
