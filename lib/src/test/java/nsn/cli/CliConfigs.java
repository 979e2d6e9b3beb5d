package nsn.cli;

import nsn.train.PretrainConfig;
import picocli.CommandLine;

/** The pretraining configuration the experiment flags make, for tests outside {@code nsn.cli}. */
public final class CliConfigs {

    private CliConfigs() {}

    /** The {@link PretrainConfig} that {@code args} (experiment flags) select, without running anything. */
    public static PretrainConfig pretrain(String... args) {
        Main.ExperimentOptions options = new Main.ExperimentOptions();
        new CommandLine(options).parseArgs(args);
        return options.toConfig().pretrain();
    }
}
