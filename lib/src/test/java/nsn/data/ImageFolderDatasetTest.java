package nsn.data;

import static nsn.data.DataAssertions.assertFormatError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntBinaryOperator;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderDatasetTest {

    @TempDir
    Path root;

    /** Writes an RGB image whose pixel (y, x) is {@code rgb.applyAsInt(y, x)}. */
    private static Path writeRgb(Path file, int height, int width, IntBinaryOperator rgb) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, rgb.applyAsInt(y, x));
            }
        }
        return write(image, file);
    }

    private static Path write(BufferedImage image, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        String name = file.getFileName().toString().toLowerCase();
        String format = name.endsWith(".png") ? "png" : name.endsWith(".bmp") ? "bmp" : "jpeg";
        assertTrue(ImageIO.write(image, format, file.toFile()), "no writer for " + format);
        return file;
    }

    private static int rgb(int r, int g, int b) {
        return (r << 16) | (g << 8) | b;
    }

    /** Three classes written out of order, with an upper-case extension, a stray file and a hidden directory. */
    private void writeTree() throws IOException {
        writeRgb(root.resolve("dog/b.png"), 4, 6, (y, x) -> rgb(10 * y, 20 * x, 7));
        writeRgb(root.resolve("dog/a.PNG"), 4, 6, (y, x) -> rgb(1, 2, 3));
        writeRgb(root.resolve("ant/z.bmp"), 4, 6, (y, x) -> rgb(200, 100, 50));
        writeRgb(root.resolve("cat/m.png"), 4, 6, (y, x) -> rgb(x, y, x + y));
        Files.writeString(root.resolve("cat/notes.txt"), "not an image");
        writeRgb(root.resolve(".cache/q.png"), 4, 6, (y, x) -> 0);
    }

    @Test
    void listsSortedClassesAndDecodesExactPixels() throws IOException {
        writeTree();
        ImageFolderDataset dataset = ImageFolderDataset.builder().setRoot(root).build();
        assertEquals(List.of("ant", "cat", "dog"), dataset.classes());
        assertEquals(4, dataset.size());
        assertEquals(List.of(0, 1, 2, 2), List.of(dataset.label(0), dataset.label(1), dataset.label(2),
                dataset.label(3)));
        assertEquals(root.resolve("dog/a.PNG"), dataset.file(2));
        assertEquals(List.of(3, 4, 6), List.of(dataset.channels(), dataset.height(), dataset.width()));

        byte[] image = new byte[dataset.imageBytes()];
        dataset.readImage(3, image, 0);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 6; x++) {
                assertEquals(10 * y, image[y * 6 + x] & 0xff);
                assertEquals(20 * x, image[24 + y * 6 + x] & 0xff);
                assertEquals(7, image[48 + y * 6 + x] & 0xff);
            }
        }
        dataset.readImage(0, image, 0);
        assertEquals(200, image[0] & 0xff);
        assertEquals(100, image[24] & 0xff);
        assertEquals(50, image[48] & 0xff);
    }

    @Test
    void convertsToGrayscaleAndFromGrayscale() throws IOException {
        writeRgb(root.resolve("rgb/a.png"), 2, 2, (y, x) -> rgb(200, 100, 50));
        BufferedImage gray = new BufferedImage(2, 2, BufferedImage.TYPE_BYTE_GRAY);
        gray.getRaster().setSamples(0, 0, 2, 2, 0, new int[] {0, 64, 128, 255});
        write(gray, root.resolve("gray/a.png"));

        ImageFolderDataset oneChannel = ImageFolderDataset.builder().setRoot(root).optChannels(1).build();
        byte[] image = new byte[4];
        oneChannel.readImage(1, image, 0);
        int luma = (int) Math.round(0.299 * 200 + 0.587 * 100 + 0.114 * 50);
        assertArrayEquals(new byte[] {(byte) luma, (byte) luma, (byte) luma, (byte) luma}, image);
        oneChannel.readImage(0, image, 0);
        assertArrayEquals(new byte[] {0, 64, (byte) 128, (byte) 255}, image, "gray values are kept as stored");

        ImageFolderDataset threeChannels = ImageFolderDataset.builder().setRoot(root).build();
        byte[] rgb = new byte[12];
        threeChannels.readImage(0, rgb, 0);
        byte[] planes = {0, 64, (byte) 128, (byte) 255};
        for (int c = 0; c < 3; c++) {
            assertArrayEquals(planes, Arrays.copyOfRange(rgb, 4 * c, 4 * c + 4), "channel " + c);
        }
    }

    @Test
    void centreCropsWithoutResamplingWhenOnlyTheAspectDiffers() throws IOException {
        writeRgb(root.resolve("a/wide.png"), 4, 8, (y, x) -> rgb(x * 30, y * 40, 0));
        ImageFolderDataset dataset = ImageFolderDataset.builder().setRoot(root).optImageSize(4, 4).build();
        byte[] image = new byte[dataset.imageBytes()];
        dataset.readImage(0, image, 0);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                assertEquals((x + 2) * 30, image[y * 4 + x] & 0xff, "columns 2..5 of the 8 are kept");
                assertEquals(y * 40, image[16 + y * 4 + x] & 0xff);
            }
        }
    }

    @Test
    void resizesTheShorterSideThenCropsTheCentre() throws IOException {
        // 8 rows x 16 columns: left half red, right half blue; to 4x4 the image is halved to 4x8 and columns 2..5
        // are kept, so the left two output columns are red and the right two blue.
        writeRgb(root.resolve("a/halves.png"), 8, 16, (y, x) -> x < 8 ? rgb(255, 0, 0) : rgb(0, 0, 255));
        writeRgb(root.resolve("a/flat.png"), 3, 5, (y, x) -> rgb(90, 91, 92));
        ImageFolderDataset dataset = ImageFolderDataset.builder().setRoot(root).optImageSize(4, 4).build();
        assertEquals(List.of(3, 4, 4), List.of(dataset.channels(), dataset.height(), dataset.width()));
        byte[] image = new byte[dataset.imageBytes()];
        dataset.readImage(1, image, 0);
        for (int y = 0; y < 4; y++) {
            assertEquals(255, image[y * 4] & 0xff);
            assertEquals(0, image[32 + y * 4] & 0xff);
            assertEquals(0, image[y * 4 + 3] & 0xff);
            assertEquals(255, image[32 + y * 4 + 3] & 0xff);
        }
        dataset.readImage(0, image, 0);
        for (int i = 0; i < 16; i++) {
            assertEquals(90, image[i] & 0xff, "a flat image stays flat when upscaled");
            assertEquals(92, image[32 + i] & 0xff);
        }
    }

    @Test
    void readsJpegs() throws IOException {
        writeRgb(root.resolve("x/a.jpg"), 16, 16, (y, x) -> rgb(120, 60, 30));
        writeRgb(root.resolve("x/b.JPEG"), 16, 16, (y, x) -> rgb(120, 60, 30));
        ImageFolderDataset dataset = ImageFolderDataset.builder().setRoot(root).optName("jpegs").build();
        assertEquals("jpegs", dataset.name());
        assertEquals(2, dataset.size());
        byte[] image = new byte[dataset.imageBytes()];
        dataset.readImage(1, image, 0);
        assertTrue(Math.abs((image[0] & 0xff) - 120) <= 3, "JPEG is close to the original colour");
    }

    @Test
    void restrictsToTheSortedClassesOfASubsetFile() throws IOException {
        writeTree();
        Path subset = Files.writeString(root.resolveSibling("subset.txt"), "# two classes\ndog\n\n  ant  # insects\n");
        ImageFolderDataset dataset = ImageFolderDataset.builder().setRoot(root).optClassSubset(subset).build();
        assertEquals(List.of("ant", "dog"), dataset.classes());
        assertEquals(3, dataset.size());
        assertEquals(1, dataset.label(2));

        Files.writeString(subset, "dog\nbird\n");
        assertFormatError(() -> ImageFolderDataset.builder().setRoot(root).optClassSubset(subset).build(),
                root.resolve("bird"), "class directory listed in subset file " + subset + " is missing");
        Files.writeString(subset, "# nothing\n");
        assertFormatError(() -> ImageFolderDataset.builder().setRoot(root).optClassSubset(subset).build(),
                subset, "expected at least one class name, found none");
        Path absent = root.resolveSibling("absent.txt");
        assertFormatError(() -> ImageFolderDataset.builder().setRoot(root).optClassSubset(absent).build(),
                absent, "missing: expected a class-subset file");
    }

    @Test
    void reportsLayoutErrors() throws IOException {
        Path missing = root.resolve("missing");
        assertFormatError(() -> ImageFolderDataset.builder().setRoot(missing).build(), missing,
                "missing: expected an image-folder root");
        assertFormatError(() -> ImageFolderDataset.builder().setRoot(root).build(), root,
                "expected one directory per class, found no directories");
        Files.createDirectories(root.resolve("empty"));
        Files.writeString(root.resolve("empty/readme.txt"), "x");
        assertFormatError(() -> ImageFolderDataset.builder().setRoot(root).build(), root.resolve("empty"),
                "expected image files (bmp, jpeg, jpg, png), found none");
        assertThrows(IllegalStateException.class, () -> ImageFolderDataset.builder().build());
        assertThrows(IllegalArgumentException.class, () -> ImageFolderDataset.builder().optChannels(2));
        assertThrows(IllegalArgumentException.class, () -> ImageFolderDataset.builder().optImageSize(0, 4));
    }

    @Test
    void namesUndecodableAndMisfitImages() throws IOException {
        writeRgb(root.resolve("a/1.png"), 4, 4, (y, x) -> 0);
        writeRgb(root.resolve("a/2.png"), 5, 4, (y, x) -> 0);
        Path garbage = Files.writeString(root.resolve("a/3.png"), "this is not a PNG");
        ImageFolderDataset dataset = ImageFolderDataset.builder().setRoot(root).build();
        byte[] image = new byte[dataset.imageBytes()];
        assertFormatError(() -> dataset.readImage(1, image, 0), root.resolve("a/2.png"),
                "expected an image of 4x4 like " + root.resolve("a/1.png") + " (set an image size to resize), "
                        + "found 5x4");
        assertFormatError(() -> dataset.readImage(2, image, 0), garbage, "undecodable: expected a JPEG, PNG or BMP");

        Files.move(garbage, root.resolve("a/0.png"));
        assertFormatError(() -> ImageFolderDataset.builder().setRoot(root).build(), root.resolve("a/0.png"),
                "undecodable");
    }

    @Test
    void fingerprintFollowsTheFileList() throws IOException {
        writeTree();
        String first = ImageFolderDataset.builder().setRoot(root).build().fingerprint();
        assertEquals(64, first.length());
        assertEquals(first, ImageFolderDataset.builder().setRoot(root).optImageSize(2, 2).build().fingerprint(),
                "the fingerprint identifies the files, not the decoding settings");
        writeRgb(root.resolve("cat/n.png"), 4, 6, (y, x) -> 0);
        assertNotEquals(first, ImageFolderDataset.builder().setRoot(root).build().fingerprint());
    }
}
