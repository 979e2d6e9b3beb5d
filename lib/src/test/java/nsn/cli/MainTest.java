package nsn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import nsn.TestData;
import picocli.CommandLine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {

    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void helpListsTheCommands() {
        Run r = run("--help");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("quickstart") && r.out().contains("pretrain") && r.out().contains("linear-eval"),
                r.out());
    }

    @Test
    void badValuesAreNamed() {
        Run r = run("quickstart", "--epochs", "0", "--quiet");
        assertNotEquals(0, r.code());
        assertTrue(r.err().contains("epochs must be positive"), r.err());
        Run d = run("quickstart", "--dataset", "mnist-9000");
        assertNotEquals(0, d.code());
        assertTrue(d.err().contains("unknown dataset 'mnist-9000'"), d.err());
        Run l = run("linear-eval");
        assertNotEquals(0, l.code());
        assertTrue(l.err().contains("--checkpoint"), l.err());
    }

    @Test
    void pretrainThenLinearEvalFromTheCheckpoint(@TempDir Path tmp) throws Exception {
        Path data = TestData.dataRoot();
        TestData.fashionMnistDir();
        String[] common = {"--data-dir", data.toString(), "--device", "cpu", "--quiet", "--epochs", "1",
            "--pretrain-images", "512", "--batch-size", "128", "--queue", "512", "--linear-epochs", "1"};
        Run p = run(concat(new String[] {"pretrain", "-o", tmp.resolve("pre").toString()}, common));
        assertEquals(0, p.code(), p.err());
        Path ckpt = tmp.resolve("pre").resolve("checkpoint.bin");
        assertTrue(Files.exists(ckpt));
        Run e = run(concat(new String[] {"linear-eval", "--checkpoint", ckpt.toString(), "-o",
            tmp.resolve("eval").toString()}, common));
        assertEquals(0, e.code(), e.err());
        String results = Files.readString(tmp.resolve("eval").resolve("results.json"));
        assertTrue(results.contains("linear_top1"), results);
        assertTrue(results.contains(ckpt.toString()), results);
    }

    static String[] concat(String[] a, String[] b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
