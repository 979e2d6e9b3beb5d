package nsn.cli;

import java.util.List;
import java.util.concurrent.Callable;
import nsn.experiment.QueueSizeConfig;
import nsn.experiment.QueueSizeExperiment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code nsn queue-sweep}: the memory-bank experiment of §3.4 (Table 4, Figures 4 and 5). */
@Command(name = "queue-sweep", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Memory bank size (§3.4): MoCo-v2 with and without patch-based negatives (α = 2) at each"
                + " queue size K, over seeds.",
            "Writes OUT/<row>/seed-<n>/, OUT/table.csv, table.txt, results.json, queue-sweep.csv and the plot"
                + " queue-sweep.png; resumable."})
final class QueueSweepCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    GridOptions options = new GridOptions();

    @Option(names = "--queues", paramLabel = "K,K,...", split = ",", description = "queue sizes, increasing, each"
            + " at least the batch size (default: the preset's, e.g. 512,1024,1536,2048)")
    List<Integer> queues;

    /** The flags as a configuration. */
    QueueSizeConfig toConfig() {
        CommandLine cl = spec.commandLine();
        return GridOptions.named(cl, () -> {
            QueueSizeConfig preset = QueueSizeConfig.preset(options.preset);
            return new QueueSizeConfig(options.apply(preset.grid(), null, cl),
                    queues != null ? queues : preset.queues());
        });
    }

    @Override
    public Integer call() {
        QueueSizeExperiment.run(toConfig());
        return 0;
    }
}
