package nsn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import nsn.data.Split;
import nsn.negatives.TextureDatasetConfig;
import nsn.negatives.TextureDatasetJob;
import nsn.negatives.TextureTestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code nsn make-texture-dataset}: flags, output and exit status. */
class TextureDatasetCliTest {

    /** Runs {@code args} through {@link Main#commandLine()} with the stand-in texture generator. */
    static MainTest.Run run(String... args) {
        CommandLine cl = Main.commandLine();
        MakeTextureDatasetCommand command = cl.getSubcommands().get("make-texture-dataset").getCommand();
        command.job = new TextureDatasetJob(TextureTestFiles::standIn);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new MainTest.Run(code, out.toString(), err.toString());
    }

    static TextureDatasetConfig parse(String... args) {
        MakeTextureDatasetCommand command = new MakeTextureDatasetCommand();
        new CommandLine(command).parseArgs(args);
        return command.toConfig();
    }

    @Test
    void helpListsTheCommandAndItsOptions() {
        MainTest.Run top = run("--help");
        assertTrue(top.out().contains("make-texture-dataset"), top.out());
        MainTest.Run help = run("make-texture-dataset", "--help");
        assertEquals(0, help.code());
        for (String flag : List.of("--in", "--dataset", "--split", "--data-dir", "--out", "--classes", "--size",
                "--limit-per-class", "--limit", "--threads", "--seed", "--quiet", "--fail-on-error")) {
            assertTrue(help.out().contains(flag), flag + " in " + help.out());
        }
    }

    @Test
    void flagsMapOntoTheConfig() {
        Path in = Path.of("imagenet", "train");
        Path out = Path.of("imagenet100-texture", "train");
        assertEquals(TextureDatasetConfig.imageFolder(in, out), parse("--in", in.toString(), "--out", out.toString()));
        assertEquals(new TextureDatasetConfig(in, null, null, null, out, Path.of("imagenet100.txt"), 112, 10, 500, 3,
                        -5, true),
                parse("--in", in.toString(), "-o", out.toString(), "--classes", "imagenet100.txt", "--size", "112",
                        "--limit-per-class", "10", "--limit", "500", "--threads", "3", "--seed", "-5", "-q",
                        "--fail-on-error"));
        assertEquals(TextureDatasetConfig.dataset("cifar10", Split.TEST, Path.of("d"), Path.of("t")),
                parse("--dataset", "cifar10", "--split", "TEST", "--data-dir", "d", "--out", "t"));
        TextureDatasetConfig fashion = parse("--dataset", "fashion-mnist", "--out", "t");
        assertEquals(Split.TRAIN, fashion.split());
        assertEquals(28, fashion.size());
    }

    @Test
    void runsTheJobAndReportsCountsAndFailures(@TempDir Path tmp) throws Exception {
        Path in = TextureTestFiles.cifarTree(tmp.resolve("in"), 2, 2);
        Path empty;
        try (var dirs = Files.list(in)) {
            empty = Files.createFile(dirs.sorted().findFirst().orElseThrow().resolve("empty.jpg"));
        }
        Path out = tmp.resolve("out");
        String[] args = {"make-texture-dataset", "--in", in.toString(), "--out", out.toString(), "--size", "16",
            "--threads", "2", "-q"};
        MainTest.Run first = run(args);
        assertEquals(0, first.code(), first.err());
        assertTrue(first.out().contains("5 images, 4 written, 0 already done, 1 failed"), first.out());
        assertTrue(first.out().contains("failed images: " + out.resolve("failures.csv")), first.out());
        assertTrue(Files.readString(out.resolve("failures.csv")).contains(empty + ",empty file (0 bytes)"));

        MainTest.Run strict = run(MainTest.concat(args, new String[] {"--fail-on-error"}));
        assertEquals(MakeTextureDatasetCommand.IMAGES_FAILED, strict.code());
        assertTrue(strict.out().contains("5 images, 0 written, 4 already done, 1 failed"), strict.out());

        Files.delete(empty);
        MainTest.Run clean = run(MainTest.concat(args, new String[] {"--fail-on-error"}));
        assertEquals(0, clean.code(), clean.err());
        assertTrue(clean.out().contains("4 images, 0 written, 4 already done, 0 failed"), clean.out());
        assertEquals("path,reason\n", Files.readString(out.resolve("failures.csv")));
    }

    @Test
    void errorsNameTheBadInput(@TempDir Path tmp) {
        Path missing = tmp.resolve("nope");
        MainTest.Run r = run("make-texture-dataset", "--in", missing.toString(), "--out", tmp.resolve("o").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("error: " + missing + ": missing"), r.err());

        r = run("make-texture-dataset", "--in", "a", "--dataset", "cifar10", "--out", "o");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("give exactly one of --in DIR or --dataset NAME"), r.err());

        r = run("make-texture-dataset", "--dataset", "cifar10", "--split", "val", "--out", "o");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--split must be train or test, got 'val'"), r.err());

        r = run("make-texture-dataset", "--in", "a", "--split", "test", "--out", "o");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--split and --data-dir apply to --dataset"), r.err());

        r = run("make-texture-dataset", "--dataset", "imagenet100", "--out", "o");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("give its split folder as the input"), r.err());

        r = run("make-texture-dataset", "--in", "a");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--out"), r.err());
    }
}
