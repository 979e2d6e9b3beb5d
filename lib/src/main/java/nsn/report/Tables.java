package nsn.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import nsn.eval.LinearEvalConfig;
import nsn.experiment.Arm;
import nsn.experiment.GridConfig;
import nsn.experiment.OodSet;
import nsn.experiment.NegativeSamplesFigure;
import nsn.experiment.QuickstartConfig;
import nsn.experiment.QuickstartExperiment;
import nsn.train.MocoConfig;
import nsn.train.PretrainConfig;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

/**
 * A run's numbers as Tablesaw tables, for notebooks (nsn's kernel shows a table as HTML; other kernels print it):
 * {@link #metrics} reads {@code metrics.csv}, {@link #results} lays out a quickstart result, {@link #config} the
 * settings of a quickstart configuration, {@link #arms} the rows of a comparison, {@link #negativeSampleTimings}
 * what Figure 1's negatives cost.
 */
public final class Tables {

    private Tables() {}

    /**
     * The rows of a run's {@code metrics.csv} ({@link RunDirectory#METRIC_COLUMNS}: stage, epoch, loss, lr, seconds,
     * images_per_second), one per finished epoch. Columns whose values are all integers become int columns, numeric
     * ones double columns, others text.
     *
     * @throws UncheckedIOException naming the file when it cannot be read
     * @throws IllegalArgumentException naming the file and line when a row has the wrong number of fields
     */
    public static Table metrics(Path metricsCsv) {
        List<String> lines;
        try {
            lines = Files.readAllLines(metricsCsv, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + metricsCsv.toAbsolutePath(), e);
        }
        lines.removeIf(String::isBlank);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException(metricsCsv.toAbsolutePath() + " is empty (no header)");
        }
        String[] header = lines.get(0).split(",", -1);
        List<String[]> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String[] fields = lines.get(i).split(",", -1);
            if (fields.length != header.length) {
                throw new IllegalArgumentException(metricsCsv.toAbsolutePath() + " line " + (i + 1) + " has "
                        + fields.length + " fields, the header " + header.length);
            }
            rows.add(fields);
        }
        List<Column<?>> columns = new ArrayList<>();
        for (int c = 0; c < header.length; c++) {
            columns.add(column(header[c].strip(), rows, c));
        }
        return Table.create(metricsCsv.getParent() == null ? "metrics" : metricsCsv.getParent().getFileName()
                + "/" + metricsCsv.getFileName(), columns);
    }

    private static Column<?> column(String name, List<String[]> rows, int c) {
        boolean ints = true;
        boolean numbers = true;
        for (String[] row : rows) {
            String v = row[c].strip();
            ints &= v.matches("-?\\d{1,9}");
            numbers &= isNumber(v);
        }
        if (ints) {
            IntColumn col = IntColumn.create(name);
            rows.forEach(r -> col.append(Integer.parseInt(r[c].strip())));
            return col;
        }
        if (numbers) {
            DoubleColumn col = DoubleColumn.create(name);
            rows.forEach(r -> col.append(Double.parseDouble(r[c].strip())));
            return col;
        }
        StringColumn col = StringColumn.create(name);
        rows.forEach(r -> col.append(r[c].strip()));
        return col;
    }

    private static boolean isNumber(String v) {
        try {
            Double.parseDouble(v);
            return !v.isEmpty();
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * A quickstart result as rows of metric and value: the linear-probe top-1 of the pretrained and of the
     * random-init backbone (in %), the improvement in points, the final pretraining loss and the wall times.
     */
    public static Table results(QuickstartExperiment.Result result) {
        StringColumn metric = StringColumn.create("metric");
        DoubleColumn value = DoubleColumn.create("value");
        StringColumn unit = StringColumn.create("unit");
        add(metric, value, unit, "linear top-1, pretrained backbone", 100 * result.linearTop1(), "%");
        add(metric, value, unit, "linear top-1, random-init backbone", 100 * result.randomInitLinearTop1(), "%");
        add(metric, value, unit, "improvement", result.improvementPoints(), "points");
        add(metric, value, unit, "final pretraining loss (Eq. 1)", result.pretrainFinalLoss(), "");
        add(metric, value, unit, "pretraining time", result.pretrainSeconds(), "s");
        add(metric, value, unit, "total time", result.totalSeconds(), "s");
        value.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(2));
        return Table.create("quickstart results", metric, value, unit);
    }

    private static void add(StringColumn metric, DoubleColumn value, StringColumn unit, String name, double v,
            String u) {
        metric.append(name);
        value.append(v);
        unit.append(u);
    }

    /** The settings of a quickstart configuration that define the experiment, as rows of setting and value. */
    public static Table config(QuickstartConfig config) {
        StringColumn setting = StringColumn.create("setting");
        StringColumn value = StringColumn.create("value");
        PretrainConfig p = config.pretrain();
        MocoConfig m = p.moco();
        LinearEvalConfig l = config.linear();
        String[][] rows = {
            {"dataset", config.dataset()},
            {"pretraining images", config.pretrainImages() == 0 ? "all" : String.valueOf(config.pretrainImages())},
            {"encoder", p.encoder().label() + " (width " + p.encoder().width() + "), "
                    + p.encoder().imageSize() + " px"},
            {"projection head", !p.encoder().mlpHead() ? "linear → " + p.encoder().projectionDim()
                    : "MLP " + p.encoder().featureDim() + " → " + p.encoder().headHidden()
                            + (p.encoder().headBatchNorm() ? " → BatchNorm" : "") + " → ReLU → "
                            + p.encoder().projectionDim()},
            {"method", p.method().kind().id() + (p.method().kind() == nsn.train.MethodConfig.Kind.BYOL
                    ? " (predictor " + p.method().predictorHidden() + ", τ_base " + fmt(p.method().targetMomentumBase())
                            + ")" : "")},
            {"epochs × batch", p.epochs() + " × " + p.batchSize()},
            {"learning rate (cosine)", fmt(p.lr())},
            {"optimizer, momentum, weight decay", p.optimizer().describe() + ", " + fmt(p.sgdMomentum()) + ", "
                    + fmt(p.weightDecay())},
            switch (p.method().kind()) {
                case MOCO_V2 -> new String[] {"queue K, momentum m, temperature τ", m.queueSize() + ", "
                        + fmt(m.keyMomentum()) + ", " + fmt(m.temperature())};
                case SIMCLR -> new String[] {"temperature τ (NT-Xent)", fmt(m.temperature())};
                case BYOL -> new String[] {"temperature τ", "none (BYOL regresses; τ applies to moco and simclr)"};
            },
            {p.method().kind() == nsn.train.MethodConfig.Kind.BYOL ? "α (Eq. 2)" : "α (Eq. 1), mode",
                    fmt(m.alpha()) + (p.method().kind() == nsn.train.MethodConfig.Kind.BYOL ? ""
                            : ", " + p.method().alphaMode().name().toLowerCase(java.util.Locale.ROOT))},
            {"non-semantic negatives per image", m.nonSemanticPerImage() + " (" + p.negativeSource().id() + ")"},
            switch (p.negativeSource()) {
                case PATCH -> new String[] {"patch size d (px)", "U(" + p.patchMin() + ", " + p.patchMax() + ")"};
                case TEXTURE -> new String[] {"texture dataset", p.textureDir().toString()};
                case NONE -> new String[] {"non-semantic term", "off (MoCo-v2)"};
            },
            {"linear probe", l.protocol().id() + ", " + l.epochs() + " epochs, batch " + l.batchSize() + ", lr "
                    + fmt(l.lr()) + (l.lrMilestones().isEmpty() ? " cosine" : " ×0.1 at epochs " + l.lrMilestones())
                    + (l.trainImages() > 0 ? ", on " + l.trainImages() + " training images" : "")},
            {"seed", String.valueOf(p.seed())},
            {"device", config.device()},
            {"data", config.dataDir().toString()},
            {"output", config.outputDir().toString()},
        };
        for (String[] row : rows) {
            setting.append(row[0]);
            value.append(row[1]);
        }
        return Table.create("quickstart configuration", setting, value);
    }

    /**
     * The settings of a comparison grid ({@code Table1Config.grid()} and the like): {@link #config} of its base
     * recipe with the grid's seeds instead of the base's (every run replaces it), then the in-domain test images and
     * the out-of-domain sets.
     */
    public static Table grid(GridConfig grid) {
        Table t = config(grid.base());
        StringColumn setting = t.stringColumn("setting");
        StringColumn value = t.stringColumn("value");
        int seed = setting.asList().indexOf("seed");
        setting.set(seed, "seeds (one run per row and seed)");
        value.set(seed, grid.seeds().toString());
        setting.append("test images (in domain; as many of each OOD set)");
        value.append(grid.testImages() == 0 ? "all" : String.valueOf(grid.testImages()));
        setting.append("out-of-domain sets");
        value.append(grid.ood().isEmpty() ? "none" : String.join(", ", grid.ood().stream().map(OodSet::name)
                .toList()));
        return t.setName("grid configuration");
    }

    /**
     * The rows of a comparison (e.g. {@code Table1Experiment.arms}), one per arm: its label, run folder, method,
     * queue size K (MoCo only), α, the non-semantic negatives per image and their kind, and whether it pretrains
     * (the random-init reference row does not).
     */
    public static Table arms(List<Arm> arms) {
        StringColumn label = StringColumn.create("row");
        StringColumn folder = StringColumn.create("folder");
        StringColumn method = StringColumn.create("method");
        StringColumn queue = StringColumn.create("K");
        StringColumn alpha = StringColumn.create("α");
        StringColumn negatives = StringColumn.create("non-semantic negatives");
        StringColumn pretrains = StringColumn.create("pretrains");
        for (Arm arm : arms) {
            PretrainConfig p = arm.pretrain();
            MocoConfig m = p.moco();
            boolean moco = p.method().kind() == nsn.train.MethodConfig.Kind.MOCO_V2;
            label.append(arm.label());
            folder.append(arm.slug());
            method.append(p.method().kind().id() + (p.augment().jitterProb() == 0f ? " (no colour jitter)"
                    : ""));
            queue.append(moco ? String.valueOf(m.queueSize()) : "");
            alpha.append(m.nonSemanticPerImage() == 0 ? "0" : fmt(m.alpha()));
            negatives.append(m.nonSemanticPerImage() == 0 ? "none"
                    : m.nonSemanticPerImage() + " " + p.negativeSource().id());
            pretrains.append(arm.pretrains() ? "yes" : "no (reference)");
        }
        return Table.create("rows", label, folder, method, queue, alpha, negatives, pretrains);
    }

    /**
     * What each negative of a Figure 1 run cost, one row per image: its size, the texture synthesis (§2.2) on one
     * thread in seconds of wall and CPU time, and one patch-based negative (§2.3) in microseconds.
     */
    public static Table negativeSampleTimings(NegativeSamplesFigure.Result result) {
        StringColumn image = StringColumn.create("image");
        StringColumn size = StringColumn.create("image size");
        DoubleColumn texture = DoubleColumn.create("texture negative (s)");
        DoubleColumn textureCpu = DoubleColumn.create("texture negative, CPU (s)");
        DoubleColumn patch = DoubleColumn.create("patch negative (µs)");
        for (NegativeSamplesFigure.Row row : result.rows()) {
            image.append(row.name());
            size.append(row.input().width() + "×" + row.input().height());
            texture.append(row.textureSeconds());
            textureCpu.append(row.textureCpuSeconds());
            patch.append(row.patchMicros());
        }
        texture.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(3));
        textureCpu.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(3));
        patch.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(1));
        int s = result.config().outputSize();
        return Table.create("negative-sample timings at " + s + "×" + s + " px, one thread", image, size, texture,
                textureCpu, patch);
    }

    private static String fmt(float v) {
        return v == Math.rint(v) ? String.valueOf((int) v) : String.valueOf(v);
    }
}
