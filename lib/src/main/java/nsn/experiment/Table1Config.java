package nsn.experiment;

import java.nio.file.Path;
import java.util.List;
import nsn.train.MethodConfig;

/**
 * The configuration of {@link Table1Experiment} (§3.1, Table 1): MoCo-v2 at queue size K and K/2, with texture- and
 * patch-based non-semantic negatives, and BYOL with patch-based negatives, each over several seeds.
 *
 * <p>K is {@code grid.base().pretrain().moco().queueSize()}; every other setting of the rows (α, the method) is
 * fixed by the paper's table, see {@link Table1Experiment#arms}.
 *
 * @param grid base recipe (MoCo-v2), seeds, linear probe data and out-of-domain sets
 * @param texture whether to run the texture-based row, which needs a texture dataset of the pretraining images
 * @param textureDir the texture dataset of the training images (as {@code make-texture-dataset} writes it);
 *     {@code null} to let the experiment write the textures of exactly the pretraining subsets under
 *     {@code <out>/textures}
 */
public record Table1Config(GridConfig grid, boolean texture, Path textureDir) {

    /** Small preset: CIFAR-10 images pretrained on (a seeded subset, per seed). */
    public static final int SMALL_PRETRAIN_IMAGES = 5_000;
    /** Small preset: pretraining epochs. */
    public static final int SMALL_EPOCHS = 3;
    /** Small preset: pretraining batch size. */
    public static final int SMALL_BATCH = 128;
    /** Small preset: K; the halved rows use K/2. */
    public static final int SMALL_QUEUE = 1024;
    /** Small preset: first-stage width of the ResNet-18 (the medium preset's is 32). */
    public static final int SMALL_WIDTH = 16;
    /** Small preset: seeds. */
    public static final int SMALL_SEEDS = 1;
    /** Small preset: images the linear probe is fitted on (a fixed subset of the training set). */
    public static final int SMALL_LINEAR_TRAIN_IMAGES = 5_000;
    /** Small preset: linear-probe epochs. */
    public static final int SMALL_LINEAR_EPOCHS = 30;
    /** Medium preset: CIFAR-10 images pretrained on (a seeded subset, per seed). */
    public static final int MEDIUM_PRETRAIN_IMAGES = 10_000;
    /** Medium preset: pretraining epochs. */
    public static final int MEDIUM_EPOCHS = 3;
    /** Medium preset: pretraining batch size. */
    public static final int MEDIUM_BATCH = 256;
    /** Medium preset: K; the halved rows use K/2. */
    public static final int MEDIUM_QUEUE = 2048;
    /** Medium preset: seeds. */
    public static final int MEDIUM_SEEDS = 1;
    /** Medium preset: images the linear probe is fitted on (a fixed subset of the training set). */
    public static final int MEDIUM_LINEAR_TRAIN_IMAGES = 10_000;
    /** Medium preset: linear-probe epochs. */
    public static final int MEDIUM_LINEAR_EPOCHS = 30;
    /** Smoke preset: CIFAR-10 images pretrained on. */
    public static final int SMOKE_PRETRAIN_IMAGES = 256;
    /** Smoke preset: pretraining batch size. */
    public static final int SMOKE_BATCH = 64;
    /** Smoke preset: K; the halved rows use K/2 = the batch size. */
    public static final int SMOKE_QUEUE = 128;
    /** Smoke preset: first-stage width of the ResNet-18 (the medium preset's is 32). */
    public static final int SMOKE_WIDTH = 16;
    /** Smoke preset: images the probe is fitted on, and test images it is evaluated on. */
    public static final int SMOKE_PROBE_IMAGES = 500;
    /** Smoke preset: linear-probe epochs. */
    public static final int SMOKE_LINEAR_EPOCHS = 5;
    /** Paper preset: seeds (the paper reports the standard deviation of 3 runs). */
    public static final int PAPER_SEEDS = 3;

    /** Validates the values. */
    public Table1Config {
        if (grid == null) {
            throw new IllegalArgumentException("grid: the grid configuration is required");
        }
        if (grid.base().pretrain().method().kind() != MethodConfig.Kind.MOCO_V2) {
            throw new IllegalArgumentException("grid.base.pretrain.method: the base recipe must be moco (MoCo-v2);"
                    + " the BYOL rows are derived from it, got " + grid.base().pretrain().method().kind().id());
        }
        int k = grid.base().pretrain().moco().queueSize();
        int batch = grid.base().pretrain().batchSize();
        if (k / 2 < batch) {
            throw new IllegalArgumentException("queue: K/2 = " + k / 2 + " (K = " + k + ") must be at least the batch"
                    + " size " + batch);
        }
        if (texture && DatasetSpec.of(grid.base().dataset()) == DatasetSpec.STL10) {
            throw new IllegalArgumentException("texture: the texture row is not available on stl10 (make-texture-dataset"
                    + " does not read STL-10's binary files); skip it (--skip-texture)");
        }
        if (!texture && textureDir != null) {
            throw new IllegalArgumentException("textureDir: a texture folder (" + textureDir + ") is only used by the"
                    + " texture row, which is skipped");
        }
    }

    /**
     * The small preset, the default: the {@link #medium()} recipe on CIFAR-10 with the ResNet-18 at width
     * {@value #SMALL_WIDTH}, {@value #SMALL_PRETRAIN_IMAGES} pretraining images, {@value #SMALL_EPOCHS} epochs at batch
     * {@value #SMALL_BATCH}, K = {@value #SMALL_QUEUE}, {@value #SMALL_SEEDS} seed(s), the probe fitted on
     * {@value #SMALL_LINEAR_TRAIN_IMAGES} training images and evaluated on the 10,000 test images; the texture row
     * included (its textures written under {@code runs/table1/textures}). Sized so that every section of the paper
     * runs at this scale in under 20 minutes on 2 cores; its numbers are a few points above chance.
     */
    public static Table1Config small() {
        QuickstartConfig q = GridPresets.scaled(QuickstartConfig.medium().withDataset("cifar10"),
                SMALL_PRETRAIN_IMAGES, SMALL_EPOCHS, SMALL_BATCH, SMALL_QUEUE, SMALL_LINEAR_EPOCHS,
                Path.of("runs", "table1"));
        q = GridPresets.withWidth(q, SMALL_WIDTH);
        return new Table1Config(new GridConfig(q, GridConfig.seedRange(0, SMALL_SEEDS), SMALL_LINEAR_TRAIN_IMAGES, 0,
                List.of()), true, null);
    }

    /**
     * The medium preset (the {@code small} preset before the presets were split; docs/RESULTS.md records its
     * tables): CIFAR-10 (colour), the quickstart's medium recipe (ResNet-18 at width 32) with
     * {@value #MEDIUM_PRETRAIN_IMAGES} pretraining images, {@value #MEDIUM_EPOCHS} epochs at batch
     * {@value #MEDIUM_BATCH}, K = {@value #MEDIUM_QUEUE}, {@value #MEDIUM_SEEDS} seed(s), the probe fitted on
     * {@value #MEDIUM_LINEAR_TRAIN_IMAGES} training images and evaluated on the 10,000 test images; the texture row
     * included (its textures written under {@code runs/table1-medium/textures}). No out-of-domain columns.
     */
    public static Table1Config medium() {
        QuickstartConfig q = GridPresets.scaled(QuickstartConfig.medium().withDataset("cifar10"),
                MEDIUM_PRETRAIN_IMAGES, MEDIUM_EPOCHS, MEDIUM_BATCH, MEDIUM_QUEUE, MEDIUM_LINEAR_EPOCHS,
                Path.of("runs", "table1-medium"));
        return new Table1Config(new GridConfig(q, GridConfig.seedRange(0, MEDIUM_SEEDS), MEDIUM_LINEAR_TRAIN_IMAGES, 0,
                List.of()), true, null);
    }

    /**
     * The paper preset: ImageNet-100 with the quickstart's paper recipe (ResNet-50, 200 epochs at batch 128,
     * K = 16384 and 8192), {@value #PAPER_SEEDS} seeds, the probe on the whole training set and validation set.
     * The out-of-domain columns (ImageNet-C, -S, -R, Stylized) are added with {@link GridConfig#plusOod}.
     */
    public static Table1Config paper() {
        QuickstartConfig q = QuickstartConfig.paper().withOutputDir(Path.of("runs", "table1-paper"));
        return new Table1Config(new GridConfig(q, GridConfig.seedRange(0, PAPER_SEEDS), 0, 0, List.of()), true,
                null);
    }

    /**
     * The smoke preset, to check that everything runs (tests) in about a minute on 2 cores: the medium
     * recipe with the ResNet-18 at width {@value #SMOKE_WIDTH}, {@value #SMOKE_PRETRAIN_IMAGES} CIFAR-10 images, one
     * epoch at batch {@value #SMOKE_BATCH}, K = {@value #SMOKE_QUEUE}, one seed, a {@value #SMOKE_LINEAR_EPOCHS}-epoch
     * probe fitted on {@value #SMOKE_PROBE_IMAGES} training images and evaluated on as many test images; the texture
     * row included (textures of the {@value #SMOKE_PRETRAIN_IMAGES} images). It checks that everything runs, not that
     * pretraining helps.
     */
    public static Table1Config smoke() {
        QuickstartConfig q = GridPresets.scaled(QuickstartConfig.medium().withDataset("cifar10"), SMOKE_PRETRAIN_IMAGES,
                1, SMOKE_BATCH, SMOKE_QUEUE, SMOKE_LINEAR_EPOCHS, Path.of("runs", "table1-smoke"));
        q = GridPresets.withWidth(q, SMOKE_WIDTH);
        return new Table1Config(new GridConfig(q, List.of(0L), SMOKE_PROBE_IMAGES, SMOKE_PROBE_IMAGES, List.of()),
                true, null);
    }

    /**
     * The preset called {@code name}: {@code small}, {@code medium}, {@code paper} or {@code smoke}.
     *
     * @throws IllegalArgumentException naming the bad value
     */
    public static Table1Config preset(String name) {
        return switch (Presets.parse(name)) {
            case "paper" -> paper();
            case "smoke" -> smoke();
            case "medium" -> medium();
            default -> small();
        };
    }

    /** K, the queue size of the full-queue rows. */
    public int queue() {
        return grid.base().pretrain().moco().queueSize();
    }

    /** A copy with another grid. */
    public Table1Config withGrid(GridConfig newGrid) {
        return new Table1Config(newGrid, texture, textureDir);
    }

    /** A copy with or without the texture row; without it, the texture folder is dropped. */
    public Table1Config withTexture(boolean run, Path dir) {
        return new Table1Config(grid, run, run ? dir : null);
    }
}
