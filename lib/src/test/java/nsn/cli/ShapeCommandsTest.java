package nsn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import nsn.experiment.ShapeBiasConfig;
import nsn.shape.CueConflictSet;
import nsn.train.NamedCheckpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ShapeCommandsTest {

    @TempDir
    Path tmp;

    private Path folder() throws Exception {
        Random r = new Random(1);
        Path root = tmp.resolve("images");
        for (String c : List.of("bird", "cat")) {
            Files.createDirectories(root.resolve(c));
            for (int i = 0; i < 3; i++) {
                BufferedImage b = new BufferedImage(12, 12, BufferedImage.TYPE_INT_RGB);
                for (int y = 0; y < 12; y++) {
                    for (int x = 0; x < 12; x++) {
                        b.setRGB(x, y, r.nextInt(1 << 24));
                    }
                }
                ImageIO.write(b, "png", root.resolve(c).resolve(i + ".png").toFile());
            }
        }
        return root;
    }

    @Test
    void makeCueConflictWritesStimuliTheShapeBiasCommandReads() throws Exception {
        Path out = tmp.resolve("cc");
        MainTest.Run run = MainTest.run("make-cue-conflict", "--data", folder().toString(), "-o", out.toString(),
                "--per-class", "2", "--workers", "1", "-q");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("4 written"), run.out());
        assertEquals(4, CueConflictSet.read(out, 3, 12).size());

        MainTest.Run bad = MainTest.run("make-cue-conflict", "--data", folder().toString(), "-o", out.toString(),
                "--variant", "sketchy");
        assertNotEquals(0, bad.code());
        assertTrue(bad.err().contains("--variant"), bad.err());
    }

    @Test
    void shapeBiasFlagsOverrideThePresetAndGridFoldersNameTheirCheckpoints() throws Exception {
        Path grid = tmp.resolve("grid");
        for (String arm : List.of("moco-v2", "patch-a2")) {
            Files.createDirectories(grid.resolve(arm).resolve("seed-0"));
            Files.writeString(grid.resolve(arm).resolve("seed-0").resolve("checkpoint.bin"), "x");
        }
        ShapeBiasCommand cmd = new ShapeBiasCommand();
        new CommandLine(cmd).parseArgs("--grid", grid.toString(), "--checkpoint", "extra=" + tmp.resolve("e.bin"),
                "--no-random-init", "--linear-protocol", "augmented", "--linear-epochs", "35", "--test-images", "100",
                "--stimuli-per-class", "3");
        ShapeBiasConfig c = cmd.toConfig();
        assertEquals(List.of("extra", "moco-v2/seed-0", "patch-a2/seed-0"),
                c.models().stream().map(NamedCheckpoint::name).toList());
        assertEquals(false, c.randomInit());
        assertEquals(35, c.linear().epochs());
        assertEquals(List.of(30), c.linear().lrMilestones());
        assertEquals(nsn.experiment.Table1Config.SMALL_LINEAR_TRAIN_IMAGES, c.linear().trainImages(),
                "the preset's probe subset is kept");
        assertEquals(100, c.testImages());
        assertEquals(3, c.stimuliPerClass());
        assertEquals("cifar10", c.dataset());

        MainTest.Run none = MainTest.run("shape-bias", "--grid", tmp.resolve("empty-nowhere").toString());
        assertNotEquals(0, none.code());
        assertTrue(none.err().contains("--grid"), none.err());
    }
}
