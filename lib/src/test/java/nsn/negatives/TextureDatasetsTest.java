package nsn.negatives;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import nsn.TestData;
import nsn.TestTextures;
import nsn.data.ByteImage;
import nsn.data.ImageDataset;
import nsn.data.ImageFolderDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Texture datasets read back aligned with real Fashion-MNIST and CIFAR-10 images. */
class TextureDatasetsTest {

    /** The image as RGB (gray replicated). */
    static ByteImage rgb(ByteImage gray) {
        byte[] out = new byte[3 * gray.pixels().length];
        for (int c = 0; c < 3; c++) {
            System.arraycopy(gray.pixels(), 0, out, c * gray.pixels().length, gray.pixels().length);
        }
        return new ByteImage(3, gray.height(), gray.width(), out);
    }

    /** The image twice as large, each pixel repeated in a 2×2 block. */
    static ByteImage doubled(ByteImage image) {
        int h = image.height();
        int w = image.width();
        byte[] out = new byte[image.channels() * 4 * h * w];
        for (int c = 0; c < image.channels(); c++) {
            for (int y = 0; y < 2 * h; y++) {
                for (int x = 0; x < 2 * w; x++) {
                    out[(c * 2 * h + y) * 2 * w + x] = (byte) image.get(c, y / 2, x / 2);
                }
            }
        }
        return new ByteImage(image.channels(), 2 * h, 2 * w, out);
    }

    @Test
    void textureIOfTheAlignedDatasetIsTheTextureOfSourceImageI(@TempDir Path tmp) {
        ImageDataset source = TestData.fashionTrain(40);
        ImageDataset textures = TextureDatasets.aligned(source,
                TestTextures.write(source, TestTextures::flipVertically, tmp));
        assertEquals(40, textures.size());
        assertEquals("textures of fashion-mnist/train[0:40]", textures.name());
        assertEquals(source.classes(), textures.classes());
        for (int i = 0; i < source.size(); i++) {
            assertEquals(TestTextures.flipVertically(ByteImage.of(source, i)), ByteImage.of(textures, i), "image " + i);
            assertEquals(source.label(i), textures.label(i));
        }
        assertTrue(Files.isRegularFile(tmp.resolve("Ankle_boot").resolve("000000.png")), "layout of sample 0");
        assertTrue(textures.fingerprint().matches("[0-9a-f]{64}"));
        assertEquals(textures.fingerprint(), TextureDatasets.aligned(source, tmp).fingerprint());
    }

    @Test
    void aSubsetOfIndicesNeedsOnlyItsOwnTextures(@TempDir Path tmp) {
        ImageDataset source = TestData.fashionTrain(40);
        int[] indices = {31, 2, 17};
        ImageDataset textures = TextureDatasets.aligned(source, indices,
                TestTextures.write(source, indices, TestTextures::flipVertically, tmp));
        assertEquals(3, textures.size());
        assertEquals("textures of fashion-mnist/train[0:40][subset of 3]", textures.name());
        for (int j = 0; j < indices.length; j++) {
            assertEquals(TestTextures.flipVertically(ByteImage.of(source, indices[j])), ByteImage.of(textures, j));
            assertEquals(source.label(indices[j]), textures.label(j));
        }
        assertThrows(IllegalArgumentException.class, () -> TextureDatasets.aligned(source, tmp),
                "the other 37 textures are missing");
    }

    @Test
    void missingTexturesAreCountedAndNamedWithTheCommandThatWritesThem(@TempDir Path tmp) throws IOException {
        ImageDataset source = TestData.fashionTrain(32);
        Path root = TestTextures.write(source, t -> t, tmp.resolve("textures"));
        for (int i : new int[] {3, 4, 8, 9, 10, 20, 31}) {
            Files.delete(root.resolve(TextureDatasetLayout.outputName(source, i)));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TextureDatasets.aligned(source, root));
        String m = e.getMessage();
        assertTrue(m.startsWith("7 of the 32 texture images of fashion-mnist/train[0:32] are missing under " + root),
                m);
        assertTrue(m.contains("(first: " + TextureDatasetLayout.outputName(source, 3) + ", "), m);
        assertTrue(m.contains(TextureDatasetLayout.outputName(source, 10)), m);
        assertTrue(!m.contains(TextureDatasetLayout.outputName(source, 20)), "only the first five are named: " + m);
        assertTrue(m.contains("java -jar lib/target/nsn.jar make-texture-dataset --dataset fashion-mnist --split train"
                + " --out " + root), m);

        Path nowhere = tmp.resolve("nowhere");
        String folder = assertThrows(IllegalArgumentException.class,
                () -> TextureDatasets.aligned(source, nowhere)).getMessage();
        assertTrue(folder.startsWith("32 of the 32 texture images") && folder.contains(nowhere + " (no such folder)"),
                folder);

        ImageFolderDataset cifar = TestTextures.cifarFolder(1, tmp.resolve("cifar"));
        String imageFolder = assertThrows(IllegalArgumentException.class,
                () -> TextureDatasets.aligned(cifar, nowhere)).getMessage();
        assertTrue(imageFolder.contains("(first: airplane/0000.png, automobile/0000.png, "), imageFolder);
        assertTrue(imageFolder.contains("make-texture-dataset --in " + tmp.resolve("cifar") + " --out "
                + nowhere), imageFolder);
    }

    @Test
    void texturesTakeTheChannelsOfTheSource(@TempDir Path tmp) {
        ImageDataset fashion = TestData.fashionTrain(8);
        ImageDataset gray = TextureDatasets.aligned(fashion, TestTextures.write(fashion, TextureDatasetsTest::rgb,
                tmp.resolve("rgb-textures")));
        assertEquals(1, gray.channels());
        for (int i = 0; i < fashion.size(); i++) {
            assertEquals(ByteImage.of(fashion, i), ByteImage.of(gray, i), "RGB PNG of a gray image reads back gray");
        }
        ImageFolderDataset cifar = TestTextures.cifarFolder(1, tmp.resolve("cifar"));
        ImageDataset colour = TextureDatasets.aligned(cifar, TestTextures.write(cifar, t -> t, tmp.resolve("tex")));
        assertEquals(3, colour.channels());
        for (int i = 0; i < cifar.size(); i++) {
            assertEquals(ByteImage.of(cifar, i), ByteImage.of(colour, i), "JPEG pixels survive the PNG texture");
        }
    }

    @Test
    void texturesOfAnotherSizeAreResizedToTheSourceSize(@TempDir Path tmp) {
        ImageDataset fashion = TestData.fashionTrain(8);
        ImageDataset textures = TextureDatasets.aligned(fashion,
                TestTextures.write(fashion, TextureDatasetsTest::doubled, tmp));
        assertEquals(28, textures.height());
        assertEquals(28, textures.width());
        for (int i = 0; i < fashion.size(); i++) {
            ByteImage original = ByteImage.of(fashion, i);
            ByteImage resized = ByteImage.of(textures, i);
            assertArrayEquals(new int[] {1, 28, 28}, new int[] {resized.channels(), resized.height(), resized.width()});
            long diff = 0;
            for (int k = 0; k < original.pixels().length; k++) {
                diff += Math.abs((original.pixels()[k] & 0xff) - (resized.pixels()[k] & 0xff));
            }
            double mean = diff / (double) original.pixels().length;
            assertTrue(mean < 12, "a 2x texture read back at 28 px is close to the image: mean |diff| " + mean);
            assertNotEquals(original, resized, "antialiased downscaling blends neighbours");
        }
    }
}
