package nsn.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import nsn.experiment.AlphaSweepConfig;
import nsn.experiment.AlphaSweepExperiment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code nsn alpha-sweep}: the shape–texture trade-off of §4.1 (Figure 6). */
@Command(name = "alpha-sweep", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The α sweep of §4.1 (Figure 6a-d): MoCo-v2 with patch-based negatives at each α (0 = plain"
                + " MoCo-v2), over seeds; per α the shape bias and shape/texture accuracy on cue-conflict stimuli,"
                + " sketch vs clean top-1, coarse vs fine accuracy.",
            "Rows share Table 1's labels: with table1's output folder (-o) its α = 0, 2, 3 runs are reused. Writes the"
                + " comparison's files, shape-bias/, alpha-sweep.csv and alpha-sweep.png; resumable."})
final class AlphaSweepCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    GridOptions options = new GridOptions();

    @Option(names = "--alphas", paramLabel = "A,A,...", split = ",", description = "the α values (default: 0,1,2,3,4,5)")
    List<Float> alphas;

    @Option(names = "--queue", paramLabel = "K", description = "queue size K (default: the preset's)")
    Integer queue;

    @Option(names = "--stimuli", paramLabel = "DIR", description = "cue-conflict stimuli in Geirhos' layout (required"
            + " by the paper preset; default for small: made from the test split)")
    Path stimuli;

    /** The flags as a configuration. */
    AlphaSweepConfig toConfig() {
        CommandLine cl = spec.commandLine();
        return GridOptions.named(cl, () -> {
            AlphaSweepConfig preset = AlphaSweepConfig.preset(options.preset, stimuli);
            AlphaSweepConfig c = preset.withGrid(options.apply(preset.grid(), queue, cl));
            if (alphas != null) {
                c = c.withAlphas(alphas);
            }
            return stimuli != null ? c.withStimuli(stimuli) : c;
        });
    }

    @Override
    public Integer call() {
        AlphaSweepExperiment.Result r = AlphaSweepExperiment.run(toConfig());
        spec.commandLine().getOut().println(r.table().print());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
