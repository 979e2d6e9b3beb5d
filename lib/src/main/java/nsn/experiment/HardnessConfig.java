package nsn.experiment;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import nsn.analysis.Hardness;
import nsn.data.DataDirs;
import nsn.experiment.Table1Config;
import nsn.train.NamedCheckpoint;

/**
 * Settings of {@link HardnessExperiment}: which trained models, on which images.
 *
 * @param models the models to compare, each a name and a pretraining checkpoint; at least one, distinct names
 * @param dataset dataset id ({@code cifar10}, {@code fashion-mnist}, {@code stl10}, {@code imagenet100}); its image
 *     size must be the one the checkpoints were trained at
 * @param split {@code train} or {@code test}
 * @param dataDir data root
 * @param images a seeded random subset of this many images of the split (0 = all of them)
 * @param textureDir root of the texture dataset of the split's images (written by {@code make-texture-dataset});
 *     {@code null} leaves the texture-based kind out
 * @param outputDir output folder
 * @param batchSize images per forward pass, and the group within which standard negatives are paired; at least 2
 * @param bins histogram bins over [−1, 1], at least 1
 * @param seed seed of the subset, the views and the negatives
 * @param device {@code auto}, {@code cpu}, {@code gpu} or {@code gpu:N}
 * @param quiet no progress bars
 */
public record HardnessConfig(List<NamedCheckpoint> models, String dataset, String split, Path dataDir, int images,
        Path textureDir, Path outputDir, int batchSize, int bins, long seed, String device, boolean quiet) {

    /** Validates the values. */
    public HardnessConfig {
        if (models == null || models.isEmpty()) {
            throw new IllegalArgumentException("hardness needs at least one model (--checkpoint NAME=PATH)");
        }
        models = List.copyOf(models);
        Set<String> names = new HashSet<>();
        for (NamedCheckpoint m : models) {
            if (!names.add(m.name())) {
                throw new IllegalArgumentException("hardness model name '" + m.name() + "' is used twice");
            }
        }
        if (dataset == null || dataset.isBlank()) {
            throw new IllegalArgumentException("hardness dataset is required");
        }
        split = split == null ? "" : split.toLowerCase(Locale.ROOT);
        if (!split.equals("train") && !split.equals("test")) {
            throw new IllegalArgumentException("hardness split must be train or test, got '" + split + "'");
        }
        if (dataDir == null || outputDir == null) {
            throw new IllegalArgumentException("hardness dataDir and outputDir are required");
        }
        if (images < 0) {
            throw new IllegalArgumentException("hardness images must be >= 0 (0 = all), got " + images);
        }
        if (batchSize < 2) {
            throw new IllegalArgumentException("hardness batch size must be at least 2 (standard negatives are the"
                    + " other images of a batch), got " + batchSize);
        }
        if (bins < 1 || bins > 10_000) {
            throw new IllegalArgumentException("hardness histogram bins must be in [1, 10000], got " + bins);
        }
    }

    /**
     * The small preset, the default: 1,000 CIFAR-10 test images, compared for the small Table 1 preset's MoCo-v2
     * (α = 0) and patch-based α = 2 and α = 3 checkpoints ({@code runs/table1/<row>/seed-0/checkpoint.bin}, written
     * by {@code nsn table1 --preset small}); no texture kind unless a texture folder is given.
     */
    public static HardnessConfig small() {
        return new HardnessConfig(table1Models(Table1Config.small()), "cifar10", "test", DataDirs.root(), 1000, null,
                Path.of("runs", "hardness"), 100, Hardness.DEFAULT_BINS, 0L, "auto", false);
    }

    /**
     * The medium preset: the small one for the medium Table 1 preset's checkpoints
     * ({@code runs/table1-medium/<row>/seed-0/checkpoint.bin}), written to {@code runs/hardness-medium}.
     */
    public static HardnessConfig medium() {
        return new HardnessConfig(table1Models(Table1Config.medium()), "cifar10", "test", DataDirs.root(), 1000, null,
                Path.of("runs", "hardness-medium"), 100, Hardness.DEFAULT_BINS, 0L, "auto", false);
    }

    /**
     * The paper preset: every ImageNet-100 training image (the paper used the ImageNet-1K training set), the paper
     * Table 1 preset's α = 0, 2, 3 checkpoints; batch 256 as MoCo's.
     */
    public static HardnessConfig paper() {
        return new HardnessConfig(table1Models(Table1Config.paper()), "imagenet100", "train", DataDirs.root(), 0,
                null, Path.of("runs", "hardness-paper"), 256, Hardness.DEFAULT_BINS, 0L, "auto", false);
    }

    /**
     * The smoke preset, to check that everything runs (tests, notebooks, {@code reproduce --preset smoke}): 200
     * CIFAR-10 test images in batches of 50, compared for the smoke Table 1 preset's α = 0, 2 and 3 checkpoints
     * ({@code runs/table1-smoke/<row>/seed-0/checkpoint.bin}, written by {@code nsn table1 --preset smoke});
     * seconds once the checkpoints exist.
     */
    public static HardnessConfig smoke() {
        return new HardnessConfig(table1Models(Table1Config.smoke()), "cifar10", "test", DataDirs.root(), 200, null,
                Path.of("runs", "hardness-smoke"), 50, Hardness.DEFAULT_BINS, 0L, "auto", false);
    }

    /** The preset called {@code name}: {@code small}, {@code medium}, {@code paper} or {@code smoke}. */
    public static HardnessConfig preset(String name) {
        return switch (Presets.parse(name)) {
            case "small" -> small();
            case "medium" -> medium();
            case "paper" -> paper();
            default -> smoke();
        };
    }

    /** The labels of a Table 1 grid's α = 0, 2 and 3 rows, the models the analysis compares. */
    public static List<String> table1Rows(Table1Config table1) {
        return List.of("MoCo-v2 - k = " + table1.queue(), "+ Patch-based - α = 2", "+ Patch-based - α = 3");
    }

    /** The α = 0, 2, 3 rows (seed 0) of a Table 1 preset, where its comparison writes their checkpoints. */
    public static List<NamedCheckpoint> table1Models(Table1Config table1) {
        Path root = table1.grid().base().outputDir();
        List<String> rows = table1Rows(table1);
        return List.of(model("alpha=0", root, rows.get(0)), model("alpha=2", root, rows.get(1)),
                model("alpha=3", root, rows.get(2)));
    }

    private static NamedCheckpoint model(String name, Path root, String armLabel) {
        return new NamedCheckpoint(name,
                root.resolve(Arm.slugOf(armLabel)).resolve("seed-0").resolve("checkpoint.bin"));
    }

    /** A copy with other models. */
    public HardnessConfig withModels(List<NamedCheckpoint> newModels) {
        return new HardnessConfig(newModels, dataset, split, dataDir, images, textureDir, outputDir, batchSize, bins,
                seed, device, quiet);
    }

    /** A copy with another data root, image count, texture folder and output folder. */
    public HardnessConfig withData(Path newDataDir, int newImages, Path newTextureDir, Path newOutputDir) {
        return new HardnessConfig(models, dataset, split, newDataDir, newImages, newTextureDir, newOutputDir,
                batchSize, bins, seed, device, quiet);
    }

    /** A copy with another batch size, seed, device and verbosity. */
    public HardnessConfig withRun(int newBatchSize, long newSeed, String newDevice, boolean newQuiet) {
        return new HardnessConfig(models, dataset, split, dataDir, images, textureDir, outputDir, newBatchSize, bins,
                newSeed, newDevice, newQuiet);
    }
}
