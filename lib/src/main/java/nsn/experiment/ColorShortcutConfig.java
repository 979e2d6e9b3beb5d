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

    /** Small preset: CIFAR-10 images pretrained on (a seeded subset, per seed). */
    public static final int SMALL_PRETRAIN_IMAGES = Table1Config.SMALL_PRETRAIN_IMAGES;
    /** Small preset: pretraining epochs. */
    public static final int SMALL_EPOCHS = Table1Config.SMALL_EPOCHS;
    /** Small preset: pretraining batch size. */
    public static final int SMALL_BATCH = Table1Config.SMALL_BATCH;
    /** Small preset: K. */
    public static final int SMALL_QUEUE = Table1Config.SMALL_QUEUE;
    /** Small preset: seeds. */
    public static final int SMALL_SEEDS = Table1Config.SMALL_SEEDS;

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
     * The small preset: CIFAR-10, where colour matters; the scale of {@link Table1Config#small()} (the same
     * constants), output {@code runs/color-shortcut}.
     */
    public static ColorShortcutConfig small() {
        Table1Config t = Table1Config.small();
        return new ColorShortcutConfig(t.grid().withOutputDir(Path.of("runs", "color-shortcut")));
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
     * The preset called {@code name}: {@code small}, {@code paper} or {@code smoke}.
     *
     * @throws IllegalArgumentException naming the bad value
     */
    public static ColorShortcutConfig preset(String name) {
        return switch (GridPresets.presetName(name)) {
            case "paper" -> paper();
            case "smoke" -> smoke();
            default -> small();
        };
    }

    /** A copy with another grid. */
    public ColorShortcutConfig withGrid(GridConfig newGrid) {
        return new ColorShortcutConfig(newGrid);
    }
}
