package nsn.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import nsn.experiment.Table2Config;
import nsn.experiment.Table2Experiment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code nsn table2} (alias {@code imagenet-1k}): Table 2 of the paper (§3.2). */
@Command(name = "table2", aliases = "imagenet-1k", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Table 2 (§3.2): MoCo-v2 and + patch-based negatives (alpha = 2) on ImageNet-1K (paper preset;"
                + " small and smoke: CIFAR-10 at Table 1's scale); linear top-1 in domain and on each --ood set,"
                + " mCE on an ImageNet-C set. MoCHi, the paper's third row, is another paper's method and is not"
                + " implemented.",
            "Writes the runs to RUNS/<row>/seed-<n>/ (shared with table1: the rows are two of its rows) and"
                + " OUT/table2.csv, table2.txt, table2.json, table2.png, table2-published.csv. Rerun to resume."})
final class Table2Command implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    GridOptions options = new GridOptions();

    @Option(names = "--queue", paramLabel = "K", description = "queue size K of both rows (default: the preset's)")
    Integer queue;

    @Option(names = "--runs-dir", paramLabel = "RUNS", description = "folder of the runs (default: the preset's"
            + " table1 folder, runs/table1 or runs/table1-smoke, so that table1's runs are reused; paper: OUT)")
    Path runsDir;

    @Option(names = "--ood-root", paramLabel = "DIR", description = "add the paper's columns laid out under DIR by"
            + " data-scripts/ (imagenet-c, imagenet-sketch, stylized-imagenet, imagenet-r; those present)")
    Path oodRoot;

    /** The flags as a configuration. */
    Table2Config toConfig() {
        CommandLine cl = spec.commandLine();
        return GridOptions.named(cl, () -> {
            Table2Config preset = Table2Config.preset(options.preset);
            Table2Config c = preset.withGrid(options.apply(preset.grid(), queue, cl));
            if (runsDir != null) {
                c = c.withRunsDir(runsDir);
            }
            return oodRoot != null ? c.withOodUnder(oodRoot) : c;
        });
    }

    @Override
    public Integer call() {
        Table2Experiment.Result r = Table2Experiment.run(toConfig());
        spec.commandLine().getOut().println(r.table().printAll());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
