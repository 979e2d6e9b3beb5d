package nsn.experiment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import nsn.train.MethodConfig;

/**
 * The configuration of {@link QueueSizeExperiment} (§3.4, Table 4, Figures 4 and 5): MoCo-v2 with and without
 * patch-based negatives (α = 2) at several queue sizes K.
 *
 * @param grid base recipe (MoCo-v2; its own K is replaced by each of {@code queues}), seeds, probe data and
 *     out-of-domain sets
 * @param queues the queue sizes, each at least the batch size, distinct, in increasing order
 */
public record QueueSizeConfig(GridConfig grid, List<Integer> queues) {

    /** Small preset: the queue sizes, evenly spaced like the paper's (the largest is Table 1's small K). */
    public static final List<Integer> SMALL_QUEUES = List.of(256, 512, 768, 1024);
    /** Medium preset: the queue sizes, evenly spaced like the paper's. */
    public static final List<Integer> MEDIUM_QUEUES = List.of(512, 1024, 1536, 2048);
    /** Paper preset (Figure 5): evenly spaced between 4096 and 16384. */
    public static final List<Integer> PAPER_QUEUES = List.of(4096, 8192, 12288, 16384);

    /** Validates the values. */
    public QueueSizeConfig {
        if (grid == null) {
            throw new IllegalArgumentException("grid: the grid configuration is required");
        }
        if (grid.base().pretrain().method().kind() != MethodConfig.Kind.MOCO_V2) {
            throw new IllegalArgumentException("grid.base.pretrain.method: the queue sweep is about MoCo-v2, got "
                    + grid.base().pretrain().method().kind().id());
        }
        if (queues == null || queues.isEmpty()) {
            throw new IllegalArgumentException("queues: at least one queue size is required");
        }
        queues = List.copyOf(queues);
        int batch = grid.base().pretrain().batchSize();
        for (int i = 0; i < queues.size(); i++) {
            int k = queues.get(i);
            if (k < batch) {
                throw new IllegalArgumentException("queues: every queue size must be at least the batch size " + batch
                        + ", got " + k);
            }
            if (i > 0 && k <= queues.get(i - 1)) {
                throw new IllegalArgumentException("queues: must be distinct and increasing, got " + queues);
            }
        }
    }

    /** The small preset, the default: the scale of {@link Table1Config#small()} at K in {@link #SMALL_QUEUES}. */
    public static QueueSizeConfig small() {
        return new QueueSizeConfig(Table1Config.small().grid().withOutputDir(Path.of("runs", "queue-sweep")),
                SMALL_QUEUES);
    }

    /** The medium preset: the scale of {@link Table1Config#medium()} at K in {@link #MEDIUM_QUEUES}. */
    public static QueueSizeConfig medium() {
        return new QueueSizeConfig(Table1Config.medium().grid().withOutputDir(Path.of("runs", "queue-sweep-medium")),
                MEDIUM_QUEUES);
    }

    /** The paper preset: ImageNet-100, the paper recipe at K in {@link #PAPER_QUEUES}, 3 seeds. */
    public static QueueSizeConfig paper() {
        return new QueueSizeConfig(Table1Config.paper().grid().withOutputDir(Path.of("runs", "queue-sweep-paper")),
                PAPER_QUEUES);
    }

    /** The smoke preset: the scale of {@link Table1Config#smoke()} at K = 128 and 256. */
    public static QueueSizeConfig smoke() {
        return new QueueSizeConfig(Table1Config.smoke().grid().withOutputDir(Path.of("runs", "queue-sweep-smoke")),
                List.of(128, 256));
    }

    /**
     * The preset called {@code name}: {@code small}, {@code medium}, {@code paper} or {@code smoke}.
     *
     * @throws IllegalArgumentException naming the bad value
     */
    public static QueueSizeConfig preset(String name) {
        return switch (Presets.parse(name)) {
            case "paper" -> paper();
            case "smoke" -> smoke();
            case "medium" -> medium();
            default -> small();
        };
    }

    /**
     * {@code n} queue sizes evenly spaced from {@code min} to {@code max} inclusive (rounded to integers), e.g.
     * 4096, 8192, 12288, 16384 for (4096, 16384, 4).
     */
    public static List<Integer> evenlySpaced(int min, int max, int n) {
        if (n < 1 || min < 1 || max < min || (n == 1 && max != min)) {
            throw new IllegalArgumentException("queues: need 1 <= min <= max and n >= 1 (n = 1 only with min = max),"
                    + " got min " + min + ", max " + max + ", n " + n);
        }
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(n == 1 ? min : (int) Math.round(min + (double) (max - min) * i / (n - 1)));
        }
        return out;
    }

    /** A copy with another grid. */
    public QueueSizeConfig withGrid(GridConfig newGrid) {
        return new QueueSizeConfig(newGrid, queues);
    }

    /** A copy with other queue sizes. */
    public QueueSizeConfig withQueues(List<Integer> newQueues) {
        return new QueueSizeConfig(grid, newQueues);
    }
}
