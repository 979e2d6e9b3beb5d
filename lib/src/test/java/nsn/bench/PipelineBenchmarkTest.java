package nsn.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import nsn.data.ImageDataset;
import nsn.data.ImageFolderDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the pipeline benchmark briefly on three JPEGs and checks its counts and arithmetic; no timing is asserted. */
class PipelineBenchmarkTest {

    @TempDir
    Path dir;

    /** Three JPEGs of different sizes, larger than the view, named out of order. */
    private void writeJpegs() throws IOException {
        int[][] sizes = {{120, 90}, {97, 140}, {100, 100}};
        String[] names = {"c.jpg", "a.JPEG", "b.jpeg"};
        for (int i = 0; i < 3; i++) {
            BufferedImage image = new BufferedImage(sizes[i][0], sizes[i][1], BufferedImage.TYPE_3BYTE_BGR);
            SplittableRandom rng = new SplittableRandom(i);
            for (int y = 0; y < image.getHeight(); y++) {
                for (int x = 0; x < image.getWidth(); x++) {
                    image.setRGB(x, y, (x * 2 << 16) | (y * 2 << 8) | rng.nextInt(256));
                }
            }
            ImageIO.write(image, "jpg", dir.resolve(names[i]).toFile());
        }
        Files.writeString(dir.resolve("notes.txt"), "not an image");
    }

    @Test
    void aFlatFolderIsReadInNameOrderAtTheViewSizeAndRepeated() throws IOException {
        writeJpegs();
        ImageDataset data = PipelineBenchmark.dataset(dir, 0, 72, 2);
        assertEquals(6, data.size());
        assertEquals(3, data.channels());
        assertEquals(72, data.height());
        byte[] expected = new byte[data.imageBytes()];
        byte[] actual = new byte[data.imageBytes()];
        ImageFolderDataset.readFile(dir.resolve("a.JPEG"), 3, 72, 72, expected, 0);
        data.readImage(3, actual, 0); // the second round starts again at a.JPEG
        assertTrue(java.util.Arrays.equals(expected, actual));
        assertEquals(2, PipelineBenchmark.dataset(dir, 2, 72, 1).size());
    }

    @Test
    void measuresWholeBatchesWithOneAndTwoWorkers() throws IOException {
        writeJpegs();
        ImageDataset data = PipelineBenchmark.dataset(dir, 0, 72, 4);
        for (int workers : new int[] {1, 2}) {
            for (boolean negatives : new boolean[] {false, true}) {
                PipelineBenchmark.Measurement m = PipelineBenchmark.measureNsn(data,
                        PipelineBenchmark.augmentation(72), negatives ? PipelineBenchmark.patchNegative(72)
                                : nsn.train.NegativeSource.none(), 4, workers, 0, 0.05);
                assertEquals("nsn", m.pipeline());
                assertEquals(workers, m.cores());
                assertEquals(negatives, m.negatives());
                assertTrue(m.images() > 0 && m.images() % 4 == 0, m.toString());
                assertTrue(m.seconds() >= 0.05 && m.cpuSeconds() > 0, m.toString());
                assertEquals(m.images() / m.seconds() / workers, m.perCore(), 1e-9);
            }
        }
        PipelineBenchmark.Stages s = PipelineBenchmark.stages(data, PipelineBenchmark.augmentation(72), 3);
        assertTrue(s.decode() > 0 && s.views() > 0 && s.negative() >= 0, s.toString());
    }

    @Test
    void theReferenceLineIsParsedAndTheRatiosPrinted() throws IOException {
        writeJpegs();
        // a stand-in reference: the real one needs torchvision; this checks the plumbing and the arithmetic
        Path script = dir.resolve("ref.sh");
        Files.writeString(script, "echo warming up\necho images=40 seconds=2.0 cpu=1.6\n");
        PipelineBenchmark.Config config = new PipelineBenchmark.Config(dir, 0, 72, 4, 2, 0.05, 0, 1, true, false,
                Path.of("/bin/sh"), script);
        PipelineBenchmark.Measurement ref = PipelineBenchmark.measureReference(config, 2, true);
        assertEquals(new PipelineBenchmark.Measurement("torchvision", 2, 2, true, 40, 2.0, 1.6), ref);
        assertEquals(10, ref.perCore(), 1e-12);
        assertEquals(25, ref.perCpuSecond(), 1e-12);
        assertEquals(1, PipelineBenchmark.measureReference(config, 0, false).cores());

        StringWriter text = new StringWriter();
        PipelineBenchmark.Result r = PipelineBenchmark.run(config, new PrintWriter(text));
        // per repeat: nsn and reference, at 1 and 2 workers, without and with a negative
        assertEquals(8, r.measurements().size());
        double nsn = r.medianPerCore("nsn", 2, true);
        assertTrue(nsn > 0, r.toString());
        assertEquals(10, r.medianPerCore("torchvision", 2, true), 1e-12);
        assertEquals(20, r.medianPerCore("torchvision", 1, false), 1e-12); // 40 images / 2 s on one core
        String out = text.toString();
        assertTrue(out.contains("nsn/torchvision per core " + String.format(java.util.Locale.ROOT, "%.2f",
                nsn / 10)), out);
    }

    @Test
    void theMedianIsTakenOverTheMatchingRunsOnly() {
        List<PipelineBenchmark.Measurement> runs = List.of(
                new PipelineBenchmark.Measurement("nsn", 1, 1, false, 30, 1, 1),
                new PipelineBenchmark.Measurement("nsn", 1, 1, false, 10, 1, 1),
                new PipelineBenchmark.Measurement("nsn", 1, 1, false, 20, 1, 2),
                new PipelineBenchmark.Measurement("nsn", 2, 2, false, 1000, 1, 1),
                new PipelineBenchmark.Measurement("nsn", 1, 1, true, 1000, 1, 1));
        PipelineBenchmark.Result r = new PipelineBenchmark.Result(null, runs, null);
        assertEquals(20, r.medianPerCore("nsn", 1, false), 1e-12);
        assertEquals(10, r.medianPerCpuSecond("nsn", 1, false), 1e-12); // 30, 10 and 20 / 2
        assertEquals(500, r.medianPerCore("nsn", 2, false), 1e-12);
        assertTrue(Double.isNaN(r.medianPerCore("torchvision", 1, false)));
    }

    @Test
    void badSettingsAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new PipelineBenchmark.Config(dir, 0, 32, 64, 2, 1, 1, 1, true, false, null, null));
        assertTrue(e.getMessage().contains("size must be in [72, 1024], got 32"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new PipelineBenchmark.Config(dir, 0, 224, 64, 0, 1, 1, 1, true, false, null, null));
        assertTrue(e.getMessage().contains("threads"), e.getMessage());
        assertTrue(!new PipelineBenchmark.Config(dir, 0, 224, 64, 2, 1, 1, 1, true, false, null, null)
                .withReference());
    }
}
