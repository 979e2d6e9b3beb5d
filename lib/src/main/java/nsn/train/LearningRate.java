package nsn.train;

/** A learning-rate schedule indexed by optimisation step. */
@FunctionalInterface
public interface LearningRate {

    /** Learning rate at {@code step} (0-based). */
    float at(long step);

    /**
     * Linear warm-up over {@code warmupSteps}, then a half-cosine from {@code base} to 0 at {@code totalSteps}
     * (MoCo-v2's {@code --cos}).
     */
    static LearningRate cosine(float base, long totalSteps, long warmupSteps) {
        if (!(base > 0f) || totalSteps < 1 || warmupSteps < 0 || warmupSteps >= totalSteps) {
            throw new IllegalArgumentException("cosine schedule needs base > 0 and 0 <= warmup < total, got base="
                    + base + " total=" + totalSteps + " warmup=" + warmupSteps);
        }
        return step -> {
            if (step < warmupSteps) {
                return base * (step + 1) / warmupSteps;
            }
            double progress = (double) (step - warmupSteps) / (totalSteps - warmupSteps);
            return (float) (base * 0.5 * (1 + Math.cos(Math.PI * Math.min(progress, 1.0))));
        };
    }
}
