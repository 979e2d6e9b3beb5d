package nsn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import nsn.experiment.HardnessConfig;
import nsn.train.NamedCheckpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The flags of {@code hardness} and its errors; nothing is measured. */
class HardnessCommandTest {

    private static HardnessConfig parse(String... args) {
        HardnessCommand command = new HardnessCommand();
        new CommandLine(command).parseArgs(args);
        return command.toConfig();
    }

    @Test
    void flagsOverrideThePreset() {
        HardnessConfig c = parse("--checkpoint", "alpha=0=runs/a0/checkpoint.bin", "--checkpoint", "b=x.bin",
                "--data", "d", "--images", "50", "--texture-dir", "tex", "-o", "out", "--batch-size", "10", "--seed",
                "3", "--device", "cpu", "--quiet");
        assertEquals(List.of(new NamedCheckpoint("alpha=0", Path.of("runs/a0/checkpoint.bin")),
                new NamedCheckpoint("b", Path.of("x.bin"))), c.models());
        assertEquals(Path.of("d"), c.dataDir());
        assertEquals(50, c.images());
        assertEquals(Path.of("tex"), c.textureDir());
        assertEquals(Path.of("out"), c.outputDir());
        assertEquals(10, c.batchSize());
        assertEquals(3L, c.seed());
        assertEquals("cpu", c.device());
        assertTrue(c.quiet());
        HardnessConfig preset = parse();
        assertEquals(HardnessConfig.small().models(), preset.models());
        assertNull(preset.textureDir(), "no texture kind unless a texture folder is given");
        assertEquals("cifar10", preset.dataset());
    }

    @Test
    void errorsNameTheProblem(@TempDir Path tmp) {
        MainTest.Run help = MainTest.run("--help");
        assertTrue(help.out().contains("hardness"), help.out());
        MainTest.Run bad = MainTest.run("hardness", "--checkpoint", "no-name", "-o", tmp.toString());
        assertNotEquals(0, bad.code());
        assertTrue(bad.err().contains("NAME=PATH"), bad.err());
        MainTest.Run missing = MainTest.run("hardness", "--checkpoint", "a=" + tmp.resolve("none.bin"), "-o",
                tmp.resolve("out").toString());
        assertNotEquals(0, missing.code());
        assertTrue(missing.err().contains("no checkpoint"), missing.err());
    }
}
