package nsn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import nsn.experiment.QuickstartConfig;
import nsn.report.Tables;
import nsn.train.MethodConfig;
import nsn.train.PretrainConfig;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/** The experiment flags of the methods' own settings: temperature, optimizer, BatchNorm heads, presets. */
class MethodOptionsTest {

    @Test
    void temperatureFlagSetsTauOfMocoAndSimclr() {
        PretrainConfig preset = MainTest.pretrainConfig();
        PretrainConfig hot = MainTest.pretrainConfig("--temperature", "0.5");
        assertEquals(0.5f, hot.moco().temperature());
        assertEquals(preset.moco().alpha(), hot.moco().alpha(), "only tau changes");
        assertEquals(preset.moco().queueSize(), hot.moco().queueSize());
        PretrainConfig simclr = MainTest.pretrainConfig("--method", "simclr", "--temperature", "0.1");
        assertEquals(MethodConfig.Kind.SIMCLR, simclr.method().kind());
        assertEquals(0.1f, simclr.moco().temperature());

        for (String bad : new String[] {"0", "-0.2", "NaN", "Infinity"}) {
            MainTest.Run r = MainTest.run("pretrain", "--temperature=" + bad, "--quiet");
            assertNotEquals(0, r.code(), bad);
            assertTrue(r.err().contains("--temperature must be a finite number > 0"), bad + ": " + r.err());
        }
    }

    @Test
    void datasetFlagAdaptsTheEncoderInputAugmentationAndPatchRange() {
        PretrainConfig fmnist = MainTest.pretrainConfig();
        assertEquals(1, fmnist.encoder().channels());
        PretrainConfig cifar = MainTest.pretrainConfig("--dataset", "cifar10", "--alpha", "3");
        assertEquals(3, cifar.encoder().channels());
        assertEquals(32, cifar.encoder().imageSize());
        assertEquals(32, cifar.augment().outputSize());
        assertEquals(2, cifar.patchMin(), "16 px of 224 scaled to 32 px");
        assertEquals(10, cifar.patchMax(), "72 px of 224 scaled to 32 px");
        assertEquals(3f, cifar.moco().alpha(), "flags still apply");
        assertEquals(fmnist.encoder().width(), cifar.encoder().width(), "the rest of the encoder is kept");
        assertEquals(fmnist.encoder().stem(), cifar.encoder().stem());
        PretrainConfig imagenet = MainTest.pretrainConfig("--dataset", "imagenet100");
        assertEquals(224, imagenet.encoder().imageSize());
        assertEquals(nsn.model.ResNet.Stem.IMAGENET, imagenet.encoder().stem());
        assertEquals(16, imagenet.patchMin());
        assertEquals(72, imagenet.patchMax());
        // STL-10 at the paper preset (§3.4, Table 4): 96 px crops with the ImageNet stem, d ~ U(7, 31)
        PretrainConfig stl = MainTest.pretrainConfig("--preset", "paper", "--dataset", "stl10");
        assertEquals(96, stl.encoder().imageSize());
        assertEquals(3, stl.encoder().channels());
        assertEquals(50, stl.encoder().depth());
        assertEquals(nsn.model.ResNet.Stem.IMAGENET, stl.encoder().stem());
        assertEquals(7, stl.patchMin());
        assertEquals(31, stl.patchMax());
        assertEquals(16384, stl.moco().queueSize());
        MainTest.Run texture = MainTest.run("pretrain", "--dataset", "stl10", "--texture-dir", "t", "--quiet");
        assertNotEquals(0, texture.code());
        assertTrue(texture.err().contains("not available on stl10"), texture.err());
    }

    @Test
    void configTableSaysWhichMethodsUseTheTemperature() {
        QuickstartConfig smoke = QuickstartConfig.smoke();
        assertTrue(value(Tables.config(smoke), "queue K, momentum m, temperature τ").endsWith(", 0.2"));
        PretrainConfig p = smoke.pretrain();
        QuickstartConfig simclr = smoke.withPretrain(p.withMethod(p.method().with(MethodConfig.Kind.SIMCLR,
                p.method().alphaMode())));
        assertEquals("0.2", value(Tables.config(simclr), "temperature τ (NT-Xent)"));
        QuickstartConfig byol = smoke.withPretrain(p.withMoco(new nsn.train.MocoConfig(1024, 0.99f, 0.2f, 0.05f, 1))
                .withMethod(MethodConfig.byol(p.encoder())));
        assertTrue(value(Tables.config(byol), "temperature τ").startsWith("none"));
    }

    @Test
    void byolGetsBatchNormInItsProjectorByDefault() {
        PretrainConfig moco = MainTest.pretrainConfig();
        assertTrue(!moco.encoder().headBatchNorm(), "MoCo-v2's head has no BatchNorm");
        assertEquals(moco.encoder().featureDim(), moco.encoder().headHidden());
        PretrainConfig byol = MainTest.pretrainConfig("--method", "byol");
        assertTrue(byol.encoder().headBatchNorm(), "BYOL's projector has BatchNorm");
        assertEquals(byol.method().predictorHidden(), byol.encoder().headHidden(), "projector as wide as predictor");
        assertEquals(moco.encoder().projectionDim(), byol.encoder().projectionDim());
        assertTrue(!MainTest.pretrainConfig("--method", "byol", "--projector-bn", "false").encoder().headBatchNorm());
        assertTrue(MainTest.pretrainConfig("--projector-bn", "true").encoder().headBatchNorm());
        assertTrue(!MainTest.pretrainConfig("--method", "simclr").encoder().headBatchNorm());
        PretrainConfig cifar = MainTest.pretrainConfig("--method", "byol", "--dataset", "cifar10");
        assertTrue(cifar.encoder().headBatchNorm() && cifar.encoder().channels() == 3, "kept across --dataset");
        QuickstartConfig smoke = QuickstartConfig.smoke();
        assertTrue(value(Tables.config(smoke.withPretrain(byol)), "projection head").contains("BatchNorm"));
        assertTrue(!value(Tables.config(smoke), "projection head").contains("BatchNorm"));
    }

    @Test
    void optimizerFlag() {
        assertEquals(nsn.train.OptimizerConfig.sgd(), MainTest.pretrainConfig().optimizer(), "presets use SGD");
        PretrainConfig lars = MainTest.pretrainConfig("--optimizer", "lars");
        assertEquals(nsn.train.OptimizerConfig.lars(), lars.optimizer());
        assertEquals(0.001f, lars.optimizer().trustCoefficient(), "BYOL's eta");
        assertEquals(MainTest.pretrainConfig().sgdMomentum(), lars.sgdMomentum());
        assertEquals(lars.optimizer(), MainTest.pretrainConfig("--optimizer", "lars", "--dataset", "cifar10")
                .optimizer(), "kept across --dataset");
        assertTrue(value(Tables.config(QuickstartConfig.smoke().withPretrain(lars)),
                "optimizer, momentum, weight decay").startsWith("lars (η 0.001)"));
        MainTest.Run bad = MainTest.run("pretrain", "--optimizer", "adam", "--quiet");
        assertNotEquals(0, bad.code());
        assertTrue(bad.err().contains("optimizer must be sgd or lars, got 'adam'"), bad.err());
    }

    static String value(Table t, String setting) {
        Table row = t.where(t.stringColumn("setting").isEqualTo(setting));
        assertEquals(1, row.rowCount(), setting + " in " + t.stringColumn("setting").asList());
        return row.stringColumn("value").get(0);
    }
}
