package nsn.data;

import static nsn.data.DataAssertions.assertFormatError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real corrupt files: CIFAR-10 JPEGs cut short, garbage bytes under a {@code .jpg} name, a text file named
 * {@code .png} and a truncated PNG. Uses the real CIFAR-10 JPEGs when {@code data/cifar10} is laid out, else JPEGs
 * written here (the corruptions are the same).
 */
class TolerantImageDatasetTest {

    @TempDir
    Path root;

    /** cat: 0 good, 1 truncated JPEG, 2 garbage, 3 good, 4 truncated PNG; dog: 5 good, 6 text as PNG, 7 good. */
    private Path[] files;

    @BeforeEach
    void writeTree() throws IOException {
        Optional<Path> cifar = RealData.cifar10Jpeg();
        files = new Path[8];
        String[] names = {"cat/0.jpg", "cat/1.jpg", "cat/2.jpg", "cat/3.jpg", "cat/4.png", "dog/5.jpg", "dog/6.png",
            "dog/7.jpg"};
        for (int i = 0; i < names.length; i++) {
            files[i] = root.resolve(names[i]);
            Files.createDirectories(files[i].getParent());
            String cls = names[i].substring(0, 3);
            byte[] jpeg = cifar.isPresent() ? realJpeg(cifar.get(), cls, i) : jpeg(i);
            Files.write(files[i], jpeg);
        }
        byte[] truncated = Files.readAllBytes(files[1]);
        Files.write(files[1], Arrays.copyOf(truncated, truncated.length * 3 / 4));
        byte[] garbage = new byte[700];
        new java.util.Random(7).nextBytes(garbage);
        Files.write(files[2], garbage);
        BufferedImage image = ImageIO.read(files[0].toFile());
        ImageIO.write(image, "png", files[4].toFile());
        byte[] png = Files.readAllBytes(files[4]);
        Files.write(files[4], Arrays.copyOf(png, png.length / 2));
        Files.writeString(files[6], "this is a text file, not a PNG");
    }

    private static byte[] realJpeg(Path cifar, String cls, int i) throws IOException {
        return Files.readAllBytes(cifar.resolve("train").resolve(cls).resolve(String.format("%04d.jpg", i)));
    }

    /**
     * A 32×32 JPEG whose colour depends on {@code seed}, with seeded pixel noise so that, as in a real photo, the
     * entropy-coded scan is most of the file (a smooth image is mostly header, and cutting it to ¾ would drop the
     * scan's start marker instead of truncating the scan).
     */
    private static byte[] jpeg(int seed) throws IOException {
        BufferedImage image = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
        java.util.Random noise = new java.util.Random(seed);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                int n = noise.nextInt(64);
                image.setRGB(x, y, ((seed * 30 + n) & 0xff) << 16 | ((x * 6 + n) & 0xff) << 8 | ((y * 6 + n) & 0xff));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "jpeg", out);
        return out.toByteArray();
    }

    private ImageFolderDataset open() {
        return ImageFolderDataset.builder().setRoot(root).build();
    }

    private static byte[] read(ImageDataset data, int index) {
        byte[] image = new byte[data.imageBytes()];
        data.readImage(index, image, 0);
        return image;
    }

    @Test
    void everyCorruptFileFailsNamingItsPath() {
        ImageFolderDataset data = open();
        assertEquals(8, data.size());
        assertFormatError(() -> read(data, 1), files[1], "truncated: ");
        assertFormatError(() -> read(data, 2), files[2], "undecodable: expected a JPEG, PNG or BMP");
        assertFormatError(() -> read(data, 4), files[4],
                "undecodable: Error reading PNG image data (Unexpected end of ZLIB input stream)");
        assertFormatError(() -> read(data, 6), files[6], "undecodable: expected a JPEG, PNG or BMP");
        for (int good : new int[] {0, 3, 5, 7}) {
            assertEquals(3 * 32 * 32, read(data, good).length);
        }
    }

    @Test
    void aPngNamedJpgDecodesByContentAndOtherFormatsAreNotListed() throws IOException {
        Files.copy(files[4].resolveSibling("0.jpg"), root.resolve("dog/8.gif"));
        BufferedImage image = ImageIO.read(files[0].toFile());
        Path disguised = root.resolve("dog/9.jpg");
        ImageIO.write(image, "png", disguised.toFile());
        ImageFolderDataset data = open();
        assertEquals(9, data.size(), "the .gif is not an image name; the PNG named .jpg is listed");
        assertEquals(disguised, data.file(8));
        assertArrayEquals(read(data, 0), read(data, 8), "decoded by content: the same pixels as the JPEG it came from");
    }

    @Test
    void replacesABadImageByTheNextReadableOneOfItsClassWhateverTheReadOrder() {
        ImageFolderDataset source = open();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        TolerantImageDataset forward = new TolerantImageDataset(source, 0.5,
                new PrintStream(log, true, StandardCharsets.UTF_8));
        int[] expected = {0, 3, 3, 3, 0, 5, 7, 7};
        for (int i = 0; i < 8; i++) {
            assertArrayEquals(read(source, expected[i]), read(forward, i), "image " + i);
            assertEquals(source.label(i), forward.label(i));
        }
        assertEquals(4, forward.badImages());
        assertEquals(4, forward.substitutions());
        read(forward, 1);
        assertEquals(5, forward.substitutions(), "a known bad image is replaced again without a new warning");
        String warnings = log.toString(StandardCharsets.UTF_8);
        for (int bad : new int[] {1, 2, 4, 6}) {
            assertTrue(warnings.contains(files[bad] + ": "), warnings);
            assertTrue(forward.summary().contains(files[bad] + ": "), forward.summary());
        }
        assertEquals(4, warnings.lines().count(), warnings);
        assertTrue(forward.summary().startsWith(source.name() + ": 4 of 8 images undecodable and replaced (limit 4), "
                + "5 reads substituted; first: " + files[1] + ": truncated"), forward.summary());

        TolerantImageDataset backward = new TolerantImageDataset(source, 0.5, null);
        for (int i = 7; i >= 0; i--) {
            assertArrayEquals(read(source, expected[i]), read(backward, i), "image " + i + " read backwards");
        }
        assertEquals(source.fingerprint(), backward.fingerprint());
        assertArrayEquals(read(InMemoryImageDataset.copyOf(backward), 2), read(source, 3),
                "caching reads through the policy");
    }

    @Test
    void stopsOnceMoreThanTheFractionIsBad() {
        ImageFolderDataset source = open();
        TolerantImageDataset quarter = new TolerantImageDataset(source, 0.25, null);
        read(quarter, 1);
        assertEquals(2, quarter.badImages(), "looking for 1's substitute found 2 bad too");
        DatasetFormatException e = assertFormatError(() -> read(quarter, 6), files[6],
                "too many undecodable images: 3 of 8 in " + source.name() + " fail, more than the limit of 2 (0.25");
        assertTrue(e.getMessage().contains(files[1].toString()), e.getMessage());
        assertFormatError(() -> read(quarter, 4), files[4], "too many undecodable images: 4 of 8");

        TolerantImageDataset strict = new TolerantImageDataset(source, 0, null);
        read(strict, 0);
        assertFormatError(() -> read(strict, 1), files[1], "too many undecodable images: 1 of 8");

        assertThrows(IllegalArgumentException.class, () -> ImageDataset.tolerant(source, 1.0));
        assertThrows(IllegalArgumentException.class, () -> ImageDataset.tolerant(source, -0.1));
    }

    @Test
    void failsWhenNoImageOfTheClassDecodes() throws IOException {
        for (Path file : List.of(files[5], files[7])) {
            Files.writeString(file, "garbage");
        }
        TolerantImageDataset data = new TolerantImageDataset(open(), 0.9, null);
        assertFormatError(() -> read(data, 6), files[6], "no image with label 1 of " + data.name() + " decodes");
    }
}
