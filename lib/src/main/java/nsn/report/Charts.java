package nsn.report;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;

/**
 * A run's curves as XChart charts, for notebooks: nsn's kernel shows a chart as a PNG; {@link #toImage} gives the
 * {@link BufferedImage} that any Java kernel shows.
 */
public final class Charts {

    /** Default chart size in pixels. */
    public static final int WIDTH = 640;
    public static final int HEIGHT = 360;

    private Charts() {}

    /**
     * The pretraining loss (the InfoNCE loss with non-semantic negatives, Eq. 1) per epoch from a run's
     * {@code metrics.csv}: one point per finished epoch.
     *
     * @throws IllegalArgumentException naming the file when it holds no pretraining epoch
     */
    public static XYChart lossCurve(Path metricsCsv) {
        Table metrics = Tables.metrics(metricsCsv);
        Table pretrain = metrics.where(metrics.stringColumn("stage").isEqualTo("pretrain"))
                .sortAscendingOn("epoch");
        if (pretrain.rowCount() == 0) {
            throw new IllegalArgumentException(metricsCsv.toAbsolutePath() + " has no pretraining epochs yet");
        }
        double[] epochs = ((NumericColumn<?>) pretrain.column("epoch")).asDoubleArray();
        double[] loss = ((NumericColumn<?>) pretrain.column("loss")).asDoubleArray();
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Pretraining loss — " + (metricsCsv.getParent() == null ? "run"
                        : metricsCsv.toAbsolutePath().getParent().getFileName()))
                .xAxisTitle("epoch").yAxisTitle("loss (Eq. 1)").build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setXAxisDecimalPattern("0");
        chart.getStyler().setYAxisDecimalPattern("0.00");
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        if (epochs.length == 1) {
            // one epoch: give the axes some room around the single point
            chart.getStyler().setXAxisMin(epochs[0] - 1).setXAxisMax(epochs[0] + 1);
            chart.getStyler().setYAxisMin(loss[0] * 0.9).setYAxisMax(loss[0] * 1.1);
        }
        XYSeries series = chart.addSeries("pretrain", epochs, loss);
        series.setMarker(SeriesMarkers.CIRCLE);
        return chart;
    }

    /**
     * Starts drawing a figure made of images and captions: fills {@code image} with white and turns text
     * antialiasing on. The caller disposes of the returned graphics.
     */
    public static Graphics2D whiteCanvas(BufferedImage image) {
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        return g;
    }

    /** The chart drawn into an image of its size (headless-safe). */
    public static BufferedImage toImage(Chart<?, ?> chart) {
        return BitmapEncoder.getBufferedImage(chart);
    }
}
