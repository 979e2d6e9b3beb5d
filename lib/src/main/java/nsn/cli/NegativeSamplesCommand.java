package nsn.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import nsn.experiment.NegativeSamplesConfig;
import nsn.experiment.NegativeSamplesFigure;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nsn negative-samples}: paper Figure 1 on real ImageNet images ({@link NegativeSamplesFigure}); each flag
 * overrides a field of the chosen {@link NegativeSamplesConfig} preset. Prints the path of the figure.
 */
@Command(name = "negative-samples", mixinStandardHelpOptions = true,
        description = "Paper Figure 1 on real ImageNet images: input, two MoCo-v2 positive views, the texture-based"
                + " negative (§2.2) and patch-based negatives (§2.3) for several patch sizes. Writes figure1.png,"
                + " timings.csv and provenance.json to the output folder.")
final class NegativeSamplesCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--preset", defaultValue = "small",
            description = "small (= medium = paper: 4 images at 224 px) or smoke (2 images at 112 px)."
                    + " Default: ${DEFAULT-VALUE}")
    String preset;

    @Option(names = "--images-dir",
            description = "folder of images (default: $NSN_DATA_DIR or ./data, then imagenet100-samples)")
    Path imagesDir;

    @Option(names = "--images", split = ",", paramLabel = "NAME",
            description = "images to draw, comma-separated: file names, wnids or class names (e.g. n02085620,robin)")
    List<String> images;

    @Option(names = "--count", description = "draw this many images spread over the folder instead of --images")
    Integer count;

    @Option(names = "--patch-sizes", split = ",", paramLabel = "D",
            description = "patch sizes d in pixels of the output size, comma-separated (default: the preset's)")
    List<Integer> patchSizes;

    @Option(names = "--size", description = "side of the views and negatives in pixels (default: the preset's)")
    Integer size;

    @Option(names = "--seed", description = "seed of the views and negatives")
    Long seed;

    @Option(names = {"-o", "--out"}, description = "output folder (default: the preset's, e.g. runs/negative-samples)")
    Path out;

    @Override
    public Integer call() {
        if (images != null && count != null) {
            throw new IllegalArgumentException("give --images or --count, not both");
        }
        NegativeSamplesConfig p = NegativeSamplesConfig.preset(preset);
        NegativeSamplesConfig c = new NegativeSamplesConfig(imagesDir != null ? imagesDir : p.imagesDir(),
                images != null ? images : count != null ? List.of() : p.images(),
                images != null ? images.size() : count != null ? count : p.count(),
                patchSizes != null ? patchSizes : p.patchSizes(), size != null ? size : p.outputSize(), p.texture(),
                seed != null ? seed : p.seed(), out != null ? out : p.outputDir());
        NegativeSamplesFigure.run(c);
        spec.commandLine().getOut().println(c.outputDir().resolve(NegativeSamplesFigure.FIGURE_FILE));
        return 0;
    }
}
