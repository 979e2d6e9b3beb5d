package nsn.train;

import java.util.Locale;
import nsn.loss.AlphaMode;
import nsn.model.EncoderConfig;

/**
 * Which contrastive method pretrains the encoder, and the settings only some methods use. The settings shared
 * with MoCo — τ, α and M — stay in {@link MocoConfig}.
 *
 * @param kind the method
 * @param alphaMode how α enters the InfoNCE-style losses of MoCo and SimCLR; BYOL's Eq. 2 has one form only, so
 *     BYOL takes {@link AlphaMode#LOGIT}, the default
 * @param predictorHidden hidden width of BYOL's predictor MLP (4096 in BYOL at ResNet-50 scale; smaller for small
 *     encoders)
 * @param targetMomentumBase τ_base of BYOL's target update, raised to 1 over training by a cosine schedule
 *     (0.996 in BYOL)
 */
public record MethodConfig(Kind kind, AlphaMode alphaMode, int predictorHidden, float targetMomentumBase) {

    /** The contrastive methods. */
    public enum Kind {
        /** MoCo-v2 with a queue of negatives and a momentum key encoder (Eq. 1). */
        MOCO_V2("moco"),
        /** SimCLR: one encoder, in-batch negatives, NT-Xent (Eq. 1 with the batch as negatives). */
        SIMCLR("simclr"),
        /** BYOL: online encoder and predictor, EMA target encoder, regression loss (Eq. 2). */
        BYOL("byol");

        private final String id;

        Kind(String id) {
            this.id = id;
        }

        /** The lower-case name used on the command line. */
        public String id() {
            return id;
        }

        /** The method named {@code id}: moco, simclr or byol. */
        public static Kind of(String id) {
            for (Kind k : values()) {
                if (k.id.equals(id.toLowerCase(Locale.ROOT))) {
                    return k;
                }
            }
            throw new IllegalArgumentException("method must be moco, simclr or byol, got '" + id + "'");
        }
    }

    /** Validates the values. */
    public MethodConfig {
        if (kind == null || alphaMode == null) {
            throw new IllegalArgumentException("method and alpha mode are required");
        }
        if (kind == Kind.BYOL && alphaMode != AlphaMode.LOGIT) {
            throw new IllegalArgumentException("alpha mode " + alphaMode.id() + " applies to the InfoNCE losses of"
                    + " moco and simclr; BYOL's Eq. 2 weighs the negative's distance by alpha directly");
        }
        if (predictorHidden < 1 || predictorHidden > 65536) {
            throw new IllegalArgumentException(
                    "BYOL predictor hidden width must be in [1, 65536], got " + predictorHidden);
        }
        if (!(targetMomentumBase >= 0f && targetMomentumBase < 1f)) {
            throw new IllegalArgumentException(
                    "BYOL target momentum base must be in [0, 1), got " + targetMomentumBase);
        }
    }

    /** MoCo-v2 with α in the logit: what every run was before the method was configurable. */
    public static MethodConfig mocoV2() {
        return new MethodConfig(Kind.MOCO_V2, AlphaMode.LOGIT, 4096, 0.996f);
    }

    /**
     * BYOL for {@code encoder}: τ_base = 0.996 and a predictor twice as wide as the backbone's features, capped at
     * BYOL's 4096 (which is twice ResNet-50's 2048), so small encoders get a proportionally small predictor.
     */
    public static MethodConfig byol(EncoderConfig encoder) {
        return new MethodConfig(Kind.BYOL, AlphaMode.LOGIT, Math.min(4096, 2 * encoder.featureDim()), 0.996f);
    }

    /** A copy with another method and alpha mode, keeping the BYOL settings. */
    public MethodConfig with(Kind newKind, AlphaMode newAlphaMode) {
        return new MethodConfig(newKind, newAlphaMode, predictorHidden, targetMomentumBase);
    }

    /** A copy with other BYOL settings. */
    public MethodConfig withByol(int newPredictorHidden, float newTargetMomentumBase) {
        return new MethodConfig(kind, alphaMode, newPredictorHidden, newTargetMomentumBase);
    }
}
