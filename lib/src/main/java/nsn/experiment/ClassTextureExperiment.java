package nsn.experiment;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import nsn.analysis.ClassAccuracy;
import nsn.analysis.ClassTexture;
import nsn.analysis.SupervisedClassifier;
import nsn.augment.Normalization;
import nsn.data.DataDirs;
import nsn.data.ImageDataset;
import nsn.data.Split;
import nsn.model.EncoderConfig;
import nsn.negatives.TextureDatasetConfig;
import nsn.negatives.TextureDatasetJob;
import nsn.negatives.TextureDatasetLayout;
import nsn.negatives.TextureDatasets;
import nsn.report.AtomicFiles;
import nsn.report.Charts;
import nsn.report.Progress;
import nsn.report.Provenance;
import nsn.report.RunDirectory;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.XYChart;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

/**
 * §4.2, "Rethinking the shape-texture trade-off through class-based analysis" (paper Figure 7 and appendix Figures
 * 9–10): trains one supervised classifier per architecture of the {@link ClassTextureConfig} on the training split,
 * then scores each on a seeded subset of the test split and on the texture version of the same images (the
 * ImageNet-Texture recipe of §2.2, {@code make-texture-dataset}), class by class ({@link ClassTexture}).
 *
 * <p>Textures are read from {@link ClassTextureConfig#textures()}; those of the scored test images that are missing
 * there are written first by {@link TextureDatasetJob} (only the subset for a named dataset, the whole validation
 * folder for ImageNet-100), which skips what exists, so a killed run resumes. Every architecture is trained on the
 * same images with the same seed and normalisation (estimated from the training subset).
 *
 * <p>Writes to the output folder, each file atomically:
 * <ul>
 *   <li>{@value #CSV_FILE}: one row per architecture and class (counts and accuracies on both image sets);
 *   <li>{@value #TABLE_FILE}: the per-architecture summary, the per-class table and the texture-sufficient classes
 *       as printed;
 *   <li>{@value #SUFFICIENT_FILE}: the classes with texture accuracy ≥ the threshold
 *       ({@code architecture,label,class,texture_acc,standard_acc});
 *   <li>{@value #HISTOGRAM_FILE}: classes per texture-accuracy bin (Figure 9, right);
 *   <li>{@value #SCATTER_FILE}: texture vs standard accuracy per class, one series per architecture (Figure 9,
 *       left);
 *   <li>{@value #EXAMPLES_FILE}: Figure 7's layout for the first architecture: one image of each texture-sufficient
 *       class (or, when none reaches the threshold, of the classes with the highest texture accuracy) above its
 *       texture, with the class's texture accuracy;
 *   <li>{@code results.json} and {@code provenance.json}.
 * </ul>
 */
public final class ClassTextureExperiment {

    /** Per-class accuracies, CSV. */
    public static final String CSV_FILE = "class-texture.csv";

    /** The tables as printed. */
    public static final String TABLE_FILE = "class-texture-table.txt";

    /** Texture-sufficient classes, CSV. */
    public static final String SUFFICIENT_FILE = "texture-sufficient-classes.csv";

    /** Histogram of per-class texture accuracy. */
    public static final String HISTOGRAM_FILE = "texture-accuracy-histogram.png";

    /** Figure 7's layout: images of the texture-sufficient classes above their textures (first architecture). */
    public static final String EXAMPLES_FILE = "texture-examples.png";

    /** Classes shown in {@value #EXAMPLES_FILE} at most. */
    public static final int EXAMPLE_CLASSES = 8;

    /** Scatter of texture vs standard accuracy. */
    public static final String SCATTER_FILE = "texture-vs-standard.png";

    /**
     * Results of a run.
     *
     * @param models per architecture, its per-class accuracies and training summary, in config order
     * @param sufficient the classes where texture suffices (texture accuracy ≥ the threshold), per architecture
     * @param table per architecture and class: standard and texture accuracy
     * @param summary per architecture: overall accuracies
     * @param trainImages training images used
     * @param testImages test images (and textures) scored
     * @param texturesWritten textures this run had to write first (0 when all existed)
     * @param outputDir where the files are
     * @param threshold the texture accuracy from which texture is said to suffice
     */
    public record Result(List<ClassTexture.Model> models, List<ClassTexture.SufficientClass> sufficient, Table table,
            Table summary, int trainImages, int testImages, int texturesWritten, Path outputDir, double threshold) {

        /** Copies the lists. */
        public Result {
            models = List.copyOf(models);
            sufficient = List.copyOf(sufficient);
        }

        /** The texture-sufficient classes: architecture, label, class, texture and standard accuracy. */
        public Table sufficientTable() {
            StringColumn arch = StringColumn.create("architecture");
            IntColumn label = IntColumn.create("label");
            StringColumn name = StringColumn.create("class");
            DoubleColumn texture = DoubleColumn.create("texture_acc");
            DoubleColumn standard = DoubleColumn.create("standard_acc");
            for (ClassTexture.SufficientClass c : sufficient) {
                arch.append(c.architecture());
                label.append(c.label());
                name.append(c.name());
                texture.append(c.textureAccuracy());
                standard.append(c.standardAccuracy());
            }
            texture.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(3));
            standard.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(3));
            return Table.create(String.format(Locale.ROOT, "Classes where texture suffices (texture accuracy >= %.2f)",
                    threshold), arch, label, name, texture, standard);
        }

        /** Classes per bin of texture accuracy, one bar series per architecture (Figure 9, right). */
        public CategoryChart histogram() {
            return ClassTexture.histogramChart(models, ClassTexture.HISTOGRAM_BINS);
        }

        /** Texture vs standard accuracy per class, one series per architecture, and y = x (Figure 9, left). */
        public XYChart scatter() {
            return ClassTexture.scatterChart(models);
        }

        /**
         * Figure 7's layout as the run wrote it ({@value #EXAMPLES_FILE}): images of the texture-sufficient classes
         * of the first architecture above their textures.
         *
         * @throws UncheckedIOException if the file cannot be read
         */
        public BufferedImage examples() {
            Path file = outputDir.resolve(EXAMPLES_FILE);
            try {
                BufferedImage image = ImageIO.read(file.toFile());
                if (image == null) {
                    throw new IOException("not an image");
                }
                return image;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
            }
        }
    }

    private ClassTextureExperiment() {}

    /** Trains and scores every architecture of {@code config} and writes the outputs; see the class comment. */
    public static Result run(ClassTextureConfig config) {
        DatasetSpec spec = DatasetSpec.of(config.dataset());
        Progress progress = Progress.console(config.quiet());
        ImageDataset trainAll = spec.load(config.dataDir(), Split.TRAIN);
        ImageDataset testAll = spec.load(config.dataDir(), Split.TEST);
        ImageDataset train = Experiments.subset(trainAll, config.trainImages(), config.seed());
        int[] testIndices = Experiments.subsetIndices(testAll.size(), config.testImages(), config.seed());
        ImageDataset test = ImageDataset.indexed(testAll, testIndices);
        int written = ensureTextures(config, spec, testAll, testIndices);
        ImageDataset textures = TextureDatasets.aligned(testAll, testIndices, config.textures());
        int[] labels = IntStream.range(0, test.size()).map(test::label).toArray();

        Device device = Experiments.device(config.device());
        RunDirectory run = RunDirectory.open(config.outputDir());
        // a rerun with the same experiment redoes it (same seed, same numbers); another one is refused
        run.checkSameConfigExcept(config, java.util.Set.of("dataDir", "outputDir", "device", "quiet",
                "textureThreads"));
        Map<String, String> fingerprints = new LinkedHashMap<>();
        fingerprints.put(train.name(), train.fingerprint());
        fingerprints.put(test.name(), test.fingerprint());
        fingerprints.put(textures.name(), textures.fingerprint());
        run.writeProvenance(Provenance.collect("class-texture", config.seed(), config, fingerprints, device));

        Normalization normalization = Normalization.estimate(train, 10_000);
        List<String> classes = trainAll.classes();
        List<ClassTexture.Model> models = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager(device)) {
            for (ClassTextureConfig.Architecture arch : config.architectures()) {
                log(config, String.format(Locale.ROOT, "class-texture: training %s (%s, width %d, %s stem)"
                        + " on %d images, %s", arch.name(), arch.label(), arch.width(),
                        arch.stem().name().toLowerCase(Locale.ROOT), train.size(), config.training()));
                EncoderConfig backbone = new EncoderConfig(arch.depth(), arch.width(), arch.stem(), spec.channels(),
                        spec.cropSize(), classes.size(), false, 0, false, arch.backbone());
                try (NDManager m = manager.newSubManager();
                        SupervisedClassifier classifier = SupervisedClassifier.train(backbone, train, normalization,
                                config.training(), config.seed(), m, progress)) {
                    ClassAccuracy standard = ClassAccuracy.of(classes, labels, classifier.predict(test, m, progress));
                    ClassAccuracy texture = ClassAccuracy.of(classes, labels,
                            classifier.predict(textures, m, progress));
                    ClassTexture.Model model = new ClassTexture.Model(arch.name(), standard, texture,
                            classifier.summary());
                    models.add(model);
                    log(config, String.format(Locale.ROOT, "class-texture: %s trained in %.1f s: standard top-1"
                            + " %.3f, texture top-1 %.3f", arch.name(), classifier.summary().seconds(),
                            standard.overall(), texture.overall()));
                }
            }
        }
        List<ClassTexture.SufficientClass> sufficient = ClassTexture.textureSufficient(models, config.threshold());
        String what = test.size() + " " + spec.id() + " test images";
        Table table = ClassTexture.table("Per-class accuracy on " + what + " and their textures (§4.2)", models);
        Table summary = ClassTexture.summary("Accuracy on " + what + " and their textures", models);
        write(run.path(), models, sufficient, table, summary, config.threshold());
        List<Integer> shown = ClassTexture.exampleClasses(models.get(0), config.threshold(), EXAMPLE_CLASSES);
        if (!shown.isEmpty()) {
            try {
                AtomicFiles.write(run.resolve(EXAMPLES_FILE), o -> png(ClassTexture.examples(models.get(0), test,
                        textures, shown), o));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + run.resolve(EXAMPLES_FILE), e);
            }
        }
        run.writeResults(results(config, models, sufficient, train.size(), test.size(), written));
        return new Result(models, sufficient, table, summary, train.size(), test.size(), written, run.path(),
                config.threshold());
    }

    /**
     * Writes the textures of the test images at {@code indices} that are missing under the texture folder, with the
     * texture job's defaults (size, seed 0) so that they match {@code make-texture-dataset}'s.
     *
     * @return how many were missing
     */
    static int ensureTextures(ClassTextureConfig config, DatasetSpec spec, ImageDataset testAll, int[] indices) {
        Path root = config.textures();
        int[] missing = IntStream.of(indices)
                .filter(i -> !Files.isRegularFile(root.resolve(TextureDatasetLayout.outputName(testAll, i))))
                .toArray();
        if (missing.length == 0) {
            return 0;
        }
        log(config, String.format(Locale.ROOT, "class-texture: writing the %d missing textures of the %d test"
                + " images to %s (resumable)", missing.length, indices.length, root));
        TextureDatasetConfig job = spec == DatasetSpec.IMAGENET100
                ? new TextureDatasetConfig(DataDirs.imagenet100(config.dataDir(), Split.TEST), null, null, null, root,
                        null, 0, 0, 0, config.textureThreads(), 0L, config.quiet())
                : new TextureDatasetConfig(null, spec.id(), Split.TEST, config.dataDir(), root, null, 0, 0, 0,
                        config.textureThreads(), 0L, config.quiet());
        try {
            TextureDatasetJob.Summary s = TextureDatasetJob.defaults().run(job,
                    spec == DatasetSpec.IMAGENET100 ? null : missing);
            if (s.failed() > 0) {
                log(config, "class-texture: " + s.failed() + " textures could not be written; see "
                        + root.resolve(TextureDatasetJob.FAILURES_FILE));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing textures to " + root, e);
        }
        return missing.length;
    }

    private static Map<String, Object> results(ClassTextureConfig config, List<ClassTexture.Model> models,
            List<ClassTexture.SufficientClass> sufficient, int trainImages, int testImages, int written) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("dataset", config.dataset());
        out.put("train_images", trainImages);
        out.put("test_images", testImages);
        out.put("texture_dir", config.textures().toString());
        out.put("textures_written", written);
        out.put("threshold", config.threshold());
        out.put("training", config.training());
        Map<String, Object> archs = new LinkedHashMap<>();
        for (ClassTexture.Model m : models) {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("standard_top1", m.standard().overall());
            a.put("texture_top1", m.texture().overall());
            a.put("mean_class_texture_acc", m.texture().meanClassAccuracy());
            a.put("training", m.training());
            List<Map<String, Object>> perClass = new ArrayList<>();
            for (int c = 0; c < m.classes().size(); c++) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("label", c);
                row.put("class", m.classes().get(c));
                row.put("images", m.standard().images(c));
                row.put("standard_acc", nullIfNaN(m.standard().accuracy(c)));
                row.put("texture_acc", nullIfNaN(m.texture().accuracy(c)));
                row.put("standard_predicted", m.standard().predicted(c));
                row.put("texture_predicted", m.texture().predicted(c));
                perClass.add(row);
            }
            a.put("classes", perClass);
            a.put("texture_sufficient", sufficient.stream()
                    .filter(s -> s.architecture().equals(m.architecture())).map(s -> s.name()).toList());
            archs.put(m.architecture(), a);
        }
        out.put("architectures", archs);
        return out;
    }

    private static Double nullIfNaN(double v) {
        return Double.isNaN(v) ? null : v;
    }

    /** Writes the CSV files, the printed tables and the two charts, each atomically. */
    static void write(Path dir, List<ClassTexture.Model> models, List<ClassTexture.SufficientClass> sufficient,
            Table table, Table summary, double threshold) {
        try {
            AtomicFiles.writeString(dir.resolve(CSV_FILE), ClassTexture.csv(models));
            StringBuilder suff = new StringBuilder("architecture,label,class,texture_acc,standard_acc\n");
            for (ClassTexture.SufficientClass s : sufficient) {
                suff.append(s.architecture()).append(',').append(s.label()).append(',').append(s.name()).append(',')
                        .append(String.format(Locale.ROOT, "%.6f,%.6f", s.textureAccuracy(), s.standardAccuracy()))
                        .append('\n');
            }
            AtomicFiles.writeString(dir.resolve(SUFFICIENT_FILE), suff.toString());
            AtomicFiles.writeString(dir.resolve(TABLE_FILE), summary.printAll() + "\n\n" + table.printAll() + "\n\n"
                    + sufficientText(sufficient, threshold) + "\n");
            AtomicFiles.write(dir.resolve(HISTOGRAM_FILE), o -> png(
                    Charts.toImage(ClassTexture.histogramChart(models, ClassTexture.HISTOGRAM_BINS)), o));
            AtomicFiles.write(dir.resolve(SCATTER_FILE), o -> png(Charts.toImage(ClassTexture.scatterChart(models)),
                    o));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the class-texture outputs to " + dir, e);
        }
    }

    /** The texture-sufficient classes as printed: one line per class, or a line saying there is none. */
    public static String sufficientText(List<ClassTexture.SufficientClass> sufficient, double threshold) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "Classes where texture suffices (texture accuracy >= %.2f):", threshold));
        if (sufficient.isEmpty()) {
            sb.append(" none");
        }
        for (ClassTexture.SufficientClass s : sufficient) {
            sb.append(String.format(Locale.ROOT, "%n  %s: %d %s texture %.3f (standard %.3f)", s.architecture(),
                    s.label(), s.name(), s.textureAccuracy(), s.standardAccuracy()));
        }
        return sb.toString();
    }

    private static void png(java.awt.image.BufferedImage image, java.io.OutputStream o) throws IOException {
        if (!ImageIO.write(image, "png", o)) {
            throw new IOException("no PNG writer");
        }
    }

    private static void log(ClassTextureConfig config, String line) {
        if (!config.quiet()) {
            System.err.println(line);
        }
    }

}
