package nsn.experiment;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import nsn.ood.ImageNetCScore;
import nsn.report.AtomicFiles;
import nsn.report.Charts;
import nsn.report.Json;
import nsn.train.PretrainConfig;
import org.knowm.xchart.CategoryChart;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Table 2 of the paper (§3.2): MoCo-v2 and MoCo-v2 + patch-based non-semantic negatives (α = {@value #ALPHA}) on
 * ImageNet-1K; linear top-1 in domain, on ImageNet-Sketch, Stylized-ImageNet and ImageNet-R, and the mean
 * corruption error (mCE, {@link ImageNetCScore#mce()}, smaller is better) on ImageNet-C, for the out-of-domain sets
 * the configuration has. Built on {@link Comparison}: the rows are two of Table 1's, with the same recipes and run
 * folders, so the small and smoke presets reuse Table 1's runs ({@link Table2Config#runsDir()}).
 *
 * <p>The paper's Table 2 has a third row, MoCHi (Kalantidis et al., "Hard Negative Mixing for Contrastive
 * Learning", NeurIPS 2020, the paper's reference [31]): another paper's method, which nsn does not implement; its
 * published numbers are in {@link #published()} for comparison only.
 *
 * <p>Files in the output folder, besides {@link Comparison}'s {@code table.csv}, {@code table.txt},
 * {@code results.json} and (with ImageNet-C) its {@code <name>-summary.csv}, {@code <name>-corruptions.csv} and
 * {@code <name>.json}: {@value #CSV} ({@link Result#numericTable()}), {@value #TXT} ({@link Result#table()}),
 * {@value #JSON} (the rows, their per-seed numbers and the published table), {@value #PNG} (top-1 per set and row)
 * and {@value #PUBLISHED_CSV} (the paper's numbers).
 */
public final class Table2Experiment {

    /** α of the patch-based row (the ImageNet-100 setting's, as §3.2 says). */
    public static final float ALPHA = 2f;

    /** Label of the baseline row. */
    public static final String BASELINE = "MoCo-v2";

    /** Label of the patch-based row. */
    public static final String PATCH = "+ Patch-based NS - α = 2";

    /** The numeric table. */
    public static final String CSV = "table2.csv";
    /** The table as printed. */
    public static final String TXT = "table2.txt";
    /** Rows, per-seed numbers and the published table. */
    public static final String JSON = "table2.json";
    /** Top-1 per test set and row. */
    public static final String PNG = "table2.png";
    /** The paper's published Table 2. */
    public static final String PUBLISHED_CSV = "table2-published.csv";

    /**
     * Output of {@link #run}.
     *
     * @param comparison the comparison of the two rows ({@link #BASELINE} first), with the ImageNet-C scores
     * @param files the files written, by name
     */
    public record Result(Comparison.Result comparison, Map<String, Path> files) {

        /** Copies the map. */
        public Result {
            files = Map.copyOf(files);
        }

        /**
         * The table as the paper prints it: {@code method}, the in-domain top-1, then per out-of-domain set its
         * top-1 or, for an ImageNet-C set, its mCE ({@code mean ± std} in %, {@code (n=1)} with one seed), and the
         * number of seeds.
         */
        public Table table() {
            Comparison.Result c = comparison;
            StringColumn method = StringColumn.create("method");
            List<StringColumn> cols = new ArrayList<>();
            for (String s : c.sets()) {
                cols.add(StringColumn.create(s + (isCorruption(s) ? " mCE (%)" : " top-1 (%)")));
            }
            IntColumn seeds = IntColumn.create("seeds");
            for (Comparison.Row r : c.rows()) {
                method.append(r.label());
                for (int s = 0; s < c.sets().size(); s++) {
                    cols.get(s).append(stats(r, s).formatPercent());
                }
                seeds.append(r.seeds().size());
            }
            Table t = Table.create(c.title(), method);
            cols.forEach(t::addColumns);
            return t.addColumns(seeds);
        }

        /**
         * The numbers of {@link #table()}: per test set {@code <set>_top1_mean} and {@code _std}, or for an
         * ImageNet-C set {@code <set>_mce_mean} and {@code _std}, in % (std missing with one seed).
         */
        public Table numericTable() {
            return comparison.numericTable(s -> s + (isCorruption(s) ? "_mce" : "_top1"), this::stats);
        }

        /** The mean mCE in [0, ∞) of row {@code label} on the ImageNet-C set {@code set}, over seeds. */
        public double mce(String set, String label) {
            return comparison.corruptionScores(set, label).stream().mapToDouble(ImageNetCScore::mce).average()
                    .orElse(Double.NaN);
        }

        /** Mean top-1 in [0, 1] of row {@code label} on test set {@code set}, over seeds. */
        public double top1(String set, String label) {
            return comparison.row(label).stats(comparison.set(set)).mean();
        }

        /**
         * A bar chart of the top-1 (%) of each row on each test set that is scored by top-1 (ImageNet-C, scored by
         * mCE, is left out).
         */
        public CategoryChart chart() {
            return comparison.chart();
        }

        /** {@link #chart()} as an image. */
        public BufferedImage image() {
            return Charts.toImage(chart());
        }

        private boolean isCorruption(String set) {
            return comparison.corruptions().containsKey(set);
        }

        /** Top-1 over seeds, or for an ImageNet-C set the mCE over seeds. */
        private SeedStats stats(Comparison.Row r, int set) {
            String name = comparison.sets().get(set);
            if (!isCorruption(name)) {
                return r.stats(set);
            }
            return SeedStats.of(comparison.corruptionScores(name, r.label()).stream().mapToDouble(ImageNetCScore::mce)
                    .toArray());
        }
    }

    private Table2Experiment() {}

    /**
     * The two rows for {@code config}: {@link #BASELINE} and {@link #PATCH} at K, in the folders of Table 1's
     * {@code MoCo-v2 - k = K} and {@code + Patch-based - α = 2} rows, whose recipes they are.
     */
    public static List<Arm> arms(Table2Config config) {
        PretrainConfig p = config.grid().base().pretrain();
        int k = config.queue();
        return List.of(
                new Arm(BASELINE, Arm.slugOf("MoCo-v2 - k = " + k), p.withMoco(GridPresets.moco(p, k, 0f, 0))),
                new Arm(PATCH, Arm.slugOf("+ Patch-based - α = " + GridPresets.number(ALPHA)),
                        p.withMoco(GridPresets.moco(p, k, ALPHA, 1))));
    }

    /** Runs (or resumes, or reads back) both rows with every seed and writes the table files. */
    public static Result run(Table2Config config) {
        QuickstartConfig base = config.grid().base();
        Comparison.Result c = Comparison.run("table2", "Table 2: linear top-1 on " + base.dataset()
                + (base.dataset().equals(DatasetSpec.IMAGENET.id()) ? "" : " (the paper: ImageNet-1K)"),
                config.grid(), arms(config), Map.of(), config.runs());
        Path out = c.outputDir();
        Map<String, Path> files = new LinkedHashMap<>();
        Result partial = new Result(c, files);
        try {
            write(out, CSV, files, csv(partial.numericTable()));
            write(out, TXT, files, partial.table().printAll() + "\n");
            write(out, PUBLISHED_CSV, files, csv(published()));
            AtomicFiles.write(out.resolve(PNG), o -> ImageIO.write(partial.image(), "png", o));
            files.put(PNG, out.resolve(PNG));
            write(out, JSON, files, Json.write(json(c)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write Table 2 to " + out, e);
        }
        return new Result(c, files);
    }

    /**
     * The paper's Table 2 as published (ImageNet-1K, the official-recipe models, one run each): top-1 (%) on
     * ImageNet, ImageNet-Sketch, Stylized-ImageNet and ImageNet-R, and mCE (%) on ImageNet-C. The MoCHi row is
     * Kalantidis et al.'s method, quoted by the paper and not implemented in nsn.
     */
    public static Table published() {
        StringColumn method = StringColumn.create("method", BASELINE, "+ MoCHi [31] (not implemented in nsn)", PATCH);
        return Table.create("Table 2 as published (Ge et al. 2021)", method,
                DoubleColumn.create("imagenet_top1", 67.60, 67.56, 67.92),
                DoubleColumn.create("imagenet-c_mce", 87.7, 88.7, 87.6),
                DoubleColumn.create("imagenet-sketch_top1", 17.47, 16.32, 18.58),
                DoubleColumn.create("stylized-imagenet_top1", 5.55, 5.94, 6.34),
                DoubleColumn.create("imagenet-r_top1", 27.81, 25.71, 28.95));
    }

    private static Map<String, Object> json(Comparison.Result c) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("title", c.title());
        out.put("sets", c.sets());
        out.put("imagenet_c_sets", List.copyOf(c.corruptions().keySet()));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Comparison.Row r : c.rows()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("label", r.label());
            row.put("runs", r.slug());
            row.put("seeds", r.seeds());
            Map<String, Object> top1 = new LinkedHashMap<>();
            for (int s = 0; s < c.sets().size(); s++) {
                top1.put(c.sets().get(s), r.values(s));
            }
            row.put("top1", top1);
            Map<String, Object> mce = new LinkedHashMap<>();
            for (String name : c.corruptions().keySet()) {
                mce.put(name, c.corruptionScores(name, r.label()).stream().mapToDouble(ImageNetCScore::mce)
                        .toArray());
            }
            row.put("mce", mce);
            rows.add(row);
        }
        out.put("rows", rows);
        List<Map<String, Object>> published = new ArrayList<>();
        Table p = published();
        for (int i = 0; i < p.rowCount(); i++) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (String col : p.columnNames()) {
                row.put(col, p.column(col).get(i));
            }
            published.add(row);
        }
        out.put("published", published);
        return out;
    }

    private static void write(Path dir, String name, Map<String, Path> files, String text) throws IOException {
        AtomicFiles.writeString(dir.resolve(name), text);
        files.put(name, dir.resolve(name));
    }

    /** A table as CSV (header, then rows; missing numbers empty). */
    static String csv(Table t) {
        StringBuilder b = new StringBuilder(String.join(",", t.columnNames())).append('\n');
        for (int i = 0; i < t.rowCount(); i++) {
            for (int c = 0; c < t.columnCount(); c++) {
                if (c > 0) {
                    b.append(',');
                }
                Object v = t.column(c).get(i);
                String s;
                if (v instanceof Double d) {
                    s = Double.isNaN(d) ? "" : String.format(Locale.ROOT, "%.4f", d);
                } else {
                    s = v == null ? "" : v.toString();
                }
                b.append(s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s);
            }
            b.append('\n');
        }
        return b.toString();
    }
}
