package nsn.experiment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import nsn.report.AtomicFiles;
import nsn.report.Charts;
import nsn.train.PretrainConfig;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

/**
 * The memory-bank experiment of §3.4 (Table 4, Figures 4 and 5): MoCo-v2 with and without patch-based negatives
 * (α = 2) at each queue size K, over the grid's seeds. Besides the comparison's files it writes
 * {@value #CSV} (one row per K and series: mean and standard deviation of the in-domain top-1) and {@value #PNG},
 * the line plot of top-1 against K with one series per recipe and error bars of one standard deviation when there
 * is more than one seed.
 */
public final class QueueSizeExperiment {

    /** Name of the series without non-semantic negatives. */
    public static final String BASELINE = "MoCo-v2";
    /** Name of the series with patch-based negatives. */
    public static final String PATCH = "+ Patch-based (α = 2)";
    /** The plot's data, in the output folder. */
    public static final String CSV = "queue-sweep.csv";
    /** The plot, in the output folder. */
    public static final String PNG = "queue-sweep.png";

    /**
     * Output of {@link #run}.
     *
     * @param comparison the rows {@code MoCo-v2 - k = K} and {@code + Patch-based - α = 2 - k = K} for each K
     * @param queues the queue sizes, in increasing order
     */
    public record Result(Comparison.Result comparison, List<Integer> queues) {

        /** Copies the list. */
        public Result {
            queues = List.copyOf(queues);
        }

        /** In-domain top-1 of {@code series} ({@link #BASELINE} or {@link #PATCH}) at each K. */
        public List<SeedStats> series(String series) {
            List<SeedStats> out = new ArrayList<>();
            for (int k : queues) {
                out.add(comparison.row(label(series, k)).stats(0));
            }
            return out;
        }

        /** One row per K: the two series' in-domain top-1 (mean ± std in percent) and their difference in points. */
        public Table table() {
            IntColumn k = IntColumn.create("K");
            StringColumn base = StringColumn.create(BASELINE + " top-1 (%)");
            StringColumn patch = StringColumn.create(PATCH + " top-1 (%)");
            DoubleColumn diff = DoubleColumn.create("difference (points)");
            List<SeedStats> b = series(BASELINE);
            List<SeedStats> p = series(PATCH);
            for (int i = 0; i < queues.size(); i++) {
                k.append(queues.get(i));
                base.append(b.get(i).formatPercent());
                patch.append(p.get(i).formatPercent());
                diff.append(100 * (p.get(i).mean() - b.get(i).mean()));
            }
            diff.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(2));
            return Table.create("top-1 on " + comparison.sets().get(0) + " vs queue size K", k, base, patch, diff);
        }

        /**
         * Top-1 (%) against K, one series per recipe, with error bars of one sample standard deviation when there
         * is more than one seed.
         */
        public XYChart chart() {
            XYChart chart = new XYChartBuilder().width(Charts.WIDTH).height(Charts.HEIGHT)
                    .title("Top-1 on " + comparison.sets().get(0) + " vs memory bank size")
                    .xAxisTitle("queue size K").yAxisTitle("linear top-1 (%)").build();
            chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
            chart.getStyler().setXAxisDecimalPattern("0");
            chart.getStyler().setYAxisDecimalPattern("0.0");
            double[] x = queues.stream().mapToDouble(Integer::doubleValue).toArray();
            for (String name : List.of(BASELINE, PATCH)) {
                List<SeedStats> s = series(name);
                double[] y = s.stream().mapToDouble(v -> 100 * v.mean()).toArray();
                XYSeries series;
                if (s.get(0).n() > 1) {
                    double[] err = s.stream().mapToDouble(v -> 100 * v.std()).toArray();
                    series = chart.addSeries(name, x, y, err);
                } else {
                    series = chart.addSeries(name, x, y);
                }
                series.setMarker(SeriesMarkers.CIRCLE);
            }
            return chart;
        }

        /** The data of {@link #chart()}: K, series, mean and std of top-1 in percent (std empty with one seed). */
        public String csv() {
            StringBuilder b = new StringBuilder("K,series,top1_mean,top1_std,seeds\n");
            for (String name : List.of(BASELINE, PATCH)) {
                List<SeedStats> s = series(name);
                for (int i = 0; i < queues.size(); i++) {
                    SeedStats v = s.get(i);
                    b.append(String.format(Locale.ROOT, "%d,%s,%.4f,%s,%d%n", queues.get(i), name, 100 * v.mean(),
                            v.n() > 1 ? String.format(Locale.ROOT, "%.4f", 100 * v.std()) : "", v.n()));
                }
            }
            return b.toString();
        }
    }

    private QueueSizeExperiment() {}

    /** The row label of {@code series} at queue size {@code k}. */
    static String label(String series, int k) {
        return series.equals(BASELINE) ? "MoCo-v2 - k = " + k : "+ Patch-based - α = 2 - k = " + k;
    }

    /** The rows: the baseline and patch-based negatives at each K. */
    public static List<Arm> arms(QueueSizeConfig config) {
        PretrainConfig p = config.grid().base().pretrain();
        List<Arm> arms = new ArrayList<>();
        for (int k : config.queues()) {
            arms.add(Arm.of(label(BASELINE, k), p.withMoco(GridPresets.moco(p, k, 0f, 0))));
            arms.add(Arm.of(label(PATCH, k), p.withMoco(GridPresets.moco(p, k, 2f, 1))));
        }
        return arms;
    }

    /** Runs (or resumes) every K with every seed; writes the table, {@value #CSV} and {@value #PNG}. */
    public static Result run(QueueSizeConfig config) {
        Comparison.Result c = Comparison.run("queue-sweep", "Memory bank size: linear top-1 on "
                + config.grid().base().dataset(), config.grid(), arms(config));
        Result r = new Result(c, config.queues());
        Path out = c.outputDir();
        try {
            AtomicFiles.writeString(out.resolve(CSV), r.csv());
            AtomicFiles.write(out.resolve(PNG), o -> ImageIO.write(Charts.toImage(r.chart()), "png", o));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the plot to " + out, e);
        }
        System.err.println(r.table().printAll());
        return r;
    }
}
