package nsn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Path;
import nsn.augment.AugmentConfig;
import nsn.model.EncoderConfig;
import nsn.model.ResNet;
import nsn.report.Json;
import org.junit.jupiter.api.Test;

class PretrainConfigTest {

    static final EncoderConfig ENCODER = new EncoderConfig(10, 16, ResNet.Stem.SMALL_STRIDED, 1, 28, 16, true);

    static MocoConfig moco(int m) {
        return new MocoConfig(64, 0.9f, 0.2f, 2f, m);
    }

    static PretrainConfig config(NegativeSource.Kind kind, int m, Path textureDir) {
        return new PretrainConfig(ENCODER, moco(m), AugmentConfig.mocoV2(28), kind, 2, 9, textureDir, 1, 32, 0.05f,
                0.9f, 1e-4f, 0, 2, 3);
    }

    static String message(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    @Test
    void theMethodDefaultsToMocoAndSurvivesCopiesAndJson() {
        PretrainConfig moco = config(NegativeSource.Kind.PATCH, 1, null);
        assertEquals(MethodConfig.mocoV2(), moco.method());
        MethodConfig byol = MethodConfig.byol(ENCODER).withByol(32, 0.99f);
        PretrainConfig b = moco.withMoco(new MocoConfig(64, 0.9f, 0.2f, 0.05f, 1)).withMethod(byol);
        assertEquals(byol, b.withSeed(4).withEpochs(3).withMoco(new MocoConfig(64, 0.9f, 0.2f, 0.5f, 1)).method());
        assertEquals(b, Json.gson().fromJson(Json.write(b), PretrainConfig.class));
        assertEquals(2 * ENCODER.featureDim(), MethodConfig.byol(ENCODER).predictorHidden());
        assertEquals(4096, MethodConfig.byol(EncoderConfig.imagenet(50)).predictorHidden(), "BYOL's width");
        // The queue bounds the batch for MoCo only.
        MethodConfig simclr = MethodConfig.mocoV2().with(MethodConfig.Kind.SIMCLR, nsn.loss.AlphaMode.LOGIT);
        PretrainConfig small = moco.withMethod(simclr).withMoco(new MocoConfig(16, 0.9f, 0.2f, 2f, 1));
        assertEquals(32, small.batchSize());
        assertTrue(message(() -> small.withMethod(MethodConfig.mocoV2())).contains("exceeds the queue size"));
        assertTrue(message(() -> moco.withMethod(byol)).contains("alpha must be in [0, 1) with method byol"));
        assertTrue(message(() -> new MethodConfig(MethodConfig.Kind.SIMCLR, nsn.loss.AlphaMode.LOGIT, 0, 0.99f))
                .contains("predictor hidden width"));
        assertTrue(message(() -> new MethodConfig(MethodConfig.Kind.BYOL, nsn.loss.AlphaMode.LOGIT, 8, 1f))
                .contains("target momentum base must be in [0, 1)"));
        assertTrue(message(() -> MethodConfig.Kind.of("swav")).contains("moco, simclr or byol"));
    }

    @Test
    void precisionDefaultsToFp32SurvivesCopiesAndReadsOldConfigs() {
        PretrainConfig fp32 = config(NegativeSource.Kind.PATCH, 1, null);
        assertEquals(nsn.model.Precision.FP32, fp32.precision());
        PretrainConfig bf16 = fp32.withPrecision(nsn.model.Precision.BF16);
        assertEquals(nsn.model.Precision.BF16, bf16.withSeed(4).withEpochs(3).withMoco(moco(2))
                .withOptimizer(OptimizerConfig.lars()).withMethod(MethodConfig.mocoV2()).precision());
        assertEquals(bf16, Json.gson().fromJson(Json.write(bf16), PretrainConfig.class));
        JsonObject old = JsonParser.parseString(Json.write(fp32)).getAsJsonObject();
        old.remove("precision");
        assertEquals(fp32, Json.gson().fromJson(old, PretrainConfig.class), "a configuration from before the field");
    }

    @Test
    void theSourceFollowsMWhenNotNamed() {
        PretrainConfig patch = new PretrainConfig(ENCODER, moco(2), AugmentConfig.mocoV2(28), 2, 9, 1, 32, 0.05f,
                0.9f, 1e-4f, 0, 2, 3);
        assertEquals(NegativeSource.Kind.PATCH, patch.negativeSource());
        assertNull(patch.textureDir());
        assertEquals(NegativeSource.Kind.NONE, patch.withMoco(moco(0)).negativeSource());
        assertEquals(NegativeSource.Kind.PATCH, patch.withMoco(moco(0)).withMoco(moco(1)).negativeSource());
        assertEquals(NegativeSource.Kind.NONE, config(NegativeSource.Kind.PATCH, 0, null).negativeSource(),
                "patch negatives with M = 0 are none");
    }

    @Test
    void inconsistentSourcesAreRefusedWithTheFix() {
        Path dir = Path.of("data", "fashion-mnist-texture");
        assertTrue(message(() -> config(NegativeSource.Kind.TEXTURE, 1, null)).contains("--texture-dir"));
        assertTrue(message(() -> config(NegativeSource.Kind.TEXTURE, 2, dir)).contains("one per image"));
        assertTrue(message(() -> config(NegativeSource.Kind.TEXTURE, 0, dir)).contains("got 0 per image"));
        assertTrue(message(() -> config(NegativeSource.Kind.NONE, 1, null)).contains("--negatives 0"));
        assertTrue(message(() -> config(NegativeSource.Kind.PATCH, 1, dir)).contains("only used by texture"));
        assertTrue(message(() -> NegativeSource.Kind.of("textures")).contains("expected patch, texture or none"));
        assertEquals(NegativeSource.Kind.TEXTURE, NegativeSource.Kind.of(" Texture"));
        PretrainConfig texture = config(NegativeSource.Kind.TEXTURE, 1, dir);
        assertEquals(dir, texture.withSeed(9).withEpochs(3).textureDir(), "withX keeps the source");
        assertTrue(message(() -> texture.withMoco(moco(2))).contains("one per image"));
        assertEquals(NegativeSource.Kind.PATCH,
                texture.withNegativeSource(NegativeSource.Kind.PATCH, null).negativeSource());
    }

    @Test
    void theJsonRecordsTheSourceAndReadsOldConfigsAsPatch() {
        PretrainConfig texture = config(NegativeSource.Kind.TEXTURE, 1, Path.of("textures", "train"));
        JsonObject json = JsonParser.parseString(Json.write(texture)).getAsJsonObject();
        assertEquals("TEXTURE", json.get("negativeSource").getAsString());
        assertEquals(Path.of("textures", "train").toString(), json.get("textureDir").getAsString());
        assertEquals(texture, Json.gson().fromJson(Json.write(texture), PretrainConfig.class));

        PretrainConfig patch = config(NegativeSource.Kind.PATCH, 1, null);
        JsonObject old = JsonParser.parseString(Json.write(patch)).getAsJsonObject();
        old.remove("negativeSource");
        assertEquals(patch, Json.gson().fromJson(old, PretrainConfig.class), "a checkpoint from before the field");
    }
}
