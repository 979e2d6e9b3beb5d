package nsn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rerun into an existing output folder resumes with the same settings and is refused with others; nothing is
 * overwritten either way (docs/RELIABILITY.md lists every command).
 */
class OutputFolderTest {

    @TempDir
    Path tmp;

    private static Map<Path, Long> snapshot(Path dir) throws Exception {
        Map<Path, Long> files = new TreeMap<>();
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                files.put(dir.relativize(p), Files.getLastModifiedTime(p).toMillis() ^ Files.size(p) << 40);
            }
        }
        return files;
    }

    @Test
    void makeCorruptedDatasetResumesWithTheSameSeedAndRefusesAnother() throws Exception {
        Path images = tmp.resolve("images");
        for (String name : List.of("a/1.png", "b/2.png")) {
            BufferedImage image = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
            image.setRGB(3, 4, 0x808080);
            Files.createDirectories(images.resolve(name).getParent());
            ImageIO.write(image, "png", images.resolve(name).toFile());
        }
        Path out = tmp.resolve("out");
        String[] command = {"make-corrupted-dataset", "--data", images.toString(), "-o", out.toString(),
            "--corruptions", "gaussian_noise", "--severities", "1", "--quiet"};
        MainTest.Run first = MainTest.run(command);
        assertEquals(0, first.code(), first.err());
        assertTrue(first.out().contains("2 written, 0 already done"), first.out());
        Map<Path, Long> written = snapshot(out);

        MainTest.Run again = MainTest.run(command);
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("0 written, 2 already done"), again.out());
        assertEquals(written, snapshot(out), "a rerun with the same settings rewrites nothing");

        String[] otherSeed = java.util.Arrays.copyOf(command, command.length + 2);
        otherSeed[command.length] = "--seed";
        otherSeed[command.length + 1] = "5";
        MainTest.Run refused = MainTest.run(otherSeed);
        assertNotEquals(0, refused.code());
        assertTrue(refused.err().contains(out + " holds a corrupted dataset made with seed 0, not 5"), refused.err());
        assertTrue(refused.err().contains("choose another output folder"), refused.err());
        assertEquals(written, snapshot(out), "a refused rerun touches nothing");
    }

    /** linear-eval: the same settings evaluate again (saying so on stderr); another probe or dataset is refused. */
    @Test
    void linearEvalRefusesAnotherProbeInTheSameFolder() throws Exception {
        Path out = tmp.resolve("probe");
        String data = nsn.TestData.fashionMnistDir().getParent().toString();
        String[] command = {"linear-eval", "--random-init", "--preset", "smoke", "--data-dir", data, "-o",
            out.toString(), "--linear-epochs", "1", "--linear-train-images", "100", "--device", "cpu", "--quiet"};
        MainTest.Run first = MainTest.run(command);
        assertEquals(0, first.code(), first.err());
        String results = Files.readString(out.resolve("results.json"));

        String[] otherProbe = command.clone();
        otherProbe[java.util.Arrays.asList(command).indexOf("--linear-epochs") + 1] = "2";
        MainTest.Run refused = MainTest.run(otherProbe);
        assertNotEquals(0, refused.code());
        assertTrue(refused.err().contains("holds a run of another configuration (config.linear"), refused.err());
        assertEquals(results, Files.readString(out.resolve("results.json")), "the earlier results are kept");

        MainTest.Run again = MainTest.run(command);
        assertEquals(0, again.code(), again.err());
        assertEquals(results.replaceAll("\"seconds\":[^,}]*", ""),
                Files.readString(out.resolve("results.json")).replaceAll("\"seconds\":[^,}]*", ""),
                "the same settings give the same numbers");
    }
}
