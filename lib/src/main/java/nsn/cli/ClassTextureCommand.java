package nsn.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import nsn.analysis.SupervisedConfig;
import nsn.experiment.ClassTextureConfig;
import nsn.experiment.ClassTextureExperiment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nsn class-texture}: §4.2's class-based analysis of the shape–texture trade-off (paper Figures 7, 9, 10,
 * {@link ClassTextureExperiment}); each flag overrides a field of the chosen {@link ClassTextureConfig} preset.
 * Prints the summary, the texture-sufficient classes and the output folder.
 */
@Command(name = "class-texture", mixinStandardHelpOptions = true,
        description = "Paper §4.2 (Figures 7, 9, 10): trains a supervised classifier per architecture, then scores"
                + " each class on the test images and on their texture versions (make-texture-dataset; missing"
                + " textures of the scored images are written first). Writes class-texture.csv,"
                + " class-texture-table.txt, texture-sufficient-classes.csv, texture-accuracy-histogram.png,"
                + " texture-vs-standard.png, results.json and provenance.json to the output folder.")
final class ClassTextureCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--preset", defaultValue = "small",
            description = "small (CIFAR-10: 5,000 training and 1,000 test images, ResNet-18/50, ResNet-10 and"
                    + " VGG-11 at width 16, 3 epochs; medium is the same), paper (ImageNet-100, standard-width"
                    + " ResNet-18/34/50 and VGG-16"
                    + " at 224 px, 100 epochs) or smoke (1,000 training and 200 test images, one ResNet-18, 1 epoch)."
                    + " Default: ${DEFAULT-VALUE}")
    String preset;

    @Option(names = "--arch", paramLabel = "NAME=NET:WIDTH:STEM",
            description = "an architecture, repeatable: NET a ResNet depth (10, 18, 34, 50) or vgg11/13/16/19 (e.g."
                    + " --arch resnet18=18:16:small_strided --arch vgg11=vgg11:16:small_strided; stems imagenet,"
                    + " small, small_strided); replaces the preset's")
    List<String> architectures;

    @Option(names = "--dataset", description = "fashion-mnist, cifar10 or imagenet100 (default: the preset's)")
    String dataset;

    @Option(names = {"--data", "--data-dir"}, description = "data root (default: $NSN_DATA_DIR or ./data)")
    Path data;

    @Option(names = "--train-images", description = "train on a seeded random subset of this many images (0 = all;"
            + " default: the preset's)")
    Integer trainImages;

    @Option(names = "--test-images", description = "score a seeded random subset of this many test images (0 = all;"
            + " default: the preset's)")
    Integer testImages;

    @Option(names = "--texture-dir", description = "texture dataset of the test split (make-texture-dataset --split"
            + " test); missing textures are written there (default: <out>/textures)")
    Path textureDir;

    @Option(names = {"-o", "--out"}, description = "output folder (default: the preset's, e.g. runs/class-texture)")
    Path out;

    @Option(names = "--epochs", description = "training epochs (default: the preset's)")
    Integer epochs;

    @Option(names = "--batch-size", description = "training batch size (default: the preset's)")
    Integer batchSize;

    @Option(names = "--lr", description = "peak learning rate of the cosine schedule (default: the preset's)")
    Float lr;

    @Option(names = "--threshold", description = "texture accuracy from which texture suffices for a class"
            + " (default: 0.5)")
    Double threshold;

    @Option(names = "--texture-threads", description = "threads writing missing textures (0 = all processors;"
            + " default: 0)")
    Integer textureThreads;

    @Option(names = "--seed", description = "seed of the subsets, initialisation, order and views (default: 0)")
    Long seed;

    @Option(names = "--device", description = "auto, cpu, gpu or gpu:N (default: auto)")
    String device;

    @Option(names = "--quiet", description = "no progress output")
    boolean quiet;

    /** The preset with the flags applied. */
    ClassTextureConfig toConfig() {
        ClassTextureConfig c = ClassTextureConfig.preset(preset);
        if (architectures != null && !architectures.isEmpty()) {
            c = c.withArchitectures(architectures.stream().map(ClassTextureConfig.Architecture::parse).toList());
        }
        c = c.withData(dataset != null ? dataset : c.dataset(), data != null ? data : c.dataDir(),
                trainImages != null ? trainImages : c.trainImages(), testImages != null ? testImages : c.testImages(),
                textureDir != null ? textureDir : c.textureDir(), out != null ? out : c.outputDir());
        SupervisedConfig t = c.training().withSchedule(epochs != null ? epochs : c.training().epochs(),
                batchSize != null ? batchSize : c.training().batchSize());
        if (lr != null) {
            t = t.withLr(lr);
        }
        c = c.withTraining(t, threshold != null ? threshold : c.threshold());
        return c.withRun(textureThreads != null ? textureThreads : c.textureThreads(), seed != null ? seed : c.seed(),
                device != null ? device : c.device(), quiet);
    }

    @Override
    public Integer call() {
        ClassTextureExperiment.Result r = ClassTextureExperiment.run(toConfig());
        var outWriter = spec.commandLine().getOut();
        outWriter.println(r.summary().printAll());
        outWriter.println(ClassTextureExperiment.sufficientText(r.sufficient(), toConfig().threshold()));
        outWriter.println(r.outputDir().toAbsolutePath());
        return 0;
    }
}
