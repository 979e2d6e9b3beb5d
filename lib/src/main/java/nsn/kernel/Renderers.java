package nsn.kernel;

import java.util.Locale;
import nsn.report.Charts;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.common.Image;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.knowm.xchart.internal.chartpart.Chart;
import tech.tablesaw.table.Relation;

/**
 * How the kernel shows values besides {@code text/plain}: XChart charts as {@code image/png} (as
 * {@link java.awt.image.BufferedImage}s already are, by JJava's renderer), and Tablesaw tables as an HTML table.
 */
public final class Renderers {

    /** Rows of a table shown in full; longer tables show their head and tail. */
    public static final int MAX_ROWS = 60;

    private static final int HEAD_ROWS = 50;
    private static final int TAIL_ROWS = 5;

    private Renderers() {}

    /** Adds the chart and table renderers to {@code renderer}. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    public static void register(Renderer renderer) {
        renderer.createRegistration(Chart.class)
                .preferring(MIMEType.IMAGE_PNG)
                .register((chart, context) -> {
                    Chart c = (Chart) chart;
                    Image.renderImage(Charts.toImage(c), context);
                    context.renderIfRequested(MIMEType.TEXT_PLAIN, () -> describe(c));
                });
        renderer.createRegistration(Relation.class)
                .preferring(MIMEType.TEXT_HTML)
                .register((table, context) -> {
                    Relation r = (Relation) table;
                    context.renderIfRequested(MIMEType.TEXT_HTML, () -> html(r));
                    context.renderIfRequested(MIMEType.TEXT_PLAIN, () -> r.print(MAX_ROWS));
                });
    }

    @SuppressWarnings("rawtypes")
    static String describe(Chart chart) {
        String title = chart.getTitle() == null || chart.getTitle().isBlank() ? "" : " '" + chart.getTitle() + "'";
        return chart.getClass().getSimpleName() + title + " (" + chart.getWidth() + "x" + chart.getHeight() + " px)";
    }

    /** An HTML table of {@code table}: its name as caption, a header row, formatted cells, and its size. */
    public static String html(Relation table) {
        int rows = table.rowCount();
        int cols = table.columnCount();
        StringBuilder b = new StringBuilder(256 + 64 * Math.min(rows, MAX_ROWS) * Math.max(cols, 1));
        b.append("<table class=\"nsn-table\">");
        if (table.name() != null && !table.name().isBlank()) {
            b.append("<caption>").append(escape(table.name())).append("</caption>");
        }
        b.append("<thead><tr>");
        for (String name : table.columnNames()) {
            b.append("<th>").append(escape(name)).append("</th>");
        }
        b.append("</tr></thead><tbody>");
        boolean cut = rows > MAX_ROWS;
        for (int r = 0; r < rows; r++) {
            if (cut && r == HEAD_ROWS) {
                b.append("<tr>");
                for (int c = 0; c < cols; c++) {
                    b.append("<td>&hellip;</td>");
                }
                b.append("</tr>");
                r = rows - TAIL_ROWS - 1;
                continue;
            }
            b.append("<tr>");
            for (int c = 0; c < cols; c++) {
                b.append("<td>").append(escape(table.getString(r, c))).append("</td>");
            }
            b.append("</tr>");
        }
        b.append("</tbody></table>");
        b.append(String.format(Locale.ROOT, "<p>%d row%s &times; %d column%s</p>", rows, rows == 1 ? "" : "s", cols,
                cols == 1 ? "" : "s"));
        return b.toString();
    }

    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                default -> b.append(ch);
            }
        }
        return b.toString();
    }
}
