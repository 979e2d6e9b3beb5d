package nsn.negatives;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import nsn.TestData;
import nsn.data.ByteImage;

/** Real image trees for the texture-dataset tests, and a cheap deterministic stand-in for the texture synthesizer. */
public final class TextureTestFiles {

    private TextureTestFiles() {}

    /**
     * A stand-in texture generator: nearest-neighbour resampling to {@code size × size}, then a cyclic shift of the
     * columns by {@code seed mod size}, so the output depends on the image, the size and the seed.
     */
    public static ByteImage standIn(ByteImage image, int size, long seed) {
        int shift = (int) Math.floorMod(seed, (long) size);
        byte[] px = new byte[image.channels() * size * size];
        for (int c = 0; c < image.channels(); c++) {
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    px[(c * size + y) * size + x] = (byte) image.get(c, y * image.height() / size,
                            ((x + shift) % size) * image.width() / size);
                }
            }
        }
        return new ByteImage(image.channels(), size, size, px);
    }

    /** {@code data/cifar10/train} ({@link TestData#cifar10TrainDir}). */
    public static Path cifar10Train() {
        return TestData.cifar10TrainDir();
    }

    /** The real ImageNet sample JPEGs ({@code ../shared/data/imagenet100-samples}, any size), sorted. */
    public static List<Path> imagenetSamples() {
        Path dir = TestData.imagenetSamplesDir();
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".JPEG")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An ImageFolder at {@code root} with the first {@code perClass} CIFAR-10 training JPEGs of the first classes. */
    public static Path cifarTree(Path root, int classes, int perClass) throws IOException {
        Path train = cifar10Train();
        List<String> names;
        try (Stream<Path> dirs = Files.list(train)) {
            names = dirs.map(p -> p.getFileName().toString()).sorted().limit(classes).toList();
        }
        for (String cls : names) {
            Files.createDirectories(root.resolve(cls));
            try (Stream<Path> files = Files.list(train.resolve(cls))) {
                for (Path f : files.sorted().limit(perClass).toList()) {
                    Files.copy(f, root.resolve(cls).resolve(f.getFileName()));
                }
            }
        }
        return root;
    }

    /** Every regular file under {@code root}, relative path to content. */
    public static Map<String, byte[]> contents(Path root) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                out.put(root.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return out;
    }

    /** The PNG outputs under {@code root}, relative path to content. */
    public static Map<String, byte[]> pngs(Path root) throws IOException {
        Map<String, byte[]> all = contents(root);
        all.keySet().removeIf(name -> !name.endsWith(".png"));
        return all;
    }

    /** Fails if a temporary file ({@code .…tmp}) is left anywhere under {@code root}. */
    public static void assertNoTempFiles(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            List<Path> temps = files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
            assertTrue(temps.isEmpty(), "temporary files left: " + temps);
        }
    }
}
