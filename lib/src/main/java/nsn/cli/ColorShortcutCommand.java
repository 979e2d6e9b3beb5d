package nsn.cli;

import java.util.concurrent.Callable;
import nsn.experiment.ColorShortcutConfig;
import nsn.experiment.ColorShortcutExperiment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code nsn color-shortcut}: Table 3 of the paper (§3.3). */
@Command(name = "color-shortcut", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Table 3 (§3.3): MoCo-v2 without colour jittering (grayscale kept), with and without"
                + " patch-based negatives (α = 2); linear top-1 in domain and on each --ood set over seeds.",
            "Writes OUT/<row>/seed-<n>/ and OUT/table.csv, table.txt, results.json; resumable."})
final class ColorShortcutCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    GridOptions options = new GridOptions();

    @Option(names = "--queue", paramLabel = "K", description = "queue size K (default: the preset's)")
    Integer queue;

    /** The flags as a configuration. */
    ColorShortcutConfig toConfig() {
        CommandLine cl = spec.commandLine();
        return GridOptions.named(cl, () -> new ColorShortcutConfig(
                options.apply(ColorShortcutConfig.preset(options.preset).grid(), queue, cl)));
    }

    @Override
    public Integer call() {
        ColorShortcutExperiment.run(toConfig());
        return 0;
    }
}
