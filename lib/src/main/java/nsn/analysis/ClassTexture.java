package nsn.analysis;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import nsn.data.ByteImage;
import nsn.data.ImageDataset;
import nsn.report.Charts;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

/**
 * §4.2's class-based view of the shape–texture trade-off (paper Figure 7 and appendix Figures 9–10): for each
 * supervised classifier, the accuracy of every class on the standard test images and on their texture versions
 * (each image replaced by a texture synthesised from it, ImageNet-Texture of §2.2). A class whose texture accuracy is
 * high is one where texture alone suffices to recognise it.
 *
 * <p>This class holds the typed result and turns it into the table, the CSV, the list of texture-sufficient classes,
 * the histogram of per-class texture accuracy (Figure 9, right) and the scatter of texture against standard accuracy
 * with one series per architecture (Figure 9, left); {@code nsn.experiment.ClassTextureExperiment} trains the
 * classifiers and writes the files.
 */
public final class ClassTexture {

    /** Default texture-accuracy threshold above which texture is said to suffice for a class. */
    public static final double DEFAULT_THRESHOLD = 0.5;

    /** Bins of the texture-accuracy histogram over [0, 1]: 0.1 wide. */
    public static final int HISTOGRAM_BINS = 10;

    /**
     * The per-class accuracies of one classifier.
     *
     * @param architecture name of the architecture (e.g. {@code resnet18})
     * @param standard per-class accuracy on the standard test images
     * @param texture per-class accuracy on the texture versions of the same images
     * @param training what training did ({@code null} for a classifier not trained in this run)
     */
    public record Model(String architecture, ClassAccuracy standard, ClassAccuracy texture,
            SupervisedClassifier.TrainingSummary training) {

        /** Checks that both accuracies are over the same classes. */
        public Model {
            if (architecture == null || architecture.isBlank()) {
                throw new IllegalArgumentException("architecture name must not be blank");
            }
            Objects.requireNonNull(standard, "standard accuracy");
            Objects.requireNonNull(texture, "texture accuracy");
            if (!standard.classes().equals(texture.classes())) {
                throw new IllegalArgumentException("standard and texture accuracies of " + architecture
                        + " are over different classes");
            }
        }

        /** The class names in label order. */
        public List<String> classes() {
            return standard.classes();
        }
    }

    /**
     * A class whose texture accuracy reaches the threshold.
     *
     * @param architecture the classifier
     * @param label class index
     * @param name class name
     * @param textureAccuracy accuracy on the class's texture images
     * @param standardAccuracy accuracy on its standard images
     */
    public record SufficientClass(String architecture, int label, String name, double textureAccuracy,
            double standardAccuracy) {}

    private ClassTexture() {}

    /**
     * The classes where texture suffices: texture accuracy ≥ {@code threshold}, for each model in order, the highest
     * texture accuracy first (ties by label). Classes without texture images are never listed.
     *
     * @param threshold in [0, 1]
     */
    public static List<SufficientClass> textureSufficient(List<Model> models, double threshold) {
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("texture-sufficient threshold must be in [0, 1], got " + threshold);
        }
        List<SufficientClass> out = new ArrayList<>();
        for (Model m : models) {
            List<SufficientClass> mine = new ArrayList<>();
            for (int c = 0; c < m.classes().size(); c++) {
                double t = m.texture().accuracy(c);
                if (!Double.isNaN(t) && t >= threshold) {
                    mine.add(new SufficientClass(m.architecture(), c, m.classes().get(c), t,
                            m.standard().accuracy(c)));
                }
            }
            mine.sort(Comparator.comparingDouble(SufficientClass::textureAccuracy).reversed()
                    .thenComparingInt(SufficientClass::label));
            out.addAll(mine);
        }
        return out;
    }

    /**
     * One row per architecture and class: images, standard accuracy, texture accuracy, and their difference
     * (texture − standard), accuracies printed with 3 decimals.
     */
    public static Table table(String title, List<Model> models) {
        StringColumn arch = StringColumn.create("architecture");
        IntColumn label = IntColumn.create("label");
        StringColumn name = StringColumn.create("class");
        IntColumn images = IntColumn.create("images");
        DoubleColumn standard = DoubleColumn.create("standard_acc");
        DoubleColumn texture = DoubleColumn.create("texture_acc");
        for (DoubleColumn col : List.of(standard, texture)) {
            col.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(3));
        }
        for (Model m : models) {
            for (int c = 0; c < m.classes().size(); c++) {
                arch.append(m.architecture());
                label.append(c);
                name.append(m.classes().get(c));
                images.append((int) m.standard().images(c));
                appendOrMissing(standard, m.standard().accuracy(c));
                appendOrMissing(texture, m.texture().accuracy(c));
            }
        }
        return Table.create(title, arch, label, name, images, standard, texture);
    }

    /** One row per architecture: overall and mean per-class accuracy on standard and texture images. */
    public static Table summary(String title, List<Model> models) {
        StringColumn arch = StringColumn.create("architecture");
        DoubleColumn standard = DoubleColumn.create("standard_top1");
        DoubleColumn texture = DoubleColumn.create("texture_top1");
        DoubleColumn meanTexture = DoubleColumn.create("mean_class_texture_acc");
        for (DoubleColumn col : List.of(standard, texture, meanTexture)) {
            col.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(3));
        }
        for (Model m : models) {
            arch.append(m.architecture());
            appendOrMissing(standard, m.standard().overall());
            appendOrMissing(texture, m.texture().overall());
            appendOrMissing(meanTexture, m.texture().meanClassAccuracy());
        }
        return Table.create(title, arch, standard, texture, meanTexture);
    }

    private static void appendOrMissing(DoubleColumn col, double v) {
        if (Double.isNaN(v)) {
            col.appendMissing();
        } else {
            col.append(v);
        }
    }

    /**
     * The per-class table as CSV, full precision:
     * {@code architecture,label,class,images,standard_correct,standard_acc,standard_predicted,texture_images,
     * texture_correct,texture_acc,texture_predicted} (an empty accuracy for a class without images; {@code
     * _predicted}: images of any class predicted as this one, see {@link ClassAccuracy#predicted}).
     */
    public static String csv(List<Model> models) {
        StringBuilder sb = new StringBuilder("architecture,label,class,images,standard_correct,standard_acc,"
                + "standard_predicted,texture_images,texture_correct,texture_acc,texture_predicted\n");
        for (Model m : models) {
            for (int c = 0; c < m.classes().size(); c++) {
                sb.append(csvField(m.architecture())).append(',').append(c).append(',')
                        .append(csvField(m.classes().get(c))).append(',')
                        .append(m.standard().images(c)).append(',').append(m.standard().correct(c)).append(',')
                        .append(number(m.standard().accuracy(c))).append(',').append(m.standard().predicted(c))
                        .append(',').append(m.texture().images(c)).append(',').append(m.texture().correct(c))
                        .append(',').append(number(m.texture().accuracy(c))).append(',')
                        .append(m.texture().predicted(c)).append('\n');
            }
        }
        return sb.toString();
    }

    private static String number(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6f", v);
    }

    private static String csvField(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    /**
     * Number of classes of each model whose texture accuracy falls in each of {@code bins} equal bins over [0, 1]
     * (bin i = [i/bins, (i+1)/bins), the last also holding 1); classes without texture images are not counted.
     */
    public static long[] histogram(ClassAccuracy texture, int bins) {
        if (bins < 1) {
            throw new IllegalArgumentException("histogram bins must be at least 1, got " + bins);
        }
        long[] counts = new long[bins];
        for (double a : texture.accuracies()) {
            if (!Double.isNaN(a)) {
                counts[Math.min(bins - 1, (int) Math.floor(a * bins))]++;
            }
        }
        return counts;
    }

    /** Appendix Figure 9 (right): the number of classes per texture-accuracy bin, one bar series per model. */
    public static CategoryChart histogramChart(List<Model> models, int bins) {
        CategoryChart chart = new CategoryChartBuilder().width(Charts.WIDTH).height(Charts.HEIGHT)
                .title("Per-class accuracy on texture images").xAxisTitle("texture accuracy of the class")
                .yAxisTitle("classes").build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setXAxisLabelRotation(30);
        chart.getStyler().setYAxisDecimalPattern("0");
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < bins; i++) {
            labels.add(String.format(Locale.ROOT, "%.2f-%.2f", (double) i / bins, (double) (i + 1) / bins));
        }
        for (Model m : models) {
            List<Long> counts = new ArrayList<>();
            for (long v : histogram(m.texture(), bins)) {
                counts.add(v);
            }
            chart.addSeries(m.architecture(), labels, counts);
        }
        return chart;
    }

    /**
     * Appendix Figure 9 (left): one point per class, standard accuracy on x, texture accuracy on y, one series per
     * model, and the diagonal y = x for reference. Classes without images are left out.
     */
    public static XYChart scatterChart(List<Model> models) {
        XYChart chart = new XYChartBuilder().width(Charts.WIDTH).height(Charts.HEIGHT)
                .title("Per-class texture vs standard accuracy").xAxisTitle("standard accuracy")
                .yAxisTitle("texture accuracy").build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0);
        chart.getStyler().setXAxisDecimalPattern("0.0").setYAxisDecimalPattern("0.0");
        for (Model m : models) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (int c = 0; c < m.classes().size(); c++) {
                double s = m.standard().accuracy(c);
                double t = m.texture().accuracy(c);
                if (!Double.isNaN(s) && !Double.isNaN(t)) {
                    x.add(s);
                    y.add(t);
                }
            }
            if (x.isEmpty()) {
                continue;
            }
            chart.addSeries(m.architecture(), x, y);
        }
        XYSeries diagonal = chart.addSeries("y = x", new double[] {0, 1}, new double[] {0, 1});
        diagonal.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        diagonal.setMarker(SeriesMarkers.NONE);
        diagonal.setLineColor(Color.GRAY);
        return chart;
    }

    /**
     * The classes to show in {@link #examples}: those of {@code model} where texture suffices, or, when none reaches
     * the threshold, the {@code count} with the highest texture accuracy; at most {@code count}, the highest
     * texture accuracy first (ties by label).
     */
    public static List<Integer> exampleClasses(Model model, double threshold, int count) {
        List<Integer> ranked = new ArrayList<>();
        for (int c = 0; c < model.classes().size(); c++) {
            if (!Double.isNaN(model.texture().accuracy(c))) {
                ranked.add(c);
            }
        }
        ranked.sort(Comparator.comparingDouble((Integer c) -> model.texture().accuracy(c)).reversed()
                .thenComparingInt(c -> c));
        List<Integer> sufficient = ranked.stream().filter(c -> model.texture().accuracy(c) >= threshold).toList();
        List<Integer> chosen = sufficient.isEmpty() ? ranked : sufficient;
        return List.copyOf(chosen.subList(0, Math.min(count, chosen.size())));
    }

    /**
     * Figure 7's layout: for each class of {@code classes}, the first image of that class in {@code images} above its
     * texture version, captioned with the class id, name and the model's texture accuracy on it. Images are scaled
     * up to at least 96 px.
     *
     * @param model the model whose texture accuracy is shown
     * @param images the scored test images
     * @param textures their textures, aligned with {@code images}
     * @param classes class labels to show, each with at least one image
     */
    public static BufferedImage examples(Model model, ImageDataset images, ImageDataset textures,
            List<Integer> classes) {
        if (classes.isEmpty()) {
            throw new IllegalArgumentException("no class to show");
        }
        int scale = Math.max(1, (96 + images.height() - 1) / images.height());
        int cell = Math.max(images.height(), images.width()) * scale;
        int gap = 8;
        int caption = 34;
        int cols = classes.size();
        BufferedImage out = new BufferedImage(cols * (cell + gap) + gap, 2 * cell + 3 * gap + caption,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = Charts.whiteCanvas(out);
        try {
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            for (int k = 0; k < cols; k++) {
                int c = classes.get(k);
                int index = -1;
                for (int i = 0; i < images.size() && index < 0; i++) {
                    if (images.label(i) == c) {
                        index = i;
                    }
                }
                if (index < 0) {
                    throw new IllegalArgumentException("no image of class " + c + " (" + model.classes().get(c)
                            + ") in " + images.name());
                }
                int x = gap + k * (cell + gap);
                g.drawImage(ByteImage.of(images, index).toBufferedImage(), x, gap, cell, cell, null);
                g.drawImage(ByteImage.of(textures, index).toBufferedImage(), x, 2 * gap + cell, cell, cell, null);
                g.setColor(Color.BLACK);
                g.drawString(c + " " + model.classes().get(c), x, 2 * cell + 2 * gap + 14);
                g.drawString(String.format(Locale.ROOT, "texture acc %.2f", model.texture().accuracy(c)), x,
                        2 * cell + 2 * gap + 28);
            }
        } finally {
            g.dispose();
        }
        return out;
    }
}
