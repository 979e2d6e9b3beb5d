package nsn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import nsn.TestData;
import nsn.train.Checkpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --checkpoint-every} on the commands that pretrain. */
class CheckpointEveryOptionTest {

    @Test
    void theCommandsThatPretrainTakeTheInterval() {
        for (String command : new String[] {"pretrain", "quickstart"}) {
            MainTest.Run help = MainTest.run(command, "--help");
            assertEquals(0, help.code());
            assertTrue(help.out().contains("--checkpoint-every=STEPS"), help.out());
        }
        assertFalse(MainTest.run("linear-eval", "--help").out().contains("--checkpoint-every"));
    }

    @Test
    void aNegativeIntervalIsRefusedBeforeAnythingIsWritten(@TempDir Path tmp) {
        Path out = tmp.resolve("run");
        MainTest.Run r = MainTest.run("pretrain", "--checkpoint-every", "-1", "-o", out.toString(), "--quiet");
        assertNotEquals(0, r.code());
        assertTrue(r.err().contains("--checkpoint-every must be >= 0 steps"), r.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void resumeNeedsACheckpoint(@TempDir Path tmp) {
        Path out = tmp.resolve("fresh");
        MainTest.Run r = MainTest.run("pretrain", "--resume", "-o", out.toString(), "--quiet");
        assertNotEquals(0, r.code());
        assertTrue(r.err().contains("--resume: there is no " + out.resolve("checkpoint.bin")), r.err());
        assertFalse(Files.exists(out));
    }

    /** A one-epoch run of 3 steps checkpointing every 2, then the same command again with another interval. */
    @Test
    void aRunResumesWithAnotherInterval(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("run");
        String[] args = {"pretrain", "--preset", "smoke", "--data-dir", TestData.fashionMnistDir().getParent()
                .toString(), "-o", out.toString(), "--pretrain-images", "96", "--batch-size", "32", "--queue", "64",
                "--device", "cpu", "--quiet", "--checkpoint-every", "2"};
        MainTest.Run first = MainTest.run(args);
        assertEquals(0, first.code(), first.err());
        assertEquals(Checkpoint.Position.epochEnd(1), Checkpoint.readPosition(out.resolve("checkpoint.bin")));
        args[args.length - 1] = "5";
        String[] resume = java.util.Arrays.copyOf(args, args.length + 1);
        resume[args.length] = "--resume";
        MainTest.Run again = MainTest.run(resume);
        assertEquals(0, again.code(), again.err());
        JsonObject results = JsonParser.parseString(Files.readString(out.resolve("results.json"))).getAsJsonObject();
        assertEquals(3, results.get("resumed_from_step").getAsLong(), "the finished run is the same configuration");
        assertEquals(1, results.get("resumed_from_epoch").getAsInt());
    }
}
