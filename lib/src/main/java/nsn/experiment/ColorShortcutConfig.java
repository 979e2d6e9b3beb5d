package nsn.experiment;

import java.nio.file.Path;
import nsn.train.MethodConfig;

/**
 * The configuration of {@link ColorShortcutExperiment} (§3.3, Table 3): MoCo-v2 trained without colour jittering,
 * with and without patch-based negatives (α = 2). The recipe is {@code grid.base().pretrain()} with its colour jitter
 * removed ({@link nsn.augment.AugmentConfig#withoutColorJitter()}; random grayscale kept) and its queue size K.
 *
 * @param grid base recipe (MoCo-v2), seeds, linear probe data and out-of-domain sets
 */
public record ColorShortcutConfig(GridConfig grid) {

    /** Medium preset: CIFAR-10 images pretrained on (a seeded subset, per seed). */
    public static final int MEDIUM_PRETRAIN_IMAGES = Table1Config.MEDIUM_PRETRAIN_IMAGES;
    /** Medium preset: pretraining epochs. */
    public static final int MEDIUM_EPOCHS = Table1Config.MEDIUM_EPOCHS;
    /** Medium preset: pretraining batch size. */
    public static final int MEDIUM_BATCH = Table1Config.MEDIUM_BATCH;
    /** Medium preset: K. */
    public static final int MEDIUM_QUEUE = Table1Config.MEDIUM_QUEUE;
    /** Medium preset: seeds. */
    public static final int MEDIUM_SEEDS = Table1Config.MEDIUM_SEEDS;

    /** Validates the values. */
    public ColorShortcutConfig {
        if (grid == null) {
            throw new IllegalArgumentException("grid: the grid configuration is required");
        }
        if (grid.base().pretrain().method().kind() != MethodConfig.Kind.MOCO_V2) {
            throw new IllegalArgumentException("grid.base.pretrain.method: Table 3 is about MoCo-v2, got "
                    + grid.base().pretrain().method().kind().id());
        }
        if (grid.base().dataset().equals(DatasetSpec.FASHION_MNIST.id())) {
            throw new IllegalArgumentException("dataset: the colour shortcut needs colour images; "
                    + grid.base().dataset() + " is grayscale (use cifar10 or imagenet100)");
        }
    }

    /**
     * The small preset, the default: CIFAR-10, where colour matters; the scale of {@link Table1Config#small()},
     * output {@code runs/color-shortcut}.
     */
    public static ColorShortcutConfig small() {
        return new ColorShortcutConfig(Table1Config.small().grid().withOutputDir(Path.of("runs", "color-shortcut")));
    }

    /**
     * The medium preset: the scale of {@link Table1Config#medium()} (the same constants), output
     * {@code runs/color-shortcut-medium}.
     */
    public static ColorShortcutConfig medium() {
        Table1Config t = Table1Config.medium();
        return new ColorShortcutConfig(t.grid().withOutputDir(Path.of("runs", "color-shortcut-medium")));
    }

    /** The paper preset: ImageNet-100, the paper recipe at K = 16384, 3 seeds. */
    public static ColorShortcutConfig paper() {
        return new ColorShortcutConfig(Table1Config.paper().grid().withOutputDir(Path.of("runs",
                "color-shortcut-paper")));
    }

    /** The smoke preset: the scale of {@link Table1Config#smoke()}. */
    public static ColorShortcutConfig smoke() {
        return new ColorShortcutConfig(Table1Config.smoke().grid().withOutputDir(Path.of("runs",
                "color-shortcut-smoke")));
    }

    /**
     * The preset called {@code name}: {@code small}, {@code medium}, {@code paper} or {@code smoke}.
     *
     * @throws IllegalArgumentException naming the bad value
     */
    public static ColorShortcutConfig preset(String name) {
        return switch (Presets.parse(name)) {
            case "paper" -> paper();
            case "smoke" -> smoke();
            case "medium" -> medium();
            default -> small();
        };
    }

    /** A copy with another grid. */
    public ColorShortcutConfig withGrid(GridConfig newGrid) {
        return new ColorShortcutConfig(newGrid);
    }
}
