package nsn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The CIFAR-10 JPEG image folders laid out by {@code data-scripts/cifar10.sh}; skipped when absent. */
class Cifar10JpegTest {

    private static Path cifar10;

    @BeforeAll
    static void locate() {
        cifar10 = RealData.cifar10Jpeg().orElse(null);
        Assumptions.assumeTrue(cifar10 != null, "CIFAR-10 JPEGs not laid out (run data-scripts/cifar10.sh)");
    }

    @Test
    void trainAndTestHaveTheOfficialClassesAndSizes() {
        ImageFolderDataset train = ImageFolderDataset.builder().setRoot(cifar10.resolve("train")).build();
        ImageFolderDataset test = ImageFolderDataset.builder().setRoot(cifar10.resolve("test")).build();
        assertEquals(Cifar10Binary.CLASSES, train.classes(), "sorted folder names match the official label order");
        assertEquals(Cifar10Binary.CLASSES, test.classes());
        assertEquals(50_000, train.size());
        assertEquals(10_000, test.size());
        assertEquals("cifar10/train", train.name());
        assertEquals(List.of(3, 32, 32), List.of(train.channels(), train.height(), train.width()));
        int[] perClass = new int[10];
        for (int i = 0; i < train.size(); i++) {
            perClass[train.label(i)]++;
        }
        int[] expected = new int[10];
        Arrays.fill(expected, 5000);
        assertArrayEquals(expected, perClass);
    }

    @Test
    void decodesAFewImagesOfEveryClass() {
        ImageFolderDataset test = ImageFolderDataset.builder().setRoot(cifar10.resolve("test")).build();
        byte[] image = new byte[test.imageBytes()];
        for (int i = 0; i < test.size(); i += 997) {
            test.readImage(i, image, 0);
            int min = 255;
            int max = 0;
            for (byte b : image) {
                min = Math.min(min, b & 0xff);
                max = Math.max(max, b & 0xff);
            }
            assertTrue(max - min > 20, "image " + test.file(i) + " has some contrast");
        }
        ImageFolderDataset small = ImageFolderDataset.builder().setRoot(cifar10.resolve("test")).optImageSize(16, 16)
                .optChannels(1).build();
        byte[] gray = new byte[small.imageBytes()];
        small.readImage(0, gray, 0);
        assertEquals(256, gray.length);
    }
}
