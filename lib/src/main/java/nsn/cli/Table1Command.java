package nsn.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import nsn.experiment.Table1Config;
import nsn.experiment.Table1Experiment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code nsn table1}: Table 1 of the paper (§3.1) over several seeds. */
@Command(name = "table1", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Table 1 (§3.1): MoCo-v2 at K and K/2, + texture- and patch-based negatives, BYOL + patch-based"
                + " negatives; linear top-1 in domain and on each --ood set, mean ± std over seeds.",
            "Writes OUT/<row>/seed-<n>/ (checkpoint, metrics, results, provenance) and OUT/table.csv, table.txt,"
                + " results.json. Rerun the same command to resume a killed grid."})
final class Table1Command implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    GridOptions options = new GridOptions();

    @Option(names = "--queue", paramLabel = "K", description = "queue size K of the full-queue rows (K/2 for the"
            + " halved ones; default: the preset's)")
    Integer queue;

    @Option(names = "--texture-dir", paramLabel = "DIR", description = "texture dataset of the training images"
            + " (make-texture-dataset); default: write the textures of the pretraining images to OUT/textures")
    Path textureDir;

    @Option(names = "--skip-texture", description = "leave out the texture-based row (its textures cost tens of ms"
            + " per 32-px image, seconds per 224-px image)")
    boolean skipTexture;

    /** The flags as a configuration. */
    Table1Config toConfig() {
        CommandLine cl = spec.commandLine();
        if (skipTexture && textureDir != null) {
            throw new CommandLine.ParameterException(cl, "give --texture-dir or --skip-texture, not both");
        }
        return GridOptions.named(cl, () -> {
            Table1Config preset = Table1Config.preset(options.preset);
            return new Table1Config(options.apply(preset.grid(), queue, cl), !skipTexture, textureDir);
        });
    }

    @Override
    public Integer call() {
        Table1Experiment.run(toConfig());
        return 0;
    }
}
