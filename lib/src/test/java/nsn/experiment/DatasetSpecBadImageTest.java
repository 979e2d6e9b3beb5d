package nsn.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import nsn.data.DatasetFormatException;
import nsn.data.ImageDataset;
import nsn.data.Split;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bad-image policy as the experiments get it: {@link DatasetSpec#load} reads the CIFAR-10 JPEG folders through
 * {@link ImageDataset#tolerant} with the 1% limit, so one truncated JPEG in 100 is replaced (and named on stderr) and
 * two fail the load with the paths.
 */
class DatasetSpecBadImageTest {

    @TempDir
    Path dataRoot;

    private Path train;

    @BeforeEach
    void writeCifarLayout() throws Exception {
        for (String split : new String[] {"train", "test"}) {
            for (String cls : new String[] {"cat", "dog"}) {
                Path dir = Files.createDirectories(dataRoot.resolve("cifar10").resolve(split).resolve(cls));
                for (int i = 0; i < 50; i++) {
                    BufferedImage image = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
                    for (int y = 0; y < 32; y++) {
                        for (int x = 0; x < 32; x++) {
                            image.setRGB(x, y, (i * 5 << 16) | (x * 8 << 8) | (cls.equals("cat") ? y * 8 : 255));
                        }
                    }
                    ImageIO.write(image, "jpeg", dir.resolve(String.format("%04d.jpg", i)).toFile());
                }
            }
        }
        train = dataRoot.resolve("cifar10/train");
    }

    private static void truncate(Path file) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length * 2 / 3));
    }

    private ImageDataset loadCapturingStderr(ByteArrayOutputStream err) {
        PrintStream saved = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            return DatasetSpec.CIFAR10.load(dataRoot, Split.TRAIN);
        } finally {
            System.setErr(saved);
        }
    }

    @Test
    void oneBadJpegInAHundredIsReplacedByTheNextOfItsClass() throws Exception {
        Path bad = train.resolve("dog/0007.jpg");
        truncate(bad);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ImageDataset data = loadCapturingStderr(err);
        assertEquals(100, data.size());
        byte[] replaced = new byte[data.imageBytes()];
        byte[] next = new byte[data.imageBytes()];
        data.readImage(57, replaced, 0);
        data.readImage(58, next, 0);
        assertArrayEquals(next, replaced, "dog/0007 reads as dog/0008");
        assertEquals(1, data.label(57));
        String warning = err.toString(StandardCharsets.UTF_8);
        assertTrue(warning.contains("(1 of at most 1 tolerated in cifar10/train)"), warning);
        assertTrue(warning.contains(bad + ": undecodable") || warning.contains(bad + ": truncated"), warning);
    }

    @Test
    void twoBadJpegsInAHundredFailTheLoad() throws Exception {
        truncate(train.resolve("cat/0003.jpg"));
        Files.writeString(train.resolve("dog/0010.jpg"), "not a JPEG");
        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> loadCapturingStderr(new ByteArrayOutputStream()));
        assertTrue(e.getMessage().contains("too many undecodable images: 2 of 100 in cifar10/train"), e.getMessage());
        assertTrue(e.getMessage().contains(train.resolve("cat/0003.jpg").toString())
                && e.getMessage().contains(train.resolve("dog/0010.jpg").toString()), e.getMessage());
    }
}
