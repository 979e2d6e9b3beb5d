package nsn.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

class ChartsTest {

    @Test
    void theLossCurveHasOnePointPerPretrainingEpochInOrder(@TempDir Path tmp) throws Exception {
        Path csv = TablesTest.metricsCsv(tmp, "pretrain,2,6.09,0.03,161.6,370.5", "pretrain,1,6.89,0.05,214.2,279.7",
                "linear,1,1.2,0.1,3.0,9000.0");
        XYChart chart = Charts.lossCurve(csv);
        XYSeries s = chart.getSeriesMap().get("pretrain");
        assertArrayEquals(new double[] {1, 2}, s.getXData());
        assertArrayEquals(new double[] {6.89, 6.09}, s.getYData());
        assertTrue(chart.getTitle().contains("run-a"), chart.getTitle());
        BufferedImage img = Charts.toImage(chart);
        assertEquals(Charts.WIDTH, img.getWidth());
        assertEquals(Charts.HEIGHT, img.getHeight());
    }

    @Test
    void aSingleEpochStillDraws(@TempDir Path tmp) throws Exception {
        XYChart chart = Charts.lossCurve(TablesTest.metricsCsv(tmp, "pretrain,1,6.89,0.05,214.2,279.7"));
        assertEquals(Charts.WIDTH, Charts.toImage(chart).getWidth());
    }

    @Test
    void aRunWithoutPretrainingEpochsIsNamed(@TempDir Path tmp) throws Exception {
        Path csv = TablesTest.metricsCsv(tmp, "linear,1,1.2,0.1,3.0,9000.0");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Charts.lossCurve(csv));
        assertTrue(e.getMessage().contains("metrics.csv has no pretraining epochs"), e.getMessage());
    }
}
