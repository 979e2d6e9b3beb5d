package nsn.experiment;

import java.util.List;
import nsn.train.PretrainConfig;
import tech.tablesaw.api.Table;

/**
 * Table 3 of the paper (§3.3): with colour jittering removed from MoCo-v2's augmentation, the model can match a query
 * and its key by their colour distribution (a shortcut); patch-based negatives, which share the query's colour
 * distribution, penalise it. Two rows, each over the grid's seeds: {@code MoCo-v2 (no colour jitter)} and
 * {@code + Patch-based - α = 2}.
 */
public final class ColorShortcutExperiment {

    /** Label of the baseline row. */
    public static final String BASELINE = "MoCo-v2 (no colour jitter)";
    /** Label of the row with patch-based negatives. */
    public static final String PATCH = "+ Patch-based - α = 2";

    /** Output of {@link #run}. */
    public record Result(Comparison.Result comparison) {

        /** The table as the paper prints it. */
        public Table table() {
            return comparison.table();
        }

        /** In-domain top-1 of the patch row minus the baseline's, in points (means over seeds). */
        public double improvementPoints() {
            return 100 * (comparison.row(PATCH).stats(0).mean() - comparison.row(BASELINE).stats(0).mean());
        }
    }

    private ColorShortcutExperiment() {}

    /** The two rows for {@code config}. */
    public static List<Arm> arms(ColorShortcutConfig config) {
        PretrainConfig base = config.grid().base().pretrain();
        PretrainConfig p = base.withAugment(base.augment().withoutColorJitter());
        int k = p.moco().queueSize();
        return List.of(Arm.of(BASELINE, p.withMoco(GridPresets.moco(p, k, 0f, 0))),
                Arm.of(PATCH, p.withMoco(GridPresets.moco(p, k, 2f, 1))),
                Arm.randomInit(p.withMoco(GridPresets.moco(p, k, 0f, 0))));
    }

    /** Runs (or resumes) both rows with every seed and writes the table to the config's output folder. */
    public static Result run(ColorShortcutConfig config) {
        return new Result(Comparison.run("color-shortcut", "Table 3: no colour jitter, linear top-1 on "
                + config.grid().base().dataset(), config.grid(), arms(config)));
    }
}
