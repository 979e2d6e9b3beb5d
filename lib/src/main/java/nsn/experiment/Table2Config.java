package nsn.experiment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import nsn.augment.AugmentConfig;
import nsn.data.DataDirs;
import nsn.eval.LinearEvalConfig;
import nsn.model.EncoderConfig;
import nsn.negatives.PatchNegatives;
import nsn.ood.OodBenchmark;
import nsn.train.MethodConfig;
import nsn.train.MocoConfig;
import nsn.train.PretrainConfig;

/**
 * The configuration of {@link Table2Experiment} (§3.2, Table 2): MoCo-v2 and MoCo-v2 + patch-based non-semantic
 * negatives (α = {@value Table2Experiment#ALPHA}) on ImageNet-1K, linear top-1 in domain and on ImageNet-Sketch,
 * Stylized-ImageNet and ImageNet-R, and mCE on ImageNet-C.
 *
 * <p>K is {@code grid.base().pretrain().moco().queueSize()}; the rows take everything else from the base recipe
 * ({@link Table2Experiment#arms}).
 *
 * @param grid base recipe (MoCo-v2), seeds, linear probe data and out-of-domain sets; its output folder receives
 *     the table
 * @param runsDir folder of the two rows' runs ({@code <runsDir>/<row>/seed-<n>/}), or null for the grid's own
 *     folder. The small and smoke presets point it at their Table 1 preset's folder, whose
 *     {@code MoCo-v2 - k = K} and {@code + Patch-based - α = 2} runs are exactly Table 2's two rows, so either
 *     command reuses the other's runs while each keeps its own table files
 */
public record Table2Config(GridConfig grid, Path runsDir) {

    /** Paper preset: MoCo's queue size (main_moco.py {@code --moco-k} default). */
    public static final int PAPER_QUEUE = 65_536;
    /** Paper preset: MoCo's batch size (main_moco.py {@code --batch-size} default, 8 GPUs). */
    public static final int PAPER_BATCH = 256;
    /** Paper preset: pretraining epochs (main_moco.py {@code --epochs} default). */
    public static final int PAPER_EPOCHS = 200;
    /** Paper preset: pretraining learning rate, cosine schedule (main_moco.py {@code --lr} default, {@code --cos}). */
    public static final float PAPER_LR = 0.03f;

    /** Validates the values. */
    public Table2Config {
        if (grid == null) {
            throw new IllegalArgumentException("grid: the grid configuration is required");
        }
        if (grid.base().pretrain().method().kind() != MethodConfig.Kind.MOCO_V2) {
            throw new IllegalArgumentException("grid.base.pretrain.method: Table 2's rows are MoCo-v2, got "
                    + grid.base().pretrain().method().kind().id());
        }
        int k = grid.base().pretrain().moco().queueSize();
        int batch = grid.base().pretrain().batchSize();
        if (k < batch) {
            throw new IllegalArgumentException("queue: K = " + k + " must be at least the batch size " + batch);
        }
    }

    /**
     * The small preset, the default: Table 1's small preset (see {@link Table1Config#small()}), the table in
     * {@code runs/table2} and the runs shared with {@code runs/table1}. No out-of-domain columns (the ImageNet
     * benchmarks do not apply to CIFAR-10; add CIFAR-10 variants with {@link GridConfig#plusOod}).
     */
    public static Table2Config small() {
        return sharing(Table1Config.small(), Path.of("runs", "table2"));
    }

    /**
     * The medium preset: Table 1's medium preset (CIFAR-10, 10,000 images × 3 epochs, K = 2048, one seed; see
     * {@link Table1Config#medium()}), the table in {@code runs/table2-medium} and the runs shared with
     * {@code runs/table1-medium}.
     */
    public static Table2Config medium() {
        return sharing(Table1Config.medium(), Path.of("runs", "table2-medium"));
    }

    /**
     * The smoke preset, to check that everything runs (tests, notebooks): Table 1's smoke preset (512 CIFAR-10
     * images, one epoch, K = 256), the table in {@code runs/table2-smoke} and the runs shared with
     * {@code runs/table1-smoke}.
     */
    public static Table2Config smoke() {
        return sharing(Table1Config.smoke(), Path.of("runs", "table2-smoke"));
    }

    /**
     * The paper preset: ImageNet-1K ({@code <data>/imagenet/{train,val}}, all 1,000 classes) with MoCo-v2's official
     * recipe from facebookresearch/moco ({@code main_moco.py -a resnet50 --lr 0.03 --batch-size 256 --mlp
     * --moco-t 0.2 --aug-plus --cos} and its defaults {@code --epochs 200 --moco-k 65536 --moco-m 0.999
     * --wd 1e-4 --momentum 0.9 --moco-dim 128}): ResNet-50, 200 epochs at batch 256, SGD lr 0.03 with a cosine
     * schedule, K = 65536, m = 0.999, τ = 0.2, MLP head, the aug+ augmentation; with the ImageNet-100 setting's
     * α = 2 and d ~ U(16, 72) (§3.2: "we follow the same configuration used on the ImageNet-100 dataset"). One seed
     * (the paper reports the official model without repeated runs). The linear probe is MoCo's
     * {@code main_lincls.py} with its defaults (100 epochs, batch 256, lr 30, ×0.1 at epochs 60 and 80, no weight
     * decay, RandomResizedCrop + flip views of every training image) on the whole training and validation sets.
     * The out-of-domain columns are added with {@link #withOodUnder} or {@link GridConfig#plusOod}.
     */
    public static Table2Config paper() {
        PretrainConfig pretrain = new PretrainConfig(EncoderConfig.imagenet(50),
                new MocoConfig(PAPER_QUEUE, 0.999f, 0.2f, Table2Experiment.ALPHA, 1), AugmentConfig.mocoV2(224),
                PatchNegatives.PAPER_MIN_PATCH, PatchNegatives.PAPER_MAX_PATCH, PAPER_EPOCHS, PAPER_BATCH, PAPER_LR,
                0.9f, 1e-4f, 0, 8, 42);
        LinearEvalConfig lincls = new LinearEvalConfig(100, 256, 30f, 0.9f, 0f, 0,
                LinearEvalConfig.Protocol.AUGMENTED, List.of(60, 80));
        QuickstartConfig q = new QuickstartConfig(DatasetSpec.IMAGENET.id(), DataDirs.root(),
                Path.of("runs", "table2-paper"), pretrain, lincls, 0, "auto", false);
        return new Table2Config(new GridConfig(q, List.of(0L), 0, 0, List.of()), null);
    }

    /**
     * The preset called {@code name}: {@code small}, {@code medium}, {@code paper} or {@code smoke}.
     *
     * @throws IllegalArgumentException naming the bad value
     */
    public static Table2Config preset(String name) {
        return switch (Presets.parse(name)) {
            case "paper" -> paper();
            case "smoke" -> smoke();
            case "medium" -> medium();
            default -> small();
        };
    }

    /** Table 1's grid with the table in {@code out} and the runs in Table 1's folder. */
    private static Table2Config sharing(Table1Config table1, Path out) {
        return new Table2Config(table1.grid().withOutputDir(out), table1.grid().base().outputDir());
    }

    /** K, the queue size of both rows. */
    public int queue() {
        return grid.base().pretrain().moco().queueSize();
    }

    /** The folder the runs are in: {@link #runsDir()}, or the grid's output folder when it is null. */
    public Path runs() {
        return runsDir != null ? runsDir : grid.base().outputDir();
    }

    /** A copy with another grid (the runs folder is kept). */
    public Table2Config withGrid(GridConfig newGrid) {
        return new Table2Config(newGrid, runsDir);
    }

    /** A copy with another runs folder (null: the grid's own folder). */
    public Table2Config withRunsDir(Path dir) {
        return new Table2Config(grid, dir);
    }

    /**
     * A copy whose relative output and runs folders resolve against {@code root} (e.g. the repository root, for a
     * notebook running in {@code notebooks/}), reading the data from {@code root/data} unless {@code $NSN_DATA_DIR}
     * names the data root.
     */
    public Table2Config resolvedAgainst(Path root) {
        QuickstartConfig b = grid.base();
        QuickstartConfig moved = b.withOutputDir(root.resolve(b.outputDir()))
                .withDataDir(System.getenv(DataDirs.DATA_DIR_ENV) != null ? b.dataDir() : root.resolve("data"));
        return new Table2Config(grid.withBase(moved), runsDir == null ? null : root.resolve(runsDir));
    }

    /**
     * A copy with the paper's out-of-domain columns that are laid out under {@code dataRoot} (as
     * {@code data-scripts/} lays them out, see {@code docs/OOD.md}) and not already in the grid: ImageNet-C
     * ({@code imagenet-c}), ImageNet-Sketch ({@code imagenet-sketch}), Stylized-ImageNet
     * ({@code stylized-imagenet}) and ImageNet-R ({@code imagenet-r}), in Table 2's column order. Missing folders
     * are skipped.
     */
    public Table2Config withOodUnder(Path dataRoot) {
        return withGrid(paperOod(grid, dataRoot));
    }

    /**
     * {@code g} with the paper's out-of-domain benchmarks laid out under {@code dataRoot} and not yet in it, in Table
     * 2's column order (see {@link #withOodUnder}); also used for Table 1's paper preset by {@link Section}.
     */
    static GridConfig paperOod(GridConfig g, Path dataRoot) {
        for (OodBenchmark b : List.of(OodBenchmark.IMAGENET_C, OodBenchmark.IMAGENET_SKETCH,
                OodBenchmark.STYLIZED_IMAGENET, OodBenchmark.IMAGENET_R)) {
            Path dir = dataRoot.resolve(b.id());
            boolean present = g.ood().stream().anyMatch(o -> o.name().equals(b.id()));
            if (!present && Files.isDirectory(dir)) {
                g = g.plusOod(b.id(), dir, b);
            }
        }
        return g;
    }
}
