package nsn.ood;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import nsn.report.AtomicFiles;
import nsn.report.Json;

/**
 * The ImageNet-C numbers of a multi-seed comparison, one {@link Row} per arm, written next to its table as
 * {@code <name>-summary.csv} (per arm: mean top-1, mCE, relative mCE and each corruption's CE, mean and sample std
 * over seeds), {@code <name>-corruptions.csv} (per arm and set: top-1 mean and std over seeds) and {@code <name>.json}
 * (every seed's {@link ImageNetCScore}). Percentages throughout (mCE 100 = AlexNet's).
 */
public final class ImageNetCReport {

    /**
     * One arm's scores.
     *
     * @param label the arm's row label
     * @param seeds its seeds
     * @param scores one per seed, in seed order
     */
    public record Row(String label, List<Long> seeds, List<ImageNetCScore> scores) {

        /** Copies the lists and checks they match. */
        public Row {
            seeds = List.copyOf(seeds);
            scores = List.copyOf(scores);
            if (seeds.size() != scores.size() || seeds.isEmpty()) {
                throw new IllegalArgumentException("row '" + label + "': expected one score per seed, got "
                        + scores.size() + " scores for " + seeds.size() + " seeds");
            }
        }
    }

    private ImageNetCReport() {}

    /** Mean and sample standard deviation (NaN with one value) of {@code f} over a row's seeds. */
    static double[] stats(Row row, ToDoubleFunction<ImageNetCScore> f) {
        double[] v = row.scores().stream().mapToDouble(f).toArray();
        double mean = 0;
        for (double x : v) {
            mean += x;
        }
        mean /= v.length;
        if (v.length < 2) {
            return new double[] {mean, Double.NaN};
        }
        double ss = 0;
        for (double x : v) {
            ss += (x - mean) * (x - mean);
        }
        return new double[] {mean, Math.sqrt(ss / (v.length - 1))};
    }

    /** The per-arm summary as CSV. */
    public static String summaryCsv(List<Row> rows) {
        Set<String> corruptions = new LinkedHashSet<>();
        for (Row r : rows) {
            r.scores().forEach(s -> corruptions.addAll(s.ce().keySet()));
        }
        StringBuilder b = new StringBuilder("method,seeds,complete,mean_top1_mean,mean_top1_std,mce_mean,mce_std,"
                + "relative_mce_mean,relative_mce_std");
        for (String c : corruptions) {
            b.append(",ce_").append(c).append("_mean,ce_").append(c).append("_std");
        }
        b.append('\n');
        for (Row r : rows) {
            boolean complete = r.scores().stream().allMatch(ImageNetCScore::complete);
            b.append(csvField(r.label())).append(',').append(r.seeds().size()).append(',').append(complete);
            append(b, stats(r, ImageNetCScore::meanTop1));
            append(b, stats(r, ImageNetCScore::mce));
            append(b, stats(r, ImageNetCScore::relativeMce));
            for (String c : corruptions) {
                append(b, stats(r, s -> s.ce().getOrDefault(c, Double.NaN)));
            }
            b.append('\n');
        }
        return b.toString();
    }

    /** The per-arm, per-set top-1 as CSV. */
    public static String corruptionsCsv(List<Row> rows) {
        StringBuilder b = new StringBuilder("method,corruption,severity,seeds,top1_mean,top1_std\n");
        for (Row r : rows) {
            for (Map.Entry<String, Map<Integer, Double>> c : r.scores().get(0).top1().entrySet()) {
                for (int severity : c.getValue().keySet()) {
                    b.append(csvField(r.label())).append(',').append(c.getKey()).append(',').append(severity)
                            .append(',').append(r.seeds().size());
                    append(b, stats(r, s -> s.top1(c.getKey(), severity)));
                    b.append('\n');
                }
            }
        }
        return b.toString();
    }

    /**
     * Writes {@code <name>-summary.csv}, {@code <name>-corruptions.csv} and {@code <name>.json} into {@code dir},
     * atomically.
     *
     * @return the three files
     */
    public static List<Path> write(Path dir, String name, List<Row> rows) {
        List<Path> files = List.of(dir.resolve(name + "-summary.csv"), dir.resolve(name + "-corruptions.csv"),
                dir.resolve(name + ".json"));
        List<Map<String, Object>> json = new ArrayList<>();
        for (Row r : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("label", r.label());
            m.put("seeds", r.seeds());
            m.put("scores", r.scores().stream().map(ImageNetCReport::toJson).toList());
            json.add(m);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("benchmark", name);
        root.put("alexnet_clean_error", ImageNetCScore.ALEXNET_CLEAN_ERROR);
        root.put("rows", json);
        try {
            AtomicFiles.writeString(files.get(0), summaryCsv(rows));
            AtomicFiles.writeString(files.get(1), corruptionsCsv(rows));
            AtomicFiles.writeString(files.get(2), Json.write(root) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the ImageNet-C report to " + dir, e);
        }
        return files;
    }

    /** A score as JSON-ready maps (NaN as null). */
    public static Map<String, Object> toJson(ImageNetCScore s) {
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Map<String, Double>> top1 = new LinkedHashMap<>();
        s.top1().forEach((c, bySeverity) -> {
            Map<String, Double> t = new LinkedHashMap<>();
            bySeverity.forEach((k, v) -> t.put(Integer.toString(k), v));
            top1.put(c, t);
        });
        m.put("top1", top1);
        m.put("mean_top1", finite(s.meanTop1()));
        m.put("mce", finite(s.mce()));
        m.put("relative_mce", finite(s.relativeMce()));
        m.put("ce", s.ce());
        m.put("relative_ce", s.relativeCe());
        m.put("complete", s.complete());
        return m;
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static void append(StringBuilder b, double[] meanStd) {
        b.append(',').append(percent(meanStd[0])).append(',').append(percent(meanStd[1]));
    }

    private static String percent(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4f", 100 * v) : "";
    }

    private static String csvField(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
