package nsn.experiment;

import java.util.Locale;
import nsn.train.PretrainConfig;

/**
 * One row of a comparison: a label as the paper's tables print it (e.g. {@code MoCo-v2 - k = 4096} or
 * {@code + Patch-based - α = 2}) and the pretraining recipe; the seed of the recipe is replaced by each seed of the
 * grid.
 *
 * @param label row label
 * @param slug folder name of the arm's runs, unique within a comparison
 * @param pretrain pretraining configuration (for a reference row that does not pretrain, the recipe whose encoder
 *     is initialised and probed)
 * @param pretrains whether the arm pretrains; {@code false} for the random-init reference row
 */
public record Arm(String label, String slug, PretrainConfig pretrain, boolean pretrains) {

    /** Label of the {@link #randomInit} row. */
    public static final String RANDOM_INIT = "Random init (no pretraining)";

    /** Validates the values. */
    public Arm {
        if (label == null || label.isBlank()) {
            throw new IllegalArgumentException("an arm needs a label");
        }
        if (slug == null || !slug.matches("[a-z0-9][a-z0-9._-]*")) {
            throw new IllegalArgumentException("arm slug '" + slug + "' must be lower-case letters, digits, '.', '_'"
                    + " and '-'");
        }
        if (pretrain == null) {
            throw new IllegalArgumentException("arm '" + label + "' needs a pretraining configuration");
        }
    }

    /** A pretraining arm. */
    public Arm(String label, String slug, PretrainConfig pretrain) {
        this(label, slug, pretrain, true);
    }

    /** A pretraining arm whose folder name is {@link #slugOf(String) derived} from its label. */
    public static Arm of(String label, PretrainConfig pretrain) {
        return new Arm(label, slugOf(label), pretrain);
    }

    /**
     * The reference row: {@code recipe}'s encoder at its random initialisation (each seed's), probed like every
     * other row. The baseline that pretraining must beat at the same probe, data and seed.
     */
    public static Arm randomInit(PretrainConfig recipe) {
        return new Arm(RANDOM_INIT, "random-init", recipe, false);
    }

    /**
     * A folder name for a label: lower case, {@code α} spelt {@code alpha}, {@code +} spelt {@code plus}, other runs
     * of non-alphanumerics a single {@code -}; e.g. {@code + Patch-based - α = 2} gives
     * {@code plus-patch-based-alpha-2}.
     */
    public static String slugOf(String label) {
        String s = label.toLowerCase(Locale.ROOT).replace("α", "alpha").replace("+", " plus ")
                .replaceAll("[^a-z0-9.]+", "-").replaceAll("^[-.]+|-+$", "");
        return s.isEmpty() ? "arm" : s;
    }
}
