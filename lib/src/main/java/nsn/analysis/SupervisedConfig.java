package nsn.analysis;

import java.util.Locale;

/**
 * Training settings of a {@link SupervisedClassifier}: SGD with momentum and weight decay under a per-step cosine
 * schedule (no warm-up), cross-entropy, on RandomResizedCrop + horizontal-flip views (no colour augmentation), the
 * recipe of torchvision's ImageNet reference training with fewer epochs.
 *
 * @param epochs passes over the training images, at least 1
 * @param batchSize images per step, at least 2 (BatchNorm needs two); an epoch drops its last partial batch
 * @param lr peak learning rate, in (0, 10]
 * @param momentum SGD momentum, in [0, 1)
 * @param weightDecay L2 weight decay, in [0, 1)
 * @param minScale smallest crop area as a fraction of the image, in (0, 1] (1 = no cropping, only resizing)
 * @param flipProb probability of a horizontal flip, in [0, 1]
 */
public record SupervisedConfig(int epochs, int batchSize, float lr, float momentum, float weightDecay,
        float minScale, float flipProb) {

    /** Validates the values; each message names the field and its allowed range. */
    public SupervisedConfig {
        if (epochs < 1) {
            throw new IllegalArgumentException("supervised epochs must be at least 1, got " + epochs);
        }
        if (batchSize < 2) {
            throw new IllegalArgumentException("supervised batchSize must be at least 2 (BatchNorm), got "
                    + batchSize);
        }
        if (!(lr > 0f && lr <= 10f)) {
            throw new IllegalArgumentException("supervised lr must be in (0, 10], got " + lr);
        }
        if (!(momentum >= 0f && momentum < 1f)) {
            throw new IllegalArgumentException("supervised momentum must be in [0, 1), got " + momentum);
        }
        if (!(weightDecay >= 0f && weightDecay < 1f)) {
            throw new IllegalArgumentException("supervised weightDecay must be in [0, 1), got " + weightDecay);
        }
        if (!(minScale > 0f && minScale <= 1f)) {
            throw new IllegalArgumentException("supervised minScale must be in (0, 1], got " + minScale);
        }
        if (!(flipProb >= 0f && flipProb <= 1f)) {
            throw new IllegalArgumentException("supervised flipProb must be in [0, 1], got " + flipProb);
        }
    }

    /**
     * A short CPU recipe for 32 px images: 3 epochs of batch 64, lr 0.05, momentum 0.9, weight decay 5e-4, crops of
     * [0.35, 1] of the image, flip 0.5.
     */
    public static SupervisedConfig small() {
        return new SupervisedConfig(3, 64, 0.05f, 0.9f, 5e-4f, 0.35f, 0.5f);
    }

    /**
     * torchvision's ResNet-50 ImageNet recipe ({@code references/classification}: batch 256, lr 0.1, momentum 0.9,
     * weight decay 1e-4, RandomResizedCrop scale [0.08, 1], flip) with a cosine schedule over 100 epochs.
     */
    public static SupervisedConfig paper() {
        return new SupervisedConfig(100, 256, 0.1f, 0.9f, 1e-4f, 0.08f, 0.5f);
    }

    /** A copy with another number of epochs and batch size. */
    public SupervisedConfig withSchedule(int newEpochs, int newBatchSize) {
        return new SupervisedConfig(newEpochs, newBatchSize, lr, momentum, weightDecay, minScale, flipProb);
    }

    /** A copy with another learning rate. */
    public SupervisedConfig withLr(float newLr) {
        return new SupervisedConfig(epochs, batchSize, newLr, momentum, weightDecay, minScale, flipProb);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%d epochs, batch %d, lr %.4g, momentum %.2f, wd %.1e, crop [%.2f, 1],"
                + " flip %.2f", epochs, batchSize, lr, momentum, weightDecay, minScale, flipProb);
    }
}
