package nsn.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Base64;
import javax.imageio.ImageIO;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.common.Image;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class RenderersTest {

    private static Renderer renderer() {
        Renderer r = new Renderer();
        Image.registerAll(r);
        Renderers.register(r);
        return r;
    }

    @Test
    void chartsBecomePngImagesOfTheirSize() throws Exception {
        XYChart chart = new XYChartBuilder().width(300).height(200).title("t").build();
        chart.addSeries("s", new double[] {1, 2, 3}, new double[] {2, 1, 3});
        DisplayData d = renderer().render(chart);
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(
                Base64.getDecoder().decode((String) d.getData(MIMEType.IMAGE_PNG))));
        assertEquals(300, png.getWidth());
        assertEquals(200, png.getHeight());
        assertEquals("XYChart 't' (300x200 px)", d.getData(MIMEType.TEXT_PLAIN));
    }

    @Test
    void imagesStayPng() {
        DisplayData d = renderer().render(new BufferedImage(4, 3, BufferedImage.TYPE_INT_RGB));
        assertTrue(d.hasDataForType(MIMEType.IMAGE_PNG));
    }

    @Test
    void tablesBecomeHtmlWithEscapedCells() {
        Table t = Table.create("runs <1>", StringColumn.create("name", "a&b", "<i>"), IntColumn.create("n", 1, 2));
        DisplayData d = renderer().render(t);
        String html = (String) d.getData(MIMEType.TEXT_HTML);
        assertTrue(html.startsWith("<table class=\"nsn-table\"><caption>runs &lt;1&gt;</caption>"), html);
        assertTrue(html.contains("<thead><tr><th>name</th><th>n</th></tr></thead>"), html);
        assertTrue(html.contains("<tr><td>a&amp;b</td><td>1</td></tr><tr><td>&lt;i&gt;</td><td>2</td></tr>"), html);
        assertTrue(html.endsWith("<p>2 rows &times; 2 columns</p>"), html);
        assertTrue(((String) d.getData(MIMEType.TEXT_PLAIN)).contains("a&b"));
    }

    @Test
    void longTablesShowHeadAndTail() {
        double[] v = new double[1000];
        for (int i = 0; i < v.length; i++) {
            v[i] = i;
        }
        String html = Renderers.html(Table.create("long", DoubleColumn.create("v", v)));
        assertTrue(html.contains("<td>&hellip;</td>"));
        assertTrue(html.contains("<td>49</td>") && html.contains("<td>999</td>"), "head and tail are shown");
        assertFalse(html.contains("<td>500</td>"));
        assertTrue(html.endsWith("<p>1000 rows &times; 1 column</p>"));
    }
}
