package nsn.train;

import ai.djl.nn.Parameter;
import java.util.List;
import java.util.Locale;

/**
 * Which optimiser pretrains the encoder: SGD with momentum ({@link Sgd}, every preset) or LARS ({@link Lars}, as
 * BYOL and solo-learn's BYOL recipes use). Momentum and weight decay stay in {@link PretrainConfig}.
 *
 * @param kind the optimiser
 * @param trustCoefficient LARS's η, in (0, 1]: 0.001 in BYOL (Grill et al. 2020, §3.2 and appendix) and in
 *     solo-learn's {@code LARS} default, 0.02 in solo-learn's CIFAR BYOL recipe ({@code eta: 0.02} in
 *     {@code scripts/pretrain/cifar/byol.yaml}). Must be 0 with SGD
 * @param clip LARS with solo-learn's {@code clip_lars_lr}: the layer's rate becomes {@code lr·min(r/lr, 1)}
 *     instead of {@code lr·r} (r the trust ratio), so adaptation can only lower it; {@code true} in solo-learn's
 *     CIFAR BYOL recipe, absent from BYOL. Must be false with SGD
 */
public record OptimizerConfig(Kind kind, float trustCoefficient, boolean clip) {

    /** The optimisers. */
    public enum Kind {
        /** SGD with momentum and L2 weight decay on every parameter ({@link Sgd}). */
        SGD("sgd"),
        /**
         * LARS ({@link Lars}): layer-wise trust ratio on weights, biases and BatchNorm parameters excluded from the
         * adaptation and from weight decay.
         */
        LARS("lars");

        private final String id;

        Kind(String id) {
            this.id = id;
        }

        /** The lower-case name used on the command line. */
        public String id() {
            return id;
        }

        /** The optimiser named {@code id}: sgd or lars. */
        public static Kind of(String id) {
            for (Kind k : values()) {
                if (k.id.equals(id.trim().toLowerCase(Locale.ROOT))) {
                    return k;
                }
            }
            throw new IllegalArgumentException("optimizer must be sgd or lars, got '" + id + "'");
        }
    }

    /** BYOL's trust coefficient η = 0.001. */
    public static final float BYOL_TRUST_COEFFICIENT = 1e-3f;

    /** Validates the values. */
    public OptimizerConfig {
        if (kind == null) {
            throw new IllegalArgumentException("optimizer kind is required (sgd or lars)");
        }
        if (kind == Kind.LARS && !(trustCoefficient > 0f && trustCoefficient <= 1f)) {
            throw new IllegalArgumentException("LARS trust coefficient eta must be in (0, 1], got " + trustCoefficient);
        }
        if (kind == Kind.SGD && (trustCoefficient != 0f || clip)) {
            throw new IllegalArgumentException("the trust coefficient (" + trustCoefficient + ") and clipping ("
                    + clip + ") are LARS settings; with sgd they must be 0 and false");
        }
    }

    /** SGD with momentum: what every run was before the optimiser was configurable. */
    public static OptimizerConfig sgd() {
        return new OptimizerConfig(Kind.SGD, 0f, false);
    }

    /** LARS as in BYOL: η = 0.001, no clipping. */
    public static OptimizerConfig lars() {
        return new OptimizerConfig(Kind.LARS, BYOL_TRUST_COEFFICIENT, false);
    }

    /** LARS with trust coefficient {@code eta}, with or without solo-learn's clipping. */
    public static OptimizerConfig lars(float eta, boolean clip) {
        return new OptimizerConfig(Kind.LARS, eta, clip);
    }

    /** The default configuration of {@code kind}: {@link #sgd()} or {@link #lars()}. */
    public static OptimizerConfig of(Kind kind) {
        return kind == Kind.LARS ? lars() : sgd();
    }

    /**
     * A new optimiser over {@code params}.
     *
     * @param params the trainable parameters (their arrays must require gradient)
     * @param momentum μ in [0, 1)
     * @param weightDecay λ ≥ 0
     */
    public Optimizer create(List<Parameter> params, float momentum, float weightDecay) {
        return kind == Kind.LARS ? new Lars(params, momentum, weightDecay, trustCoefficient, clip)
                : new Sgd(params, momentum, weightDecay);
    }

    /** Short description, e.g. {@code sgd} or {@code lars (η 0.02, clipped)}. */
    public String describe() {
        return kind == Kind.SGD ? "sgd" : String.format(Locale.ROOT, "lars (η %s%s)", trustCoefficient,
                clip ? ", clipped" : "");
    }
}
