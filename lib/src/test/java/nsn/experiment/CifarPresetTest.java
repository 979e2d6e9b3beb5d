package nsn.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import nsn.TestData;
import nsn.augment.AugmentConfig;
import nsn.cli.CliConfigs;
import nsn.loss.AlphaMode;
import nsn.model.EncoderConfig;
import nsn.model.ResNet;
import nsn.train.MethodConfig;
import nsn.train.MocoConfig;
import nsn.train.NegativeSource;
import nsn.train.OptimizerConfig;
import nsn.train.PretrainConfig;
import nsn.train.Pretrainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The cifar preset: solo-learn's CIFAR-10 ResNet-18 recipes (MoCo V2+, and BYOL with --method byol). */
class CifarPresetTest {

    @Test
    void mocoPresetHasSoloLearnsMocoV2PlusValues() {
        QuickstartConfig c = QuickstartConfig.cifar();
        assertEquals(c, QuickstartConfig.preset("cifar"));
        assertEquals(c, QuickstartConfig.preset(" CIFAR "));
        assertEquals("cifar10", c.dataset());
        assertEquals(0, c.pretrainImages(), "all 50,000 training images");
        PretrainConfig p = c.pretrain();
        assertEquals(new EncoderConfig(18, 64, ResNet.Stem.SMALL, 3, 32, 256, true, 2048, false), p.encoder());
        assertEquals(new MocoConfig(32768, 0.99f, 0.2f, 2f, 1), p.moco());
        assertEquals(MethodConfig.mocoV2(), p.method());
        assertEquals(OptimizerConfig.sgd(), p.optimizer());
        assertEquals(NegativeSource.Kind.PATCH, p.negativeSource());
        assertEquals(2, p.patchMin(), "16 of 224 px at 32 px");
        assertEquals(10, p.patchMax(), "72 of 224 px at 32 px");
        assertEquals(1000, p.epochs());
        assertEquals(256, p.batchSize());
        assertEquals(0.3f, p.lr());
        assertEquals(0.9f, p.sgdMomentum());
        assertEquals(1e-4f, p.weightDecay());
        assertEquals(10, p.warmupEpochs());
        AugmentConfig a = p.augment();
        assertEquals(32, a.outputSize());
        assertEquals(0.08f, a.minScale());
        assertEquals(0.4f, a.saturation());
        assertEquals(0.5f, a.blurProb());
        assertTrue(a.needsNormalization(), "estimated from CIFAR-10");
        assertEquals(c.withDataset("cifar10"), c, "already CIFAR-10");
    }

    @Test
    void byolPresetHasSoloLearnsByolValues() {
        PretrainConfig p = QuickstartConfig.cifarByol().pretrain();
        assertEquals(QuickstartConfig.cifar().pretrain().encoder().withHead(4096, 256, true), p.encoder());
        assertEquals(new MethodConfig(MethodConfig.Kind.BYOL, AlphaMode.LOGIT, 4096, 0.99f), p.method());
        assertEquals(OptimizerConfig.lars(0.02f, true), p.optimizer());
        assertEquals(1.0f, p.lr());
        assertEquals(1e-5f, p.weightDecay());
        assertEquals(0.9f, p.sgdMomentum());
        assertEquals(0.05f, p.moco().alpha(), "the paper's BYOL alpha");
        assertEquals(0.2f, p.augment().saturation());
        assertEquals(0f, p.augment().blurProb());
        assertEquals(1000, p.epochs());
        assertEquals(256, p.batchSize());
    }

    @Test
    void cliPresetAndMethodPickTheRecipes() {
        assertEquals(QuickstartConfig.cifar().pretrain(), CliConfigs.pretrain("--preset", "cifar"));
        assertEquals(QuickstartConfig.cifarByol().pretrain(),
                CliConfigs.pretrain("--preset", "cifar", "--method", "byol"));
        PretrainConfig simclr = CliConfigs.pretrain("--preset", "cifar", "--method", "simclr", "--temperature", "0.5");
        assertEquals(MethodConfig.Kind.SIMCLR, simclr.method().kind());
        assertEquals(0.5f, simclr.moco().temperature());
        assertFalse(simclr.encoder().headBatchNorm());
        PretrainConfig byolSgd = CliConfigs.pretrain("--preset", "cifar", "--method", "byol", "--optimizer", "sgd");
        assertEquals(OptimizerConfig.sgd(), byolSgd.optimizer());
        assertEquals(OptimizerConfig.lars(0.02f, true),
                CliConfigs.pretrain("--preset", "cifar", "--method", "byol", "--optimizer", "lars").optimizer(),
                "--optimizer lars keeps the recipe's eta");
    }

    /**
     * One step of each recipe on 32 real CIFAR-10 images on the CPU: the preset's architecture, augmentation,
     * method and optimiser, with one epoch at batch 32 (the preset's 256 would make the step slow on a CPU).
     */
    @ParameterizedTest
    @ValueSource(strings = {"moco", "byol"})
    void oneStepRunsOnTheCpu(String method, @TempDir Path tmp) {
        TestData.cifar10TrainDir();
        QuickstartConfig preset = method.equals("byol") ? QuickstartConfig.cifarByol() : QuickstartConfig.cifar();
        PretrainConfig p = preset.pretrain();
        PretrainConfig oneStep = new PretrainConfig(p.encoder(), p.moco(), p.augment(), p.negativeSource(),
                p.patchMin(), p.patchMax(), p.textureDir(), 1, 32, p.lr(), p.sgdMomentum(), p.weightDecay(), 0, 2,
                p.seed(), p.method(), p.optimizer());
        QuickstartConfig c = preset.withPretrain(oneStep).withPretrainImages(32).withDataDir(TestData.dataRoot())
                .withOutputDir(tmp.resolve("run")).withDevice("cpu").withQuiet(true);
        Pretrainer.Summary s = QuickstartExperiment.pretrain(c);
        assertEquals(1, s.epochs());
        assertTrue(Double.isFinite(s.finalLoss()), method + " loss " + s.finalLoss());
        assertTrue(java.nio.file.Files.exists(tmp.resolve("run").resolve(Pretrainer.CHECKPOINT)));
        assertArrayEquals(new int[] {3, 32}, new int[] {oneStep.encoder().channels(), oneStep.encoder().imageSize()});
    }
}
