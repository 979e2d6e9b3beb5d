package nsn.experiment;

import java.nio.file.Path;
import nsn.augment.AugmentConfig;
import nsn.data.DataDirs;
import nsn.eval.LinearEvalConfig;
import nsn.model.EncoderConfig;
import nsn.model.ResNet;
import nsn.negatives.PatchNegatives;
import nsn.loss.AlphaMode;
import nsn.train.MethodConfig;
import nsn.train.MocoConfig;
import nsn.train.NegativeSource;
import nsn.train.OptimizerConfig;
import nsn.train.PretrainConfig;

/**
 * The quickstart experiment: MoCo-v2 with non-semantic negatives (Eq. 1; patch-based in every preset, texture-based
 * or none through {@link PretrainConfig#negativeSource()}), then a linear probe on the frozen backbone, compared in
 * the same run with the same probe on a randomly initialised backbone.
 *
 * @param dataset dataset id: {@code fashion-mnist}, {@code cifar10} or {@code imagenet100}
 * @param dataDir data root ({@code $NSN_DATA_DIR} or {@code ./data} by default)
 * @param outputDir run folder for provenance, metrics, results and checkpoints
 * @param pretrain pretraining configuration
 * @param linear linear-probe configuration
 * @param pretrainImages images used for pretraining, a seeded random subset (0 for the whole training set)
 * @param device {@code auto}, {@code cpu}, {@code gpu} or {@code gpu:N}, or a comma-separated list of them to pretrain
 *     data-parallel, one replica per entry (e.g. {@code gpu:0,gpu:1}; the batch size must be a multiple of their
 *     number)
 * @param quiet no progress bar
 */
public record QuickstartConfig(String dataset, Path dataDir, Path outputDir, PretrainConfig pretrain,
        LinearEvalConfig linear, int pretrainImages, String device, boolean quiet) {

    /** Validates the values. */
    public QuickstartConfig {
        DatasetSpec spec = DatasetSpec.of(dataset);
        if (dataDir == null || outputDir == null || pretrain == null || linear == null) {
            throw new IllegalArgumentException("dataDir, outputDir, pretrain and linear are required");
        }
        if (pretrain.encoder().channels() != spec.channels()) {
            throw new IllegalArgumentException(dataset + " has " + spec.channels() + " channels but the encoder"
                    + " expects " + pretrain.encoder().channels());
        }
        if (spec == DatasetSpec.STL10 && pretrain.negativeSource() == nsn.train.NegativeSource.Kind.TEXTURE) {
            throw new IllegalArgumentException("texture negatives are not available on stl10: make-texture-dataset"
                    + " does not read STL-10's binary files; use patch or no negatives");
        }
        int devices = Experiments.deviceCount(device);
        if (pretrain.batchSize() % devices != 0) {
            throw new IllegalArgumentException("batch size " + pretrain.batchSize() + " cannot be split evenly over"
                    + " the " + devices + " devices of '" + device + "'; choose a multiple of " + devices);
        }
        if (pretrainImages < 0) {
            throw new IllegalArgumentException("pretrain images must be >= 0 (0 = all), got " + pretrainImages);
        }
        if (pretrainImages > 0 && pretrainImages < pretrain.batchSize()) {
            throw new IllegalArgumentException("pretrain images (" + pretrainImages
                    + ") must be at least one batch (" + pretrain.batchSize() + ")");
        }
    }

    /** The preset names {@link #preset} accepts, for messages. */
    static final String PRESETS = "small, medium, paper, smoke or cifar";

    /** Small preset: pretraining epochs (over all 60,000 Fashion-MNIST training images). */
    public static final int SMALL_EPOCHS = 1;
    /** Small preset: images the linear probe is fitted on (a fixed subset of the training set). */
    public static final int SMALL_LINEAR_TRAIN_IMAGES = 20_000;

    /**
     * The small preset, the default: the {@link #medium()} recipe (Fashion-MNIST, ResNet-18 at width 32, K = 4096,
     * α = 2, d ~ U(2, 9)) cut to {@value #SMALL_EPOCHS} epoch over the 60,000 training images, the probe fitted on
     * {@value #SMALL_LINEAR_TRAIN_IMAGES} training images and evaluated on all 10,000 test images; writes to
     * {@code runs/quickstart}. About three minutes on 2 cores, so that every section of the paper runs at this scale
     * in under 20 minutes ({@code reproduce all}).
     */
    public static QuickstartConfig small() {
        QuickstartConfig m = medium();
        PretrainConfig p = m.pretrain();
        PretrainConfig pretrain = new PretrainConfig(p.encoder(), p.moco(), p.augment(), p.patchMin(), p.patchMax(),
                SMALL_EPOCHS, p.batchSize(), p.lr(), p.sgdMomentum(), p.weightDecay(), 0, p.workers(), p.seed());
        return new QuickstartConfig(m.dataset(), m.dataDir(), Path.of("runs", "quickstart"), pretrain,
                m.linear().withTrainImages(SMALL_LINEAR_TRAIN_IMAGES), 0, m.device(), m.quiet());
    }

    /**
     * The medium preset (the {@code small} preset before the presets were split, whose results
     * {@code docs/RESULTS.md} records and {@code QuickstartQualityTest} checks): Fashion-MNIST, ResNet-18 at width 32
     * with a strided 3×3 stem, K = 4096, m = 0.99,
     * τ = 0.2, α = 2, one patch negative with d ~ U(2, 9) (the paper's 16–72 of 224 scaled to 28 px),
     * 4 epochs over the 60,000 training images at batch 256. Runs in about ten minutes on a 2-core CPU;
     * writes to {@code runs/quickstart-medium}.
     */
    public static QuickstartConfig medium() {
        EncoderConfig encoder = new EncoderConfig(18, 32, ResNet.Stem.SMALL_STRIDED, 1, 28, 128, true);
        PretrainConfig pretrain = new PretrainConfig(encoder, new MocoConfig(4096, 0.99f, 0.2f, 2f, 1),
                AugmentConfig.mocoV2(28), 2, 9, 4, 256, 0.06f, 0.9f, 5e-4f, 0, 2, 42);
        return new QuickstartConfig("fashion-mnist", DataDirs.root(), Path.of("runs", "quickstart-medium"), pretrain,
                LinearEvalConfig.defaults(), 0, "auto", false);
    }

    /**
     * The paper preset (§3.1, ImageNet-100): 224 px, K = 16384, m = 0.999, τ = 0.2, α = 2, d ~ U(16, 72),
     * 200 epochs at batch 128 and lr 0.03 with a cosine schedule, ResNet-50, on a CUDA GPU; the authors' augmented
     * linear evaluation ({@link LinearEvalConfig#authors()}).
     */
    public static QuickstartConfig paper() {
        EncoderConfig encoder = EncoderConfig.imagenet(50);
        PretrainConfig pretrain = new PretrainConfig(encoder, MocoConfig.paper(), AugmentConfig.mocoV2(224), 16, 72,
                200, 128, 0.03f, 0.9f, 1e-4f, 0, 8, 42);
        return new QuickstartConfig("imagenet100", DataDirs.root(), Path.of("runs", "quickstart-paper"), pretrain,
                LinearEvalConfig.authors(), 0, "auto", false);
    }

    /**
     * The smoke preset, for end-to-end checks in tests: the medium preset cut to one epoch over
     * 1,024 images at batch 128 with K = 1024, and a 3-epoch linear probe; writes to {@code runs/quickstart-smoke}.
     * It checks that everything runs, not that pretraining helps.
     */
    public static QuickstartConfig smoke() {
        QuickstartConfig small = medium();
        PretrainConfig p = small.pretrain();
        MocoConfig m = p.moco();
        PretrainConfig pretrain = new PretrainConfig(p.encoder(),
                new MocoConfig(1024, m.keyMomentum(), m.temperature(), m.alpha(), m.nonSemanticPerImage()),
                p.augment(), p.patchMin(), p.patchMax(), 1, 128, p.lr(), p.sgdMomentum(), p.weightDecay(), 0,
                p.workers(), p.seed());
        LinearEvalConfig l = small.linear();
        return new QuickstartConfig(small.dataset(), small.dataDir(), Path.of("runs", "quickstart-smoke"), pretrain,
                l.withEpochs(3), 1024, small.device(),
                small.quiet());
    }

    /**
     * The cifar preset, for one GPU: MoCo V2+ on CIFAR-10 following solo-learn's CIFAR recipe
     * ({@code scripts/pretrain/cifar/mocov2plus.yaml} and {@code augmentations/symmetric_weak.yaml} in
     * github.com/vturrisi/solo-learn), with the paper's patch negatives. Values and their source:
     * <ul>
     *   <li>ResNet-18 at width 64 with the CIFAR stem (3×3/1 convolution, no max-pool: {@link ResNet.Stem#SMALL}),
     *       32 px crops of CIFAR-10 (solo-learn: {@code backbone: resnet18}, {@code crop_size: 32});</li>
     *   <li>projector Linear(512 → 2048) → ReLU → Linear(256), no BatchNorm ({@code proj_hidden_dim: 2048},
     *       {@code proj_output_dim: 256});</li>
     *   <li>queue K = 32768, τ = 0.2 ({@code queue_size}, {@code temperature}); key momentum m = 0.99, solo-learn's
     *       {@code base_tau} (solo-learn raises it to {@code final_tau} 0.999 by a cosine schedule; nsn's MoCo keeps
     *       m constant);</li>
     *   <li>SGD, lr 0.3, momentum 0.9, weight decay 1e-4, batch 256, 1000 epochs, 10 warm-up epochs then cosine
     *       ({@code optimizer}, {@code max_epochs}, {@code scheduler: warmup_cosine}, whose warm-up is 10 epochs in
     *       solo-learn's {@code solo/methods/base.py});</li>
     *   <li>augmentation {@code symmetric_weak}: crop scale [0.08, 1], flip 0.5, colour jitter 0.8 with
     *       (0.4, 0.4, 0.4, 0.1), grayscale 0.2, blur 0.5 (nsn scales the blur's σ with the image size, so it is
     *       weaker than solo-learn's σ ∈ [0.1, 2] at 32 px);</li>
     *   <li>the paper's non-semantic term: one patch negative per image, α = 2 in the logit, d ~ U(2, 10)
     *       (the paper's 16–72 px of 224 scaled to 32 px).</li>
     * </ul>
     * The linear probe (100 epochs, batch 256, lr 0.1, no weight decay) is nsn's feature probe ({@code
     * --linear-protocol augmented} selects the authors'). solo-learn
     * reports 92.94% linear top-1 for MoCo V2+ after 1000 epochs (without non-semantic negatives); nsn has not run
     * this preset. {@code --method byol} on it gives {@link #cifarByol()}.
     */
    public static QuickstartConfig cifar() {
        EncoderConfig encoder = new EncoderConfig(18, 64, ResNet.Stem.SMALL, 3, 32, 256, true, 2048, false);
        AugmentConfig augment = new AugmentConfig(32, 0.08f, 1f, 0.5f, 0.8f, 0.4f, 0.4f, 0.4f, 0.1f, 0.2f, 0.5f,
                new float[0], new float[0]);
        PretrainConfig pretrain = new PretrainConfig(encoder, new MocoConfig(32768, 0.99f, 0.2f, 2f, 1), augment,
                NegativeSource.Kind.PATCH, cifarPatch(PatchNegatives.PAPER_MIN_PATCH),
                cifarPatch(PatchNegatives.PAPER_MAX_PATCH), null, 1000, 256, 0.3f, 0.9f, 1e-4f, 10, 8, 42,
                MethodConfig.mocoV2(), OptimizerConfig.sgd());
        return new QuickstartConfig("cifar10", DataDirs.root(), Path.of("runs", "quickstart-cifar"), pretrain,
                new LinearEvalConfig(100, 256, 0.1f, 0.9f, 0f), 0, "auto", false);
    }

    /**
     * The cifar preset with BYOL, following solo-learn's {@code scripts/pretrain/cifar/byol.yaml} and
     * {@code augmentations/asymmetric.yaml}: projector Linear(512 → 4096) → BatchNorm → ReLU → Linear(256) and
     * predictor of hidden width 4096 ({@code proj_hidden_dim}, {@code proj_output_dim}, {@code pred_hidden_dim});
     * τ_base = 0.99 rising to 1 ({@code base_tau: 0.99}, {@code final_tau: 1.0}); LARS with lr 1.0, weight decay
     * 1e-5, η = 0.02, clipping, biases and BatchNorm parameters excluded ({@code optimizer: lars}, {@code eta: 0.02},
     * {@code clip_lr: True}, {@code exclude_bias_n_norm: True}), momentum 0.9; batch 256, 1000 epochs, 10 warm-up
     * epochs. Augmentation: crop scale [0.08, 1], flip 0.5, jitter 0.8 with (0.4, 0.4, 0.2, 0.1), grayscale 0.2, no
     * blur; solo-learn's solarization of the second view (p = 0.2) is not implemented in nsn, whose two views share
     * one augmentation. Non-semantic term: one patch negative, α = 0.05 (the paper's BYOL α), d ~ U(2, 10).
     * solo-learn reports 92.58% linear top-1 for BYOL after 1000 epochs; nsn has not run it.
     */
    public static QuickstartConfig cifarByol() {
        QuickstartConfig moco = cifar();
        PretrainConfig p = moco.pretrain();
        EncoderConfig encoder = p.encoder().withHead(4096, 256, true);
        AugmentConfig augment = new AugmentConfig(32, 0.08f, 1f, 0.5f, 0.8f, 0.4f, 0.4f, 0.2f, 0.1f, 0.2f, 0f,
                new float[0], new float[0]);
        MocoConfig m = p.moco();
        PretrainConfig pretrain = new PretrainConfig(encoder,
                new MocoConfig(m.queueSize(), m.keyMomentum(), m.temperature(), 0.05f, 1), augment,
                NegativeSource.Kind.PATCH, p.patchMin(), p.patchMax(), null, p.epochs(), p.batchSize(), 1.0f, 0.9f,
                1e-5f, p.warmupEpochs(), p.workers(), p.seed(),
                new MethodConfig(MethodConfig.Kind.BYOL, AlphaMode.LOGIT, 4096, 0.99f),
                OptimizerConfig.lars(0.02f, true));
        return moco.withPretrain(pretrain).withOutputDir(Path.of("runs", "quickstart-cifar-byol"));
    }

    /** A patch side of the paper's 224 px images scaled to the cifar preset's 32 px. */
    private static int cifarPatch(int paperSide) {
        return PatchNegatives.scaledPatchSide(paperSide, 32);
    }

    /**
     * The preset called {@code name}: {@code small}, {@code medium}, {@code paper}, {@code smoke} or {@code cifar}
     * (as the CLI's
     * {@code --preset} and the notebooks' {@code NSN_PRESET} name them).
     *
     * @throws IllegalArgumentException naming the bad value and the accepted ones
     */
    public static QuickstartConfig preset(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(java.util.Locale.ROOT);
        switch (n) {
            case "small":
                return small();
            case "medium":
                return medium();
            case "paper":
                return paper();
            case "smoke":
                return smoke();
            case "cifar":
                return cifar();
            default:
                throw new IllegalArgumentException(
                        "unknown preset '" + name + "': expected " + PRESETS);
        }
    }

    /** A copy writing to another folder. */
    public QuickstartConfig withOutputDir(Path dir) {
        return new QuickstartConfig(dataset, dataDir, dir, pretrain, linear, pretrainImages, device, quiet);
    }

    /** A copy with another pretraining configuration. */
    public QuickstartConfig withPretrain(PretrainConfig p) {
        return new QuickstartConfig(dataset, dataDir, outputDir, p, linear, pretrainImages, device, quiet);
    }

    /** A copy with another linear-probe configuration. */
    public QuickstartConfig withLinear(LinearEvalConfig l) {
        return new QuickstartConfig(dataset, dataDir, outputDir, pretrain, l, pretrainImages, device, quiet);
    }

    /** A copy pretraining on another number of images (0 = all). */
    public QuickstartConfig withPretrainImages(int n) {
        return new QuickstartConfig(dataset, dataDir, outputDir, pretrain, linear, n, device, quiet);
    }

    /**
     * A copy on another dataset, with the encoder's input channels and size, the augmentation's output size and the
     * patch range (the paper's 16–72 px of 224 scaled) adapted to it when they differ; a move between small images
     * (Fashion-MNIST, CIFAR-10) and ImageNet-100's 224 px crops also switches the stem. Everything else — width,
     * depth, method, optimisation — is kept. The same dataset returns this configuration unchanged.
     */
    public QuickstartConfig withDataset(String id) {
        DatasetSpec spec = DatasetSpec.of(id);
        PretrainConfig p = pretrain;
        EncoderConfig e = p.encoder();
        int size = spec.cropSize();
        if (e.channels() == spec.channels() && e.imageSize() == size) {
            return new QuickstartConfig(spec.id(), dataDir, outputDir, pretrain, linear, pretrainImages, device,
                    quiet);
        }
        ResNet.Stem stem = size >= 96 ? ResNet.Stem.IMAGENET
                : e.stem() == ResNet.Stem.IMAGENET ? ResNet.Stem.SMALL_STRIDED : e.stem();
        EncoderConfig encoder = e.withInput(stem, spec.channels(), size);
        AugmentConfig a = p.augment();
        AugmentConfig augment = new AugmentConfig(size, a.minScale(), a.maxScale(), a.flipProb(), a.jitterProb(),
                a.brightness(), a.contrast(), a.saturation(), a.hue(), a.grayscaleProb(),
                size >= 64 ? AugmentConfig.mocoV2(size).blurProb() : 0f, new float[0], new float[0]);
        int min = PatchNegatives.scaledPatchSide(PatchNegatives.PAPER_MIN_PATCH, size);
        int max = Math.max(min, PatchNegatives.scaledPatchSide(PatchNegatives.PAPER_MAX_PATCH, size));
        PretrainConfig moved = new PretrainConfig(encoder, p.moco(), augment, p.negativeSource(), min, max,
                p.textureDir(), p.epochs(), p.batchSize(), p.lr(), p.sgdMomentum(), p.weightDecay(),
                p.warmupEpochs(), p.workers(), p.seed(), p.method(), p.optimizer());
        return new QuickstartConfig(spec.id(), dataDir, outputDir, moved, linear, pretrainImages, device, quiet);
    }

    /** A copy with another data root. */
    public QuickstartConfig withDataDir(Path dir) {
        return new QuickstartConfig(dataset, dir, outputDir, pretrain, linear, pretrainImages, device, quiet);
    }

    /** A copy with the progress bar on or off. */
    public QuickstartConfig withQuiet(boolean q) {
        return new QuickstartConfig(dataset, dataDir, outputDir, pretrain, linear, pretrainImages, device, q);
    }

    /** A copy on another device. */
    public QuickstartConfig withDevice(String d) {
        return new QuickstartConfig(dataset, dataDir, outputDir, pretrain, linear, pretrainImages, d, quiet);
    }
}
