package nsn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import nsn.experiment.ColorShortcutConfig;
import nsn.experiment.GridConfig;
import nsn.experiment.OodSet;
import nsn.experiment.QueueSizeConfig;
import nsn.experiment.Table1Config;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The flags of {@code table1}, {@code color-shortcut} and {@code queue-sweep}, and their errors; nothing is run. */
class GridCommandsTest {

    private static <T> T parse(T command, String... args) {
        new CommandLine(command).parseArgs(args);
        return command;
    }

    @Test
    void helpListsTheGridCommands() {
        MainTest.Run r = MainTest.run("--help");
        for (String c : List.of("table1", "color-shortcut", "queue-sweep")) {
            assertTrue(r.out().contains(c), r.out());
        }
    }

    @Test
    void table2FlagsOverrideThePresetAndKeepTable1sRuns(@org.junit.jupiter.api.io.TempDir Path tmp)
            throws Exception {
        nsn.experiment.Table2Config c = parse(new Table2Command(), "--preset", "smoke", "--epochs", "2", "-o", "t2")
                .toConfig();
        assertEquals(2, c.grid().base().pretrain().epochs());
        assertEquals(Path.of("t2"), c.grid().base().outputDir());
        assertEquals(Table1Config.smoke().grid().base().outputDir(), c.runs(), "table1's runs are shared");
        java.nio.file.Files.createDirectories(tmp.resolve("imagenet-sketch"));
        nsn.experiment.Table2Config p = parse(new Table2Command(), "--preset", "paper", "--runs-dir", "r",
                "--ood-root", tmp.toString()).toConfig();
        assertEquals(Path.of("r"), p.runs());
        assertEquals(List.of("imagenet-sketch"), p.grid().ood().stream().map(OodSet::name).toList());
        assertEquals("imagenet", p.grid().base().dataset());
        MainTest.Run bad = MainTest.run("table2", "--preset", "smoke", "--queue", "8");
        assertNotEquals(0, bad.code());
        assertTrue(bad.err().contains("exceeds the queue size 8"), bad.err());
    }

    @Test
    void flagsOverrideThePreset() {
        Table1Config c = parse(new Table1Command(), "--preset", "smoke", "--seeds", "2", "--epochs", "2",
                "--pretrain-images", "300", "--linear-epochs", "4", "--ood", "sketch=/d/sketch", "--ood", "c=/d/c",
                "--queue", "512", "--batch-size", "64", "-o", "out", "--device", "cpu", "--test-images", "200",
                "--linear-train-images", "700", "--skip-texture", "-q", "--checkpoint-every", "50").toConfig();
        GridConfig g = c.grid();
        assertEquals(50, g.checkpointEvery());
        assertEquals(50, g.withSeeds(List.of(7L)).withTestImages(0).withLinearTrainImages(0).withOod(List.of())
                .withBase(g.base()).checkpointEvery(), "every copy keeps the interval");
        assertEquals(0, parse(new Table1Command()).toConfig().grid().checkpointEvery());
        assertEquals(List.of(0L, 1L), g.seeds());
        assertEquals(2, g.base().pretrain().epochs());
        assertEquals(300, g.base().pretrainImages());
        assertEquals(4, g.base().linear().epochs());
        assertEquals(List.of(new OodSet("sketch", Path.of("/d/sketch")), new OodSet("c", Path.of("/d/c"))), g.ood());
        assertEquals(512, c.queue());
        assertEquals(64, g.base().pretrain().batchSize());
        assertEquals(Path.of("out"), g.base().outputDir());
        assertEquals("cpu", g.base().device());
        assertEquals(200, g.testImages());
        assertEquals(700, g.linearTrainImages());
        assertTrue(g.base().quiet());
        assertFalse(c.texture());

        Table1Config withTextures = parse(new Table1Command(), "--texture-dir", "tex", "--seed-list", "4,9")
                .toConfig();
        assertEquals(Path.of("tex"), withTextures.textureDir());
        assertEquals(List.of(4L, 9L), withTextures.grid().seeds());
        assertNull(parse(new Table1Command()).toConfig().textureDir(), "the default writes OUT/textures");

        QueueSizeConfig q = parse(new QueueSweepCommand(), "--queues", "256,512,768").toConfig();
        assertEquals(List.of(256, 512, 768), q.queues());
        assertEquals(QueueSizeConfig.SMALL_QUEUES, parse(new QueueSweepCommand()).toConfig().queues());
        ColorShortcutConfig cs = parse(new ColorShortcutCommand(), "--preset", "paper", "--seeds", "1").toConfig();
        assertEquals("imagenet100", cs.grid().base().dataset());
        assertEquals(List.of(0L), cs.grid().seeds());
    }

    @Test
    void badFlagsAreNamed() {
        String[][] cases = {
            {"--seeds", "table1", "--seeds", "0"},
            {"--seeds N or --seed-list", "table1", "--seeds", "2", "--seed-list", "1,2"},
            {"--seeds/--seed-list: must be distinct", "color-shortcut", "--seed-list", "1,1"},
            {"--queues: every queue size must be at least the batch size 128", "queue-sweep", "--queues", "64,1024"},
            {"--queue (K): K/2 = 64", "table1", "--queue", "128"},
            {"--ood must be NAME=DIR", "table1", "--ood", "stylized"},
            {"--preset: unknown preset 'huge'", "queue-sweep", "--preset", "huge"},
            {"--texture-dir or --skip-texture", "table1", "--skip-texture", "--texture-dir", "x"},
            {"--dataset: the colour shortcut needs colour images", "color-shortcut", "--dataset", "fashion-mnist"},
            {"--epochs must be positive", "queue-sweep", "--epochs", "0"},
            {"--checkpoint-every: must be >= 0 steps", "table1", "--checkpoint-every", "-2"},
        };
        for (String[] c : cases) {
            MainTest.Run r = MainTest.run(java.util.Arrays.copyOfRange(c, 1, c.length));
            assertNotEquals(0, r.code(), String.join(" ", c));
            assertTrue(r.err().contains(c[0]), c[0] + " in: " + r.err());
        }
    }
}
