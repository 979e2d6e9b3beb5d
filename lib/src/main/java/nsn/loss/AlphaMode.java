package nsn.loss;

import ai.djl.ndarray.NDArray;
import nsn.model.Scalars;

/**
 * How α enters the non-semantic terms of the contrastive losses ({@link InfoNce}, {@link NtXent}). The paper's
 * appendix B.1 compares ways of applying α; its text is not available to this project, so the two variants here
 * are defined from the main text and the authors' code:
 *
 * <ul>
 *   <li>{@link #LOGIT}: α scales the cosine inside the exponent, {@code exp(α·q·ns/τ)} — Eq. 1 as the authors
 *       implement it, and the default;
 *   <li>{@link #WEIGHT}: α weighs the exponential, {@code α·exp(q·ns/τ)}, i.e. the logit {@code q·ns/τ + ln α};
 *       α must then be positive. With α = 1 it is a plain extra negative.
 * </ul>
 */
public enum AlphaMode {
    /** Logit {@code α·q·ns/τ}: α multiplies the cosine inside the exponent (the authors' code). */
    LOGIT("logit"),
    /** Logit {@code q·ns/τ + ln α}: α multiplies the exponential in the denominator. */
    WEIGHT("weight");

    private final String id;

    AlphaMode(String id) {
        this.id = id;
    }

    /** The lower-case name used on the command line. */
    public String id() {
        return id;
    }

    /** The mode named {@code id} ({@code logit} or {@code weight}). */
    public static AlphaMode of(String id) {
        for (AlphaMode m : values()) {
            if (m.id.equalsIgnoreCase(id)) {
                return m;
            }
        }
        throw new IllegalArgumentException("alpha mode must be logit or weight, got " + id);
    }

    /**
     * Checks α for this mode.
     *
     * @throws IllegalArgumentException if α is negative, infinite or NaN, or not positive in {@link #WEIGHT} mode
     */
    public void checkAlpha(float alpha) {
        if (!(alpha >= 0f) || Float.isInfinite(alpha)) {
            throw new IllegalArgumentException("alpha must be non-negative and finite, got " + alpha);
        }
        if (this == WEIGHT && alpha == 0f) {
            throw new IllegalArgumentException("alpha must be positive with alpha mode weight (it is the weight"
                    + " of exp(q·ns/τ); ln 0 is undefined), got 0");
        }
    }

    /**
     * The non-semantic logits before the division by τ.
     *
     * @param cosine {@code q·ns}, any shape
     * @param alpha α
     * @param temperature τ
     * @return {@code α·q·ns} ({@link #LOGIT}) or {@code q·ns + τ·ln α} ({@link #WEIGHT}), same shape; divided by
     *     τ this is the logit of the mode
     */
    NDArray beforeTemperature(NDArray cosine, float alpha, float temperature) {
        return switch (this) {
            case LOGIT -> Scalars.mul(cosine, alpha);
            case WEIGHT -> Scalars.add(cosine, temperature * (float) Math.log(alpha));
        };
    }
}
