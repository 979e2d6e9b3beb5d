package nsn.experiment;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;
import nsn.data.ImageDataset;
import nsn.data.Split;
import nsn.report.AtomicFiles;
import nsn.report.Charts;
import nsn.report.Progress;
import nsn.shape.CueConflictBuilder;
import nsn.train.NamedCheckpoint;
import nsn.train.PretrainConfig;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

/**
 * The α sweep of §4.1 (Fig. 6): MoCo-v2 with one patch-based negative per image at each α of the configuration
 * (α = 0: plain MoCo-v2, the Table 1 baseline; the rows share Table 1's labels, so a sweep in a Table 1 output folder
 * reuses its runs), pretrained and probed over the grid's seeds by {@link Comparison}; then every checkpoint goes
 * through {@link ShapeBiasExperiment} (cue-conflict stimuli and coarse groups). Per α, averaged over seeds: (a) shape
 * bias, (b) shape and texture accuracy, (c) sketch and clean top-1, (d) coarse and fine accuracy. Writes the
 * comparison's files, {@code shape-bias/}, {@value #CSV} and {@value #PNG} (the four panels).
 */
public final class AlphaSweepExperiment {

    /** Per-α numbers. */
    public static final String CSV = "alpha-sweep.csv";
    /** The four panels of Fig. 6. */
    public static final String PNG = "alpha-sweep.png";

    /**
     * The numbers of one α, means over seeds (NaN where not measured).
     *
     * @param alpha α
     * @param cleanTop1 in-domain top-1
     * @param sketchTop1 top-1 on the sketch column
     * @param shapeBias shape bias
     * @param shapeAccuracy shape accuracy
     * @param textureAccuracy texture accuracy
     * @param coarse coarse accuracy
     * @param fine fine accuracy
     * @param seeds seeds averaged
     */
    public record Point(float alpha, double cleanTop1, double sketchTop1, double shapeBias, double shapeAccuracy,
            double textureAccuracy, double coarse, double fine, int seeds) {}

    /**
     * Output of {@link #run}.
     *
     * @param points one per α, in the configuration's order
     * @param comparison the grid's table (top-1 per column, per seed)
     * @param shapeBias the per-checkpoint shape-bias evaluation
     */
    public record Result(List<Point> points, Comparison.Result comparison, ShapeBiasExperiment.Result shapeBias) {

        /** Copies the list. */
        public Result {
            points = List.copyOf(points);
        }

        /** One row per α: the numbers of the four panels, in percent except the shape bias. */
        public Table table() {
            DoubleColumn alpha = DoubleColumn.create("α");
            DoubleColumn clean = DoubleColumn.create("clean top-1 (%)");
            DoubleColumn sketch = DoubleColumn.create("sketch top-1 (%)");
            DoubleColumn bias = DoubleColumn.create("shape bias");
            DoubleColumn shape = DoubleColumn.create("shape acc. (%)");
            DoubleColumn texture = DoubleColumn.create("texture acc. (%)");
            DoubleColumn coarse = DoubleColumn.create("coarse acc. (%)");
            DoubleColumn fine = DoubleColumn.create("fine acc. (%)");
            for (Point p : points) {
                alpha.append(p.alpha());
                clean.append(100 * p.cleanTop1());
                sketch.append(100 * p.sketchTop1());
                bias.append(p.shapeBias());
                shape.append(100 * p.shapeAccuracy());
                texture.append(100 * p.textureAccuracy());
                coarse.append(100 * p.coarse());
                fine.append(100 * p.fine());
            }
            for (DoubleColumn c : List.of(clean, sketch, shape, texture, coarse, fine)) {
                c.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(2));
            }
            bias.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(3));
            alpha.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(2));
            return Table.create("α sweep (§4.1, Fig. 6), means over " + (points.isEmpty() ? 0 : points.get(0).seeds())
                    + " seed(s)", alpha, clean, sketch, bias, shape, texture, coarse, fine);
        }

        /** The four panels: (a) shape bias, (b) shape/texture accuracy, (c) sketch/clean top-1, (d) coarse/fine. */
        public List<XYChart> charts() {
            return List.of(
                    chart("(a) shape bias", "shape bias", List.of("shape bias"), List.of(Point::shapeBias)),
                    chart("(b) shape vs texture accuracy", "accuracy", List.of("shape", "texture"),
                            List.of(Point::shapeAccuracy, Point::textureAccuracy)),
                    chart("(c) sketch vs clean top-1", "top-1", List.of("sketch", "clean"),
                            List.of(Point::sketchTop1, Point::cleanTop1)),
                    chart("(d) coarse vs fine accuracy", "accuracy", List.of("coarse", "fine"),
                            List.of(Point::coarse, Point::fine)));
        }

        /** The four panels in a 2 × 2 image. */
        public BufferedImage figure() {
            List<XYChart> charts = charts();
            int w = Charts.WIDTH;
            int h = Charts.HEIGHT;
            BufferedImage out = new BufferedImage(2 * w, 2 * h, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = out.createGraphics();
            for (int i = 0; i < charts.size(); i++) {
                g.drawImage(Charts.toImage(charts.get(i)), (i % 2) * w, (i / 2) * h, null);
            }
            g.dispose();
            return out;
        }

        private XYChart chart(String title, String yTitle, List<String> names, List<ToDoubleFunction<Point>> values) {
            XYChart c = new XYChartBuilder().width(Charts.WIDTH).height(Charts.HEIGHT).title(title).xAxisTitle("α")
                    .yAxisTitle(yTitle).build();
            double[] x = points.stream().mapToDouble(Point::alpha).toArray();
            for (int s = 0; s < names.size(); s++) {
                ToDoubleFunction<Point> f = values.get(s);
                double[] y = points.stream().mapToDouble(p -> Double.isNaN(f.applyAsDouble(p)) ? 0
                        : f.applyAsDouble(p)).toArray();
                XYSeries series = c.addSeries(names.get(s), x, y);
                series.setMarker(SeriesMarkers.CIRCLE);
            }
            return c;
        }
    }

    private AlphaSweepExperiment() {}

    /** The rows of the sweep: MoCo-v2 at α = 0, + patch-based at each other α, Table 1's labels. */
    public static List<Arm> arms(AlphaSweepConfig config) {
        PretrainConfig p = config.grid().base().pretrain();
        int k = p.moco().queueSize();
        List<Arm> arms = new ArrayList<>();
        for (float a : config.alphas()) {
            arms.add(a == 0f ? Arm.of("MoCo-v2 - k = " + k, p.withMoco(GridPresets.moco(p, k, 0f, 0)))
                    : Arm.of("+ Patch-based - α = " + GridPresets.number(a), p.withMoco(GridPresets.moco(p, k, a, 1))));
        }
        return arms;
    }

    /** Runs the sweep; see the class comment. */
    public static Result run(AlphaSweepConfig config) {
        return run(config, null);
    }

    /**
     * Runs the sweep with its runs in {@code runsDir} ({@link Comparison#run(String, String, GridConfig, List, Map,
     * Path)}), e.g. a Table 1 folder of the same recipe, whose α = 0, 2 and 3 runs are then read back instead of
     * trained again; the sweep's table, figure, sketches and shape-bias files still go to the grid's folder.
     *
     * @param runsDir folder of the runs, or null for the grid's own folder
     */
    public static Result run(AlphaSweepConfig config, Path runsDir) {
        GridConfig grid = config.grid();
        QuickstartConfig base = grid.base();
        boolean hasSketch = grid.ood().stream().anyMatch(o -> o.name().equals(config.sketch()));
        if (!hasSketch && !base.dataset().equals("imagenet100")) {
            Path dir = base.outputDir().resolve(config.sketch());
            DatasetSpec spec = DatasetSpec.of(base.dataset());
            ImageDataset test = Experiments.subset(spec.load(base.dataDir(), Split.TEST), grid.testImages(), 0);
            System.err.printf(Locale.ROOT, "writing sketches of %s -> %s%n", test.name(), dir);
            CueConflictBuilder.writeSketches(test, dir, base.pretrain().workers(), Progress.console(base.quiet()));
            grid = grid.plusOod(config.sketch(), dir);
            hasSketch = true;
        }
        List<Arm> arms = arms(config);
        Comparison.Result cmp = Comparison.run("alpha-sweep", "α sweep (§4.1)", grid, arms, Map.of(), runsDir);
        ShapeBiasExperiment.Result sb = ShapeBiasExperiment.run(shapeBiasConfig(config, runsDir));
        int sketchColumn = hasSketch ? cmp.sets().indexOf(config.sketch()) : -1;
        List<Point> points = new ArrayList<>();
        int n = grid.seeds().size();
        for (int i = 0; i < arms.size(); i++) {
            Comparison.Row row = cmp.row(arms.get(i).label());
            List<ShapeBiasExperiment.Row> rows = sb.rows().subList(i * n, (i + 1) * n);
            points.add(new Point(config.alphas().get(i), row.stats(0).mean(),
                    sketchColumn >= 0 ? row.stats(sketchColumn).mean() : Double.NaN,
                    mean(rows, r -> r.bias().shapeBias()), mean(rows, r -> r.bias().shapeAccuracy()),
                    mean(rows, r -> r.bias().textureAccuracy()),
                    mean(rows, r -> r.coarseFine() == null ? Double.NaN : r.coarseFine().coarse()),
                    mean(rows, r -> r.coarseFine() == null ? Double.NaN : r.coarseFine().fine()), n));
        }
        Result result = new Result(points, cmp, sb);
        write(result, base.outputDir());
        return result;
    }

    /**
     * The cue-conflict stimuli the sweep scores: {@link AlphaSweepConfig#stimuli()} when given, otherwise
     * {@code stimuliPerClass} per class made from the test split into {@code <outputDir>/shape-bias/stimuli}
     * (missing ones are written, present ones kept; {@link ShapeBiasExperiment#stimuli}). {@link #run} scores the
     * same folder, so calling this first only makes the stimuli earlier (to look at them before the sweep).
     */
    public static Path stimuli(AlphaSweepConfig config) {
        return ShapeBiasExperiment.stimuli(shapeBiasConfig(config));
    }

    /**
     * The shape-bias evaluation that {@link #run} makes of the sweep's checkpoints ({@link ShapeBiasExperiment}):
     * one model per α and seed, named {@code alpha=<α>/seed-<n>}, no random-init row, the grid's probe and test
     * subset, the configured stimuli and coarse groups, output in {@code <outputDir>/shape-bias}.
     */
    public static ShapeBiasConfig shapeBiasConfig(AlphaSweepConfig config) {
        return shapeBiasConfig(config, null);
    }

    /**
     * {@link #shapeBiasConfig(AlphaSweepConfig)} with the checkpoints read from {@code runsDir}
     * ({@code <runsDir>/<arm>/seed-<n>/checkpoint.bin}), or from the grid's output folder when it is null.
     */
    public static ShapeBiasConfig shapeBiasConfig(AlphaSweepConfig config, Path runsDir) {
        GridConfig grid = config.grid();
        QuickstartConfig base = grid.base();
        Path runs = runsDir != null ? runsDir : base.outputDir();
        List<Arm> arms = arms(config);
        List<NamedCheckpoint> models = new ArrayList<>();
        for (int i = 0; i < arms.size(); i++) {
            for (long seed : grid.seeds()) {
                models.add(new NamedCheckpoint(modelName(config.alphas().get(i), seed),
                        runs.resolve(arms.get(i).slug()).resolve("seed-" + seed).resolve("checkpoint.bin")));
            }
        }
        return new ShapeBiasConfig(base.dataset(), base.dataDir(), config.stimuli(), config.stimuliPerClass(), models,
                false, base.linear(), grid.testImages(), base.outputDir().resolve("shape-bias"), base.device(), 0,
                base.pretrain().workers(), base.quiet(), config.coarseGroups());
    }

    /** The shape-bias row name of the run at α and seed. */
    static String modelName(float alpha, long seed) {
        return "alpha=" + GridPresets.number(alpha) + "/seed-" + seed;
    }

    private static double mean(List<ShapeBiasExperiment.Row> rows, ToDoubleFunction<ShapeBiasExperiment.Row> f) {
        return rows.stream().mapToDouble(f).average().orElse(Double.NaN);
    }

    private static void write(Result r, Path out) {
        StringBuilder csv = new StringBuilder("alpha,clean_top1,sketch_top1,shape_bias,shape_accuracy,"
                + "texture_accuracy,coarse_accuracy,fine_accuracy,seeds\n");
        for (Point p : r.points()) {
            csv.append(String.format(Locale.ROOT, "%s,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,%d%n",
                    GridPresets.number(p.alpha()), p.cleanTop1(), p.sketchTop1(), p.shapeBias(), p.shapeAccuracy(),
                    p.textureAccuracy(), p.coarse(), p.fine(), p.seeds()));
        }
        try {
            Files.createDirectories(out);
            AtomicFiles.writeString(out.resolve(CSV), csv.toString());
            AtomicFiles.write(out.resolve(PNG), o -> ImageIO.write(r.figure(), "png", o));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the α-sweep outputs to " + out + ": " + e.getMessage(), e);
        }
        System.err.println(r.table().print());
    }
}
