package nsn.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Linear-probe training settings.
 *
 * <p>Two protocols ({@link Protocol}): nsn's fast probe on standardised, un-augmented frozen features
 * ({@link #defaults()}, used by the small presets), and the authors' augmented protocol ({@link #authors()}, used by
 * the paper presets), which runs the frozen backbone on a new RandomResizedCrop + flip view of every training image
 * at every step.
 *
 * @param epochs passes over the training images
 * @param batchSize images per step
 * @param lr base learning rate
 * @param momentum SGD momentum
 * @param weightDecay L2 weight decay
 * @param trainImages train the probe on a seeded random subset of this many training images (0 = all of them, the
 *     linear evaluation protocol); the small presets' comparisons use a subset, since extracting features of every
 *     training image costs more than their short pretraining
 * @param protocol how the classifier's inputs are made
 * @param lrMilestones epochs (1 ≤ e &lt; epochs, increasing) at which the learning rate is multiplied by 0.1, as
 *     MoCo's {@code main_lincls.py --schedule}; empty for a cosine schedule from {@code lr} to 0
 */
public record LinearEvalConfig(int epochs, int batchSize, float lr, float momentum, float weightDecay,
        int trainImages, Protocol protocol, List<Integer> lrMilestones) {

    /** How the linear classifier's inputs are made. */
    public enum Protocol {
        /**
         * nsn's probe: features of the un-augmented training images (the evaluation transform) extracted once,
         * standardised with the training features' per-dimension mean and standard deviation.
         */
        FEATURES("features"),
        /**
         * The authors' protocol (MoCo's {@code main_lincls.py}): the frozen backbone in inference mode runs on a
         * fresh RandomResizedCrop (scale [0.08, 1]) + horizontal-flip view of each training image at every step;
         * raw features, no standardisation; the classifier initialised from N(0, 0.01²) with zero bias.
         */
        AUGMENTED("augmented");

        private final String id;

        Protocol(String id) {
            this.id = id;
        }

        /** The name used on the command line. */
        public String id() {
            return id;
        }

        /**
         * The protocol named {@code id} ({@code features} or {@code augmented}, any case).
         *
         * @throws IllegalArgumentException naming the bad value and the allowed ones
         */
        public static Protocol of(String id) {
            for (Protocol p : values()) {
                if (p.id.equalsIgnoreCase(id == null ? "" : id.strip())) {
                    return p;
                }
            }
            throw new IllegalArgumentException("linear-eval protocol: unknown '" + id
                    + "': expected features or augmented");
        }
    }

    /** Validates the values. */
    public LinearEvalConfig {
        if (epochs < 1) {
            throw new IllegalArgumentException("linear-eval epochs must be positive, got " + epochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("linear-eval batch size must be positive, got " + batchSize);
        }
        if (!(lr > 0f)) {
            throw new IllegalArgumentException("linear-eval learning rate must be positive, got " + lr);
        }
        if (!(momentum >= 0f && momentum < 1f)) {
            throw new IllegalArgumentException("linear-eval momentum must be in [0, 1), got " + momentum);
        }
        if (!(weightDecay >= 0f)) {
            throw new IllegalArgumentException("linear-eval weight decay must be >= 0, got " + weightDecay);
        }
        if (trainImages < 0) {
            throw new IllegalArgumentException("linear-eval train images must be >= 0 (0 = all), got " + trainImages);
        }
        if (protocol == null) {
            throw new IllegalArgumentException("linear-eval protocol must be features or augmented, got null");
        }
        lrMilestones = List.copyOf(lrMilestones == null ? List.of() : lrMilestones);
        int previous = 0;
        for (int e : lrMilestones) {
            if (e <= previous || e >= epochs) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "linear-eval lr milestones must be"
                        + " increasing epochs in [1, %d), got %s", epochs, lrMilestones));
            }
            previous = e;
        }
    }

    /** nsn's feature probe with a cosine schedule. */
    public LinearEvalConfig(int epochs, int batchSize, float lr, float momentum, float weightDecay,
            int trainImages) {
        this(epochs, batchSize, lr, momentum, weightDecay, trainImages, Protocol.FEATURES, List.of());
    }

    /** nsn's feature probe with a cosine schedule on every training image. */
    public LinearEvalConfig(int epochs, int batchSize, float lr, float momentum, float weightDecay) {
        this(epochs, batchSize, lr, momentum, weightDecay, 0);
    }

    /**
     * A copy with another number of epochs; milestones at or beyond it are dropped (with {@link #authors()}'s
     * 30/40/50, 60 epochs keep all three and 35 keeps 30).
     */
    public LinearEvalConfig withEpochs(int newEpochs) {
        List<Integer> kept = new ArrayList<>();
        for (int e : lrMilestones) {
            if (e < newEpochs) {
                kept.add(e);
            }
        }
        return new LinearEvalConfig(newEpochs, batchSize, lr, momentum, weightDecay, trainImages, protocol, kept);
    }

    /** A copy trained on a seeded random subset of {@code n} training images (0 = all). */
    public LinearEvalConfig withTrainImages(int n) {
        return new LinearEvalConfig(epochs, batchSize, lr, momentum, weightDecay, n, protocol, lrMilestones);
    }

    /**
     * The command-line overrides applied in order: another protocol's recipe (keeping the training subset), then
     * the epochs, then the training subset; a null value keeps the current one.
     *
     * @throws IllegalArgumentException naming an unknown protocol or a bad value
     */
    public LinearEvalConfig withOverrides(String newProtocol, Integer newEpochs, Integer newTrainImages) {
        LinearEvalConfig l = newProtocol == null ? this : recipe(newProtocol).withTrainImages(trainImages);
        if (newEpochs != null) {
            l = l.withEpochs(newEpochs);
        }
        return newTrainImages == null ? l : l.withTrainImages(newTrainImages);
    }

    /** A copy with another protocol, everything else kept. */
    public LinearEvalConfig withProtocol(Protocol p) {
        return new LinearEvalConfig(epochs, batchSize, lr, momentum, weightDecay, trainImages, p, lrMilestones);
    }

    /** The learning rate of epoch {@code epoch} (0-based) under the step schedule, {@code lr × 0.1^passed}. */
    public float stepLr(int epoch) {
        float r = lr;
        for (int e : lrMilestones) {
            if (epoch >= e) {
                r *= 0.1f;
            }
        }
        return r;
    }

    /** Defaults that converge on standardised features in a few seconds on a CPU (the small presets). */
    public static LinearEvalConfig defaults() {
        return new LinearEvalConfig(30, 256, 0.1f, 0.9f, 1e-4f);
    }

    /**
     * The recipe of a protocol: {@link #defaults()} for {@code features}, {@link #authors()} for {@code augmented}.
     *
     * @throws IllegalArgumentException naming the bad value and the allowed ones
     */
    public static LinearEvalConfig recipe(String protocol) {
        return Protocol.of(protocol) == Protocol.AUGMENTED ? authors() : defaults();
    }

    /**
     * The authors' linear evaluation (their {@code main_lincls.py} settings for the paper): the augmented protocol,
     * 60 epochs, batch 128, SGD lr 10 with momentum 0.9, no weight decay, lr × 0.1 at epochs 30, 40 and 50, on
     * every training image. The authors report the best epoch; nsn reports the last and the best, labelled.
     */
    public static LinearEvalConfig authors() {
        return new LinearEvalConfig(60, 128, 10f, 0.9f, 0f, 0, Protocol.AUGMENTED, List.of(30, 40, 50));
    }
}
