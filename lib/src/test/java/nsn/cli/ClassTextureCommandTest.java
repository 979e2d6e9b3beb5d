package nsn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import nsn.experiment.ClassTextureConfig;
import nsn.model.ResNet;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The flags of {@code class-texture}; nothing is trained. */
class ClassTextureCommandTest {

    private static ClassTextureConfig parse(String... args) {
        ClassTextureCommand command = new ClassTextureCommand();
        new CommandLine(command).parseArgs(args);
        return command.toConfig();
    }

    @Test
    void flagsOverrideThePreset() {
        ClassTextureConfig c = parse("--arch", "a=18:16:small_strided", "--arch", "b=10:32:small", "--dataset",
                "fashion-mnist", "--data", "d", "--train-images", "500", "--test-images", "100", "--texture-dir", "t",
                "-o", "o", "--epochs", "2", "--batch-size", "16", "--lr", "0.01", "--threshold", "0.3",
                "--texture-threads", "1", "--seed", "5", "--device", "cpu", "--quiet");
        assertEquals(List.of(new ClassTextureConfig.Architecture("a", 18, 16, ResNet.Stem.SMALL_STRIDED),
                new ClassTextureConfig.Architecture("b", 10, 32, ResNet.Stem.SMALL)), c.architectures());
        assertEquals("fashion-mnist", c.dataset());
        assertEquals(Path.of("d"), c.dataDir());
        assertEquals(500, c.trainImages());
        assertEquals(100, c.testImages());
        assertEquals(Path.of("t"), c.textures());
        assertEquals(Path.of("o"), c.outputDir());
        assertEquals(2, c.training().epochs());
        assertEquals(16, c.training().batchSize());
        assertEquals(0.01f, c.training().lr());
        assertEquals(0.3, c.threshold());
        assertEquals(1, c.textureThreads());
        assertEquals(5L, c.seed());
        assertTrue(c.quiet());
        assertEquals(ClassTextureConfig.small(), parse());
        assertEquals(ClassTextureConfig.paper().architectures(), parse("--preset", "paper").architectures());
        assertThrows(IllegalArgumentException.class, () -> parse("--arch", "bad"));
        assertTrue(Main.commandLine().getSubcommands().containsKey("class-texture"));
    }
}
