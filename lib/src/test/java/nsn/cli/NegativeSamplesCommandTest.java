package nsn.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import nsn.TestData;
import nsn.experiment.NegativeSamplesConfig;
import nsn.experiment.NegativeSamplesFigure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NegativeSamplesCommandTest {

    @Test
    void smokePresetDrawsTheSameFigureAsTheLibrary(@TempDir Path tmp) throws Exception {
        Path images = TestData.imagenetSamplesDir();
        Path cliOut = tmp.resolve("cli");
        MainTest.Run r = MainTest.run("negative-samples", "--preset", "smoke", "--images-dir", images.toString(),
                "-o", cliOut.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(cliOut.resolve(NegativeSamplesFigure.FIGURE_FILE).toString(), r.out().strip());
        for (String file : List.of(NegativeSamplesFigure.FIGURE_FILE, NegativeSamplesFigure.TIMINGS_FILE,
                "provenance.json")) {
            assertTrue(Files.isRegularFile(cliOut.resolve(file)), file);
        }
        BufferedImage fromCli = ImageIO.read(cliOut.resolve(NegativeSamplesFigure.FIGURE_FILE).toFile());
        BufferedImage fromLibrary = NegativeSamplesFigure.run(NegativeSamplesConfig.smoke().withImagesDir(images)
                .withOutputDir(tmp.resolve("lib"))).figure();
        assertEquals(fromLibrary.getWidth(), fromCli.getWidth());
        assertEquals(fromLibrary.getHeight(), fromCli.getHeight());
        assertArrayEquals(pixels(fromLibrary), pixels(fromCli), "same preset and seed, same figure");
    }

    private static int[] pixels(BufferedImage image) {
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }

    @Test
    void flagsOverrideThePreset(@TempDir Path tmp) throws Exception {
        MainTest.Run r = MainTest.run("negative-samples", "--preset", "smoke", "--images-dir",
                TestData.imagenetSamplesDir().toString(), "--images", "robin,n02085620", "--patch-sizes", "8,20",
                "--size", "64", "--seed", "7", "--out", tmp.toString());
        assertEquals(0, r.code(), r.err());
        List<String> csv = Files.readAllLines(tmp.resolve(NegativeSamplesFigure.TIMINGS_FILE));
        assertEquals(3, csv.size());
        assertTrue(csv.get(1).startsWith("n01558993_robin,375,500,64,"), csv.get(1));
        assertTrue(csv.get(2).startsWith("n02085620_Chihuahua,"), csv.get(2));
        String provenance = Files.readString(tmp.resolve("provenance.json"));
        assertTrue(provenance.contains("\"seed\": 7"), provenance);
        assertTrue(provenance.replaceAll("\\s", "").contains("\"patchSizes\":[8,20]"), provenance);
        BufferedImage figure = ImageIO.read(tmp.resolve(NegativeSamplesFigure.FIGURE_FILE).toFile());
        int columns = 4 + 2;
        assertEquals(NegativeSamplesFigure.MARGIN + columns * (64 + NegativeSamplesFigure.MARGIN), figure.getWidth());
    }

    @Test
    void badFlagsAreNamed(@TempDir Path tmp) {
        MainTest.Run both = MainTest.run("negative-samples", "--images", "robin", "--count", "2", "-o",
                tmp.toString());
        assertNotEquals(0, both.code());
        assertTrue(both.err().contains("give --images or --count, not both"), both.err());
        MainTest.Run size = MainTest.run("negative-samples", "--size", "16", "-o", tmp.toString());
        assertNotEquals(0, size.code());
        assertTrue(size.err().contains("outputSize must be in [32, 1024], got 16"), size.err());
        MainTest.Run patch = MainTest.run("negative-samples", "--size", "64", "-o", tmp.toString());
        assertNotEquals(0, patch.code());
        assertTrue(patch.err().contains("patchSizes must each be in [1, outputSize = 64], got 72"), patch.err());
        MainTest.Run preset = MainTest.run("negative-samples", "--preset", "huge");
        assertNotEquals(0, preset.code());
        assertTrue(preset.err().contains("unknown preset 'huge'"), preset.err());
        MainTest.Run missing = MainTest.run("negative-samples", "--images-dir", tmp.resolve("none").toString(),
                "-o", tmp.toString());
        assertNotEquals(0, missing.code());
        assertTrue(missing.err().contains("imagenet-samples.sh"), missing.err());
    }

    @Test
    void helpListsTheCommand() {
        MainTest.Run r = MainTest.run("--help");
        assertTrue(r.out().contains("negative-samples"), r.out());
    }
}
