package nsn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import nsn.TestData;
import nsn.experiment.QuickstartConfig;
import nsn.train.NegativeSource;
import nsn.train.PretrainConfig;
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

    /** The configuration the experiment flags make, without running anything. */
    static PretrainConfig pretrainConfig(String... args) {
        Main.ExperimentOptions options = new Main.ExperimentOptions();
        new CommandLine(options).parseArgs(args);
        QuickstartConfig config = options.toConfig();
        return config.pretrain();
    }

    @Test
    void methodFlags() {
        PretrainConfig preset = pretrainConfig();
        assertEquals(nsn.train.MethodConfig.mocoV2(), preset.method(), "presets are MoCo-v2, alpha in the logit");
        PretrainConfig simclr = pretrainConfig("--method", "simclr", "--alpha-mode", "weight");
        assertEquals(nsn.train.MethodConfig.Kind.SIMCLR, simclr.method().kind());
        assertEquals(nsn.loss.AlphaMode.WEIGHT, simclr.method().alphaMode());
        assertEquals(preset.moco(), simclr.moco(), "simclr keeps the preset's tau, alpha and M");
        PretrainConfig byol = pretrainConfig("--method", "byol");
        assertEquals(nsn.train.MethodConfig.Kind.BYOL, byol.method().kind());
        assertEquals(0.05f, byol.moco().alpha(), "the paper's BYOL alpha");
        assertEquals(2 * preset.encoder().featureDim(), byol.method().predictorHidden());
        assertEquals(0.1f, pretrainConfig("--method", "byol", "--alpha", "0.1").moco().alpha());

        Run bad = run("pretrain", "--method", "swav", "--quiet");
        assertNotEquals(0, bad.code());
        assertTrue(bad.err().contains("method must be moco, simclr or byol"), bad.err());
        Run byolAlpha = run("pretrain", "--method", "byol", "--alpha", "2", "--quiet");
        assertNotEquals(0, byolAlpha.code());
        assertTrue(byolAlpha.err().contains("alpha must be in [0, 1) with method byol"), byolAlpha.err());
        Run weightZero = run("pretrain", "--alpha-mode", "weight", "--alpha", "0", "--quiet");
        assertNotEquals(0, weightZero.code());
        assertTrue(weightZero.err().contains("alpha mode weight"), weightZero.err());
        Run byolWeight = run("pretrain", "--method", "byol", "--alpha-mode", "weight", "--quiet");
        assertNotEquals(0, byolWeight.code());
        assertTrue(byolWeight.err().contains("BYOL's Eq. 2"), byolWeight.err());
    }

    @Test
    void negativeSourceFlags() {
        PretrainConfig preset = pretrainConfig();
        assertEquals(NegativeSource.Kind.PATCH, preset.negativeSource());
        assertEquals(1, preset.moco().nonSemanticPerImage());
        PretrainConfig texture = pretrainConfig("--negative-source", "texture", "--texture-dir", "tex/train");
        assertEquals(NegativeSource.Kind.TEXTURE, texture.negativeSource());
        assertEquals(Path.of("tex/train"), texture.textureDir());
        assertEquals(1, texture.moco().nonSemanticPerImage());
        assertEquals(texture, pretrainConfig("--texture-dir", "tex/train"), "--texture-dir implies texture");
        PretrainConfig none = pretrainConfig("--negative-source", "none");
        assertEquals(NegativeSource.Kind.NONE, none.negativeSource());
        assertEquals(0, none.moco().nonSemanticPerImage());
        assertEquals(none, pretrainConfig("--negatives", "0"), "no patch negatives are none");
        PretrainConfig two = pretrainConfig("--negative-source", "PATCH", "--negatives", "2");
        assertEquals(NegativeSource.Kind.PATCH, two.negativeSource());
        assertEquals(2, two.moco().nonSemanticPerImage());

        Run noDir = run("pretrain", "--negative-source", "texture", "--quiet");
        assertNotEquals(0, noDir.code());
        assertTrue(noDir.err().contains("--texture-dir"), noDir.err());
        Run bad = run("pretrain", "--negative-source", "textures", "--quiet");
        assertNotEquals(0, bad.code());
        assertTrue(bad.err().contains("unknown negative source 'textures': expected patch, texture or none"),
                bad.err());
        Run mixed = run("pretrain", "--negative-source", "none", "--negatives", "1", "--quiet");
        assertNotEquals(0, mixed.code());
        assertTrue(mixed.err().contains("negative source none"), mixed.err());
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

    /** A device list pretrains data-parallel (two replicas on the CPU here) and is recorded in the provenance. */
    @Test
    void pretrainOnADeviceList(@TempDir Path tmp) throws Exception {
        Path data = TestData.dataRoot();
        TestData.fashionMnistDir();
        String[] common = {"--data-dir", data.toString(), "--quiet", "--epochs", "1", "--pretrain-images", "256",
            "--batch-size", "64", "--queue", "256", "--linear-epochs", "1"};
        Run p = run(concat(new String[] {"pretrain", "-o", tmp.resolve("pre").toString(), "--device", "cpu,cpu"},
                common));
        assertEquals(0, p.code(), p.err());
        String provenance = Files.readString(tmp.resolve("pre").resolve("provenance.json"));
        assertTrue(provenance.contains("cpu(),cpu()"), provenance);
        Run odd = run(concat(new String[] {"pretrain", "-o", tmp.resolve("odd").toString(), "--device",
            "cpu,cpu,cpu"}, common));
        assertNotEquals(0, odd.code());
        assertTrue(odd.err().contains("batch size 64 cannot be split evenly over the 3 devices"), odd.err());
    }

    /** bf16 without a JNI that has bfloat16 is refused with what to do, before anything is trained. */
    @Test
    void precisionIsParsedAndBf16NeedsItsJni(@TempDir Path tmp) throws Exception {
        Run unknown = run("pretrain", "--precision", "fp8", "--quiet", "-o", tmp.resolve("a").toString());
        assertNotEquals(0, unknown.code());
        assertTrue(unknown.err().contains("unknown precision 'fp8': expected fp32, bf16 or fp16"), unknown.err());
        org.junit.jupiter.api.Assumptions.assumeTrue(
                nsn.model.Precision.BF16.problem(System.getenv()).isPresent(), "this JVM's JNI has bfloat16");
        Path data = TestData.dataRoot();
        TestData.fashionMnistDir();
        Run bf16 = run("pretrain", "--precision", "bf16", "--quiet", "--data-dir", data.toString(), "--epochs", "1",
                "--pretrain-images", "256", "--batch-size", "64", "--queue", "256", "-o", tmp.resolve("b").toString());
        assertNotEquals(0, bf16.code());
        assertTrue(bf16.err().contains("bench/build-djl-jni.sh"), bf16.err());
        assertTrue(!Files.exists(tmp.resolve("b").resolve("checkpoint.bin")));
    }

    static String[] concat(String[] a, String[] b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
