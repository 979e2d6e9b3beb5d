package nsn.experiment;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Settings of the α sweep of §4.1 (Fig. 6): MoCo-v2 with patch-based negatives at each α (α = 0 is plain MoCo-v2),
 * each evaluated on the in-domain test set and the grid's OOD columns (a sketch column gives Fig. 6c), and on
 * cue-conflict stimuli and coarse groups (Fig. 6a, b, d) through {@link ShapeBiasExperiment}.
 *
 * @param grid base recipe (the Table 1 recipe at queue size K), seeds, probe data and OOD columns
 * @param alphas the α values, distinct, each in [0, 10]
 * @param stimuli cue-conflict stimuli, or null to make {@code stimuliPerClass} per class from the test split
 * @param stimuliPerClass stimuli per class made when {@code stimuli} is null
 * @param coarseGroups groups of classes for the coarse/fine accuracy (may be empty)
 * @param sketch the OOD column of Fig. 6c; on the small preset, when the grid has no column of that name, the
 *     experiment writes sketches of the test images ({@link nsn.shape.Sketch}) into {@code OUT/sketch} and adds them
 */
public record AlphaSweepConfig(GridConfig grid, List<Float> alphas, Path stimuli, int stimuliPerClass,
        Map<String, List<String>> coarseGroups, String sketch) {

    /** The paper's values: the baseline and α = 1 … 5. */
    public static final List<Float> PAPER_ALPHAS = List.of(0f, 1f, 2f, 3f, 4f, 5f);

    /** Validates the values. */
    public AlphaSweepConfig {
        if (grid == null) {
            throw new IllegalArgumentException("grid: required");
        }
        alphas = List.copyOf(alphas);
        if (alphas.isEmpty() || alphas.size() != alphas.stream().distinct().count()) {
            throw new IllegalArgumentException("alphas: give at least one α, each once, got " + alphas);
        }
        for (float a : alphas) {
            if (!(a >= 0f && a <= 10f)) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "alphas: each α must be in [0, 10], got"
                        + " %s", a));
            }
        }
        if (stimuliPerClass < 1) {
            throw new IllegalArgumentException("stimuliPerClass: must be positive, got " + stimuliPerClass);
        }
        coarseGroups = Map.copyOf(coarseGroups == null ? Map.of() : coarseGroups);
        OodSet.checkName(sketch);
    }

    /**
     * The small preset, the default: the Table 1 small grid ({@link Table1Config#small()}, unchanged, so that
     * {@code reproduce} reads Table 1's α = 0, 2 and 3 runs back) at α = 0 … 5, stimuli and sketches made from the
     * test split, the animal classes as the coarse group.
     */
    public static AlphaSweepConfig small() {
        return new AlphaSweepConfig(Table1Config.small().grid().withOutputDir(Path.of("runs", "alpha-sweep")),
                PAPER_ALPHAS, null, ShapeBiasConfig.DEFAULT_STIMULI_PER_CLASS, ShapeBiasConfig.CIFAR10_ANIMALS,
                "sketch");
    }

    /**
     * The medium preset: the Table 1 medium recipe (CIFAR-10, 10,000 images × 3 epochs, K = 2048, one seed) at
     * α = 0 … 5, stimuli and sketches made from the test split, the animal classes as the coarse group. With the
     * same output folder as {@code table1} the α = 0, 2 and 3 runs are reused.
     */
    public static AlphaSweepConfig medium() {
        return new AlphaSweepConfig(Table1Config.medium().grid().withOutputDir(Path.of("runs", "alpha-sweep-medium")),
                PAPER_ALPHAS, null, ShapeBiasConfig.DEFAULT_STIMULI_PER_CLASS, ShapeBiasConfig.CIFAR10_ANIMALS,
                "sketch");
    }

    /**
     * The paper preset: ImageNet-100 with the Table 1 paper recipe (3 seeds) at α = 0 … 5; Geirhos' stimuli and an
     * ImageNet-Sketch column ({@code --ood imagenet-sketch=DIR}, named {@code imagenet-sketch}) must be given; the dog
     * breeds are the coarse group.
     */
    public static AlphaSweepConfig paper(Path stimuli) {
        return new AlphaSweepConfig(Table1Config.paper().grid().withOutputDir(Path.of("runs", "alpha-sweep-paper")),
                PAPER_ALPHAS, stimuli, ShapeBiasConfig.DEFAULT_STIMULI_PER_CLASS,
                Map.of("dog", nsn.shape.CategoryMapping.geirhosWnids("dog")), "imagenet-sketch");
    }

    /**
     * The smoke preset, to check that everything runs (tests, notebooks, {@code reproduce --preset smoke}): the
     * Table 1 smoke grid ({@link Table1Config#smoke()}, unchanged, so that {@code reproduce} reads Table 1's α = 0
     * and 2 runs back instead of training them again) at α = 0 and 2, two stimuli per class made from the test
     * split (or {@code stimuli}), written to {@code runs/alpha-sweep-smoke}.
     */
    public static AlphaSweepConfig smoke(Path stimuli) {
        return new AlphaSweepConfig(Table1Config.smoke().grid().withOutputDir(Path.of("runs", "alpha-sweep-smoke")),
                List.of(0f, 2f), stimuli, 2, ShapeBiasConfig.CIFAR10_ANIMALS, "sketch");
    }

    /** The preset called {@code name}: small, medium, paper (with {@code stimuli}) or smoke. */
    public static AlphaSweepConfig preset(String name, Path stimuli) {
        return switch (Presets.parse(name)) {
            case "paper" -> paper(stimuli);
            case "smoke" -> smoke(stimuli);
            case "medium" -> medium().withStimuli(stimuli);
            default -> small().withStimuli(stimuli);
        };
    }

    /**
     * The preset called {@code name} ({@code small}, {@code medium}, {@code paper} or {@code smoke}) with its stimuli
     * made from the
     * test split; the paper preset then needs them given with {@link #withStimuli} (Geirhos' stimuli).
     */
    public static AlphaSweepConfig preset(String name) {
        return preset(name, null);
    }

    /** A copy with another grid. */
    public AlphaSweepConfig withGrid(GridConfig g) {
        return new AlphaSweepConfig(g, alphas, stimuli, stimuliPerClass, coarseGroups, sketch);
    }

    /** A copy with other α values. */
    public AlphaSweepConfig withAlphas(List<Float> a) {
        return new AlphaSweepConfig(grid, a, stimuli, stimuliPerClass, coarseGroups, sketch);
    }

    /** A copy with other stimuli (null: made from the test split). */
    public AlphaSweepConfig withStimuli(Path s) {
        return new AlphaSweepConfig(grid, alphas, s, stimuliPerClass, coarseGroups, sketch);
    }
}
