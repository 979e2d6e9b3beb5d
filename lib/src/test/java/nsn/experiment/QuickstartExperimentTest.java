package nsn.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import nsn.TestData;
import nsn.TestTextures;
import nsn.data.ImageDataset;
import nsn.data.Split;
import nsn.eval.LinearEvalConfig;
import nsn.model.EncoderConfig;
import nsn.model.ResNet;
import nsn.train.MocoConfig;
import nsn.train.NegativeSource;
import nsn.train.PretrainConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole pipeline on real Fashion-MNIST at a tiny scale: files, provenance and metrics are checked. */
class QuickstartExperimentTest {

    static QuickstartConfig tiny(Path out) {
        QuickstartConfig small = QuickstartConfig.medium();
        PretrainConfig p = small.pretrain();
        EncoderConfig enc = new EncoderConfig(10, 16, ResNet.Stem.SMALL_STRIDED, 1, 28, 32, true);
        PretrainConfig tinyP = new PretrainConfig(enc, new MocoConfig(512, 0.99f, 0.2f, 2f, 1), p.augment(), 2, 9, 1,
                64, 0.05f, 0.9f, 1e-4f, 0, 2, 5);
        return small.withPretrain(tinyP).withPretrainImages(512).withLinear(new LinearEvalConfig(2, 256, 0.1f, 0.9f, 0f))
                .withDataDir(TestData.dataRoot()).withOutputDir(out).withQuiet(true).withDevice("cpu");
    }

    @Test
    void writesProvenanceMetricsAndResults(@TempDir Path tmp) throws Exception {
        TestData.fashionMnistDir();
        QuickstartExperiment.Result r = QuickstartExperiment.run(tiny(tmp));
        assertTrue(r.linearTop1() > 0.3 && r.linearTop1() <= 1, "top-1 " + r.linearTop1());
        assertTrue(r.randomInitLinearTop1() > 0.3, "random-init top-1 " + r.randomInitLinearTop1());
        assertTrue(Double.isFinite(r.pretrainFinalLoss()));

        JsonObject results = JsonParser.parseString(Files.readString(tmp.resolve("results.json"))).getAsJsonObject();
        assertEquals(r.linearTop1(), results.get("linear_top1").getAsDouble(), 1e-12);
        assertEquals(r.improvementPoints(), results.get("improvement_points").getAsDouble(), 1e-9);
        assertEquals(10000, results.get("test_images").getAsInt());

        JsonObject prov = JsonParser.parseString(Files.readString(tmp.resolve("provenance.json"))).getAsJsonObject();
        assertEquals("quickstart", prov.get("command").getAsString());
        assertEquals(5, prov.get("seed").getAsLong());
        assertTrue(prov.getAsJsonObject("datasets").get("fashion-mnist/train").getAsString().matches("[0-9a-f]{64}"));
        assertTrue(prov.getAsJsonObject("software").get("pytorch").getAsString().startsWith("2."));
        assertTrue(prov.getAsJsonObject("software").has("djl"));
        assertEquals("cpu()", prov.get("device").getAsString());
        assertTrue(prov.get("gitCommit").getAsString().length() > 0);
        JsonObject augment = prov.getAsJsonObject("config").getAsJsonObject("pretrain").getAsJsonObject("augment");
        assertEquals(1, augment.getAsJsonArray("mean").size(), "normalisation resolved from the data is recorded");

        List<String> metrics = Files.readAllLines(tmp.resolve("metrics.csv"));
        assertEquals("stage,epoch,loss,lr,seconds,images_per_second", metrics.get(0));
        assertEquals(2, metrics.size());
        assertTrue(Files.exists(tmp.resolve("checkpoint.bin")));
    }

    /**
     * Texture negatives on a 128-image subset: only the subset's textures need to exist, and the provenance
     * records the source, the texture folder and the textures' fingerprint.
     */
    @Test
    void pretrainsWithTheTexturesOfTheSubset(@TempDir Path tmp) throws Exception {
        TestData.fashionMnistDir();
        QuickstartConfig tiny = tiny(tmp.resolve("run")).withPretrainImages(128);
        Path textures = tmp.resolve("textures");
        QuickstartConfig config = tiny.withPretrain(
                tiny.pretrain().withNegativeSource(NegativeSource.Kind.TEXTURE, textures));

        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> QuickstartExperiment.pretrain(config));
        assertTrue(missing.getMessage().startsWith("128 of the 128 texture images of fashion-mnist/train"),
                missing.getMessage());
        assertTrue(missing.getMessage().contains("make-texture-dataset"), missing.getMessage());
        assertFalse(Files.exists(tmp.resolve("run")), "nothing is written before the textures are found");

        ImageDataset train = DatasetSpec.FASHION_MNIST.load(TestData.dataRoot(), Split.TRAIN);
        TestTextures.write(train, Experiments.subsetIndices(train.size(), 128, tiny.pretrain().seed()),
                TestTextures::flipVertically, textures);
        assertTrue(Double.isFinite(QuickstartExperiment.pretrain(config).finalLoss()));

        JsonObject prov = JsonParser.parseString(Files.readString(tmp.resolve("run").resolve("provenance.json")))
                .getAsJsonObject();
        JsonObject pretrain = prov.getAsJsonObject("config").getAsJsonObject("pretrain");
        assertEquals("TEXTURE", pretrain.get("negativeSource").getAsString());
        assertEquals(textures.toString(), pretrain.get("textureDir").getAsString());
        assertTrue(prov.getAsJsonObject("datasets").get("textures of fashion-mnist/train[subset of 128]")
                .getAsString().matches("[0-9a-f]{64}"), prov.toString());
    }

    @Test
    void presetsAreValidAndDiffer() {
        QuickstartConfig small = QuickstartConfig.medium();
        QuickstartConfig paper = QuickstartConfig.paper();
        assertEquals("fashion-mnist", small.dataset());
        assertEquals("imagenet100", paper.dataset());
        assertEquals(224, paper.pretrain().encoder().imageSize());
        assertEquals(16, paper.pretrain().patchMin());
        assertEquals(72, paper.pretrain().patchMax());
        assertEquals(16384, paper.pretrain().moco().queueSize());
        assertEquals(2f, paper.pretrain().moco().alpha());
        for (QuickstartConfig preset : new QuickstartConfig[] {small, paper, QuickstartConfig.smoke()}) {
            assertEquals(NegativeSource.Kind.PATCH, preset.pretrain().negativeSource(), "presets keep patches");
        }
    }
}
