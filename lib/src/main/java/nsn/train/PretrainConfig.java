package nsn.train;

import java.nio.file.Path;
import nsn.augment.AugmentConfig;
import nsn.model.EncoderConfig;
import nsn.model.Precision;

/**
 * Everything that defines a pretraining run apart from the training images: the method, the model, the
 * optimisation, and where the non-semantic negatives come from (for texture negatives, the folder of the texture
 * dataset).
 *
 * @param encoder architecture
 * @param moco τ, α and M, the non-semantic negatives per image, shared by every method, and MoCo's queue and
 *     key momentum
 * @param augment semantic augmentation of the query and key views
 * @param negativeSource where the M negatives come from: {@link NegativeSource.Kind#PATCH patches} of the query
 *     view, the image's {@link NegativeSource.Kind#TEXTURE texture} (M = 1), or {@link NegativeSource.Kind#NONE
 *     none} (M = 0). Patch negatives with M = 0 are none; {@code null} (configurations and checkpoints from before
 *     the source was configurable) is patch when M &gt; 0 and none otherwise
 * @param patchMin smallest patch side of the patch-based negatives, in pixels
 * @param patchMax largest patch side, in pixels
 * @param textureDir root of the texture dataset of the training images (written by {@code make-texture-dataset});
 *     required with texture negatives, {@code null} otherwise
 * @param epochs passes over the training set
 * @param batchSize images per step
 * @param lr base learning rate (cosine-decayed to 0)
 * @param sgdMomentum SGD momentum
 * @param weightDecay L2 weight decay
 * @param warmupEpochs linear warm-up epochs before the cosine decay
 * @param workers data-loader threads
 * @param seed seed of initialisation, sample order and every augmentation
 * @param method the contrastive method and its own settings; {@code null} (configurations and checkpoints from
 *     before the method was configurable) is {@link MethodConfig#mocoV2()}
 * @param optimizer SGD or LARS (with {@link #sgdMomentum()} and {@link #weightDecay()}); {@code null}
 *     (configurations and checkpoints from before the optimiser was configurable) is {@link OptimizerConfig#sgd()}
 * @param precision the networks' arithmetic: float32, or bfloat16 mixed precision ({@link Precision}); {@code null}
 *     (configurations and checkpoints from before it was configurable) is {@link Precision#FP32}
 */
public record PretrainConfig(EncoderConfig encoder, MocoConfig moco, AugmentConfig augment,
        NegativeSource.Kind negativeSource, int patchMin, int patchMax, Path textureDir, int epochs, int batchSize,
        float lr, float sgdMomentum, float weightDecay, int warmupEpochs, int workers, long seed,
        MethodConfig method, OptimizerConfig optimizer, Precision precision) {

    /** Validates the values and their consistency, and resolves the negative source's and method's defaults. */
    public PretrainConfig {
        if (encoder == null || moco == null || augment == null) {
            throw new IllegalArgumentException("encoder, moco and augment configs are required");
        }
        if (augment.outputSize() != encoder.imageSize()) {
            throw new IllegalArgumentException("augmentation output " + augment.outputSize()
                    + " px differs from the encoder input " + encoder.imageSize() + " px");
        }
        int m = moco.nonSemanticPerImage();
        if (negativeSource == null || negativeSource == NegativeSource.Kind.PATCH && m == 0) {
            negativeSource = m > 0 ? NegativeSource.Kind.PATCH : NegativeSource.Kind.NONE;
        }
        if (negativeSource == NegativeSource.Kind.NONE && m > 0) {
            throw new IllegalArgumentException("negative source none makes no non-semantic negatives, but "
                    + m + " per image are configured; set them to 0 (--negatives 0) or choose patch or texture");
        }
        if (negativeSource == NegativeSource.Kind.TEXTURE) {
            if (textureDir == null) {
                throw new IllegalArgumentException("texture negatives need the folder of the training images'"
                        + " texture dataset (--texture-dir), as written by make-texture-dataset");
            }
            if (m != 1) {
                throw new IllegalArgumentException("texture negatives are one per image: the texture dataset holds"
                        + " one texture per image, augmented like its query view; got " + m + " per image");
            }
        } else if (textureDir != null) {
            throw new IllegalArgumentException("a texture folder (" + textureDir + ") is only used by texture"
                    + " negatives, but the negative source is " + negativeSource.id());
        }
        if (negativeSource == NegativeSource.Kind.PATCH
                && (patchMin < 1 || patchMax < patchMin || patchMax > encoder.imageSize())) {
            throw new IllegalArgumentException("patch sizes must satisfy 1 <= min <= max <= image size ("
                    + encoder.imageSize() + "), got [" + patchMin + ", " + patchMax + "]");
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be positive, got " + epochs);
        }
        if (batchSize < 2) {
            throw new IllegalArgumentException("batch size must be at least 2, got " + batchSize);
        }
        if (method == null) {
            method = MethodConfig.mocoV2();
        }
        if (optimizer == null) {
            optimizer = OptimizerConfig.sgd();
        }
        if (precision == null) {
            precision = Precision.FP32;
        }
        if (method.kind() == MethodConfig.Kind.MOCO_V2 && batchSize > moco.queueSize()) {
            throw new IllegalArgumentException(
                    "batch size " + batchSize + " exceeds the queue size " + moco.queueSize() + ": MoCo's queue K"
                            + " must be >= the batch size (each step enqueues one batch of keys); nsn's ring queue"
                            + " wraps, so unlike the authors' code K need not be a multiple of the batch size");
        }
        if (method.kind() == MethodConfig.Kind.BYOL && !(moco.alpha() < 1f)) {
            throw new IllegalArgumentException("alpha must be in [0, 1) with method byol (Eq. 2 weighs the"
                    + " distance to the non-semantic negative against the positive's; the paper uses 0.05), got "
                    + moco.alpha());
        }
        method.alphaMode().checkAlpha(moco.alpha());
        if (!(lr > 0f)) {
            throw new IllegalArgumentException("learning rate must be positive, got " + lr);
        }
        if (!(sgdMomentum >= 0f && sgdMomentum < 1f)) {
            throw new IllegalArgumentException("SGD momentum must be in [0, 1), got " + sgdMomentum);
        }
        if (!(weightDecay >= 0f)) {
            throw new IllegalArgumentException("weight decay must be >= 0, got " + weightDecay);
        }
        if (warmupEpochs < 0 || warmupEpochs >= epochs) {
            throw new IllegalArgumentException(
                    "warm-up epochs must be in [0, epochs), got " + warmupEpochs + " of " + epochs);
        }
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be positive, got " + workers);
        }
    }

    /** A float32 configuration (the arithmetic of every run before the precision was configurable). */
    public PretrainConfig(EncoderConfig encoder, MocoConfig moco, AugmentConfig augment,
            NegativeSource.Kind negativeSource, int patchMin, int patchMax, Path textureDir, int epochs,
            int batchSize, float lr, float sgdMomentum, float weightDecay, int warmupEpochs, int workers, long seed,
            MethodConfig method, OptimizerConfig optimizer) {
        this(encoder, moco, augment, negativeSource, patchMin, patchMax, textureDir, epochs, batchSize, lr,
                sgdMomentum, weightDecay, warmupEpochs, workers, seed, method, optimizer, null);
    }

    /**
     * A configuration trained with SGD (the optimiser of every run before it was configurable).
     *
     * @see #PretrainConfig(EncoderConfig, MocoConfig, AugmentConfig, NegativeSource.Kind, int, int, Path, int, int,
     *     float, float, float, int, int, long, MethodConfig, OptimizerConfig)
     */
    public PretrainConfig(EncoderConfig encoder, MocoConfig moco, AugmentConfig augment,
            NegativeSource.Kind negativeSource, int patchMin, int patchMax, Path textureDir, int epochs,
            int batchSize, float lr, float sgdMomentum, float weightDecay, int warmupEpochs, int workers, long seed,
            MethodConfig method) {
        this(encoder, moco, augment, negativeSource, patchMin, patchMax, textureDir, epochs, batchSize, lr,
                sgdMomentum, weightDecay, warmupEpochs, workers, seed, method, null);
    }

    /** A MoCo-v2 configuration (α in the logit). */
    public PretrainConfig(EncoderConfig encoder, MocoConfig moco, AugmentConfig augment,
            NegativeSource.Kind negativeSource, int patchMin, int patchMax, Path textureDir, int epochs,
            int batchSize, float lr, float sgdMomentum, float weightDecay, int warmupEpochs, int workers, long seed) {
        this(encoder, moco, augment, negativeSource, patchMin, patchMax, textureDir, epochs, batchSize, lr,
                sgdMomentum, weightDecay, warmupEpochs, workers, seed, null);
    }

    /** A MoCo-v2 configuration with patch-based negatives, or none when {@code moco} has M = 0. */
    public PretrainConfig(EncoderConfig encoder, MocoConfig moco, AugmentConfig augment, int patchMin, int patchMax,
            int epochs, int batchSize, float lr, float sgdMomentum, float weightDecay, int warmupEpochs, int workers,
            long seed) {
        this(encoder, moco, augment, null, patchMin, patchMax, null, epochs, batchSize, lr, sgdMomentum, weightDecay,
                warmupEpochs, workers, seed);
    }

    /** A copy with another number of epochs. */
    public PretrainConfig withEpochs(int newEpochs) {
        return new PretrainConfig(encoder, moco, augment, negativeSource, patchMin, patchMax, textureDir, newEpochs,
                batchSize, lr, sgdMomentum, weightDecay, Math.min(warmupEpochs, newEpochs - 1), workers, seed, method,
                optimizer, precision);
    }

    /**
     * A copy with other MoCo settings (e.g. another α). Patch and no negatives follow the new M (patch when
     * M &gt; 0, none when M = 0); texture negatives stay texture negatives and need M = 1.
     */
    public PretrainConfig withMoco(MocoConfig newMoco) {
        NegativeSource.Kind kind = negativeSource == NegativeSource.Kind.TEXTURE ? negativeSource : null;
        return new PretrainConfig(encoder, newMoco, augment, kind, patchMin, patchMax, textureDir, epochs, batchSize,
                lr, sgdMomentum, weightDecay, warmupEpochs, workers, seed, method, optimizer, precision);
    }

    /**
     * A copy with another negative source; M stays {@code moco().nonSemanticPerImage()}, so texture negatives
     * need M = 1 and none M = 0.
     *
     * @param kind the source
     * @param newTextureDir the texture dataset's root with texture negatives, {@code null} otherwise
     */
    public PretrainConfig withNegativeSource(NegativeSource.Kind kind, Path newTextureDir) {
        return new PretrainConfig(encoder, moco, augment, kind, patchMin, patchMax, newTextureDir, epochs, batchSize,
                lr, sgdMomentum, weightDecay, warmupEpochs, workers, seed, method, optimizer, precision);
    }

    /** A copy with another semantic augmentation (e.g. with its normalisation resolved from the data). */
    public PretrainConfig withAugment(AugmentConfig newAugment) {
        return new PretrainConfig(encoder, moco, newAugment, negativeSource, patchMin, patchMax, textureDir, epochs,
                batchSize, lr, sgdMomentum, weightDecay, warmupEpochs, workers, seed, method, optimizer, precision);
    }

    /** A copy with another seed. */
    public PretrainConfig withSeed(long newSeed) {
        return new PretrainConfig(encoder, moco, augment, negativeSource, patchMin, patchMax, textureDir, epochs,
                batchSize, lr, sgdMomentum, weightDecay, warmupEpochs, workers, newSeed, method, optimizer, precision);
    }

    /** A copy with another method (e.g. BYOL, with α and M kept from {@link #moco()}). */
    public PretrainConfig withMethod(MethodConfig newMethod) {
        return new PretrainConfig(encoder, moco, augment, negativeSource, patchMin, patchMax, textureDir, epochs,
                batchSize, lr, sgdMomentum, weightDecay, warmupEpochs, workers, seed, newMethod, optimizer, precision);
    }

    /** A copy with another arithmetic (e.g. {@link Precision#BF16}). */
    public PretrainConfig withPrecision(Precision newPrecision) {
        return new PretrainConfig(encoder, moco, augment, negativeSource, patchMin, patchMax, textureDir, epochs,
                batchSize, lr, sgdMomentum, weightDecay, warmupEpochs, workers, seed, method, optimizer, newPrecision);
    }

    /** A copy with another optimiser (e.g. {@link OptimizerConfig#lars()}), momentum and weight decay kept. */
    public PretrainConfig withOptimizer(OptimizerConfig newOptimizer) {
        return new PretrainConfig(encoder, moco, augment, negativeSource, patchMin, patchMax, textureDir, epochs,
                batchSize, lr, sgdMomentum, weightDecay, warmupEpochs, workers, seed, method, newOptimizer, precision);
    }
}
