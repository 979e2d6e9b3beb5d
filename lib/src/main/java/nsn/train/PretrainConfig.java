package nsn.train;

import nsn.augment.AugmentConfig;
import nsn.model.EncoderConfig;

/**
 * Everything that defines a MoCo pretraining run apart from the data.
 *
 * @param encoder architecture
 * @param moco MoCo and non-semantic-negative hyper-parameters
 * @param augment semantic augmentation of the query and key views
 * @param patchMin smallest patch side of the patch-based negatives, in pixels
 * @param patchMax largest patch side, in pixels
 * @param epochs passes over the training set
 * @param batchSize images per step
 * @param lr base learning rate (cosine-decayed to 0)
 * @param sgdMomentum SGD momentum
 * @param weightDecay L2 weight decay
 * @param warmupEpochs linear warm-up epochs before the cosine decay
 * @param workers data-loader threads
 * @param seed seed of initialisation, sample order and every augmentation
 */
public record PretrainConfig(EncoderConfig encoder, MocoConfig moco, AugmentConfig augment, int patchMin,
        int patchMax, int epochs, int batchSize, float lr, float sgdMomentum, float weightDecay, int warmupEpochs,
        int workers, long seed) {

    /** Validates the values and their consistency. */
    public PretrainConfig {
        if (encoder == null || moco == null || augment == null) {
            throw new IllegalArgumentException("encoder, moco and augment configs are required");
        }
        if (augment.outputSize() != encoder.imageSize()) {
            throw new IllegalArgumentException("augmentation output " + augment.outputSize()
                    + " px differs from the encoder input " + encoder.imageSize() + " px");
        }
        if (moco.usesNonSemantic() && (patchMin < 1 || patchMax < patchMin || patchMax > encoder.imageSize())) {
            throw new IllegalArgumentException("patch sizes must satisfy 1 <= min <= max <= image size ("
                    + encoder.imageSize() + "), got [" + patchMin + ", " + patchMax + "]");
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be positive, got " + epochs);
        }
        if (batchSize < 2) {
            throw new IllegalArgumentException("batch size must be at least 2, got " + batchSize);
        }
        if (batchSize > moco.queueSize()) {
            throw new IllegalArgumentException(
                    "batch size " + batchSize + " exceeds the queue size " + moco.queueSize());
        }
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

    /** A copy with another number of epochs. */
    public PretrainConfig withEpochs(int newEpochs) {
        return new PretrainConfig(encoder, moco, augment, patchMin, patchMax, newEpochs, batchSize, lr, sgdMomentum,
                weightDecay, Math.min(warmupEpochs, newEpochs - 1), workers, seed);
    }

    /** A copy with other MoCo settings (e.g. another α). */
    public PretrainConfig withMoco(MocoConfig newMoco) {
        return new PretrainConfig(encoder, newMoco, augment, patchMin, patchMax, epochs, batchSize, lr, sgdMomentum,
                weightDecay, warmupEpochs, workers, seed);
    }

    /** A copy with another semantic augmentation (e.g. with its normalisation resolved from the data). */
    public PretrainConfig withAugment(AugmentConfig newAugment) {
        return new PretrainConfig(encoder, moco, newAugment, patchMin, patchMax, epochs, batchSize, lr, sgdMomentum,
                weightDecay, warmupEpochs, workers, seed);
    }

    /** A copy with another seed. */
    public PretrainConfig withSeed(long newSeed) {
        return new PretrainConfig(encoder, moco, augment, patchMin, patchMax, epochs, batchSize, lr, sgdMomentum,
                weightDecay, warmupEpochs, workers, newSeed);
    }
}
