package nsn.experiment;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import nsn.augment.AugmentConfig;
import nsn.augment.Normalization;
import nsn.data.ImageDataset;
import nsn.data.Split;
import nsn.eval.GroupAccuracy;
import nsn.eval.LinearProbe;
import nsn.model.Encoder;
import nsn.report.AtomicFiles;
import nsn.report.Charts;
import nsn.report.Json;
import nsn.report.Progress;
import nsn.report.Provenance;
import nsn.report.RunDirectory;
import nsn.shape.CategoryMapping;
import nsn.shape.CueConflictBuilder;
import nsn.shape.CueConflictSet;
import nsn.shape.ShapeBias;
import nsn.train.Checkpoint;
import nsn.train.NamedCheckpoint;
import nsn.train.PretrainConfig;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

/**
 * The shape bias of §4.1 (Fig. 6a–b): for each pretrained model, a linear probe on its frozen backbone (fitted on the
 * dataset's training split) classifies Geirhos-style cue-conflict stimuli, and the shape bias, shape accuracy and
 * texture accuracy are computed ({@link ShapeBias}) beside the in-domain top-1. On ImageNet models the probe's 100
 * classes are aggregated into Geirhos' 16 categories (7 of which ImageNet-100 has); on the small datasets the
 * stimuli are nsn's analogues made from the test split ({@link CueConflictBuilder}) and the categories are the
 * classes. Writes {@value #CSV}, {@value #TXT}, {@value #PNG}, {@code results.json} and {@code provenance.json};
 * each model's numbers go to {@code models/<n>.json} as soon as they are known and are reused by a rerun with the
 * same checkpoint, probe and stimuli.
 */
public final class ShapeBiasExperiment {

    /** The table as CSV. */
    public static final String CSV = "shape-bias.csv";
    /** The table as text. */
    public static final String TXT = "shape-bias.txt";
    /** The bar chart. */
    public static final String PNG = "shape-bias.png";
    /** Folder of the stimuli made from the test split. */
    public static final String STIMULI = "stimuli";
    /** Row name of the random-init reference. */
    public static final String RANDOM_INIT = "Random init (no pretraining)";

    /**
     * One model's numbers.
     *
     * @param model row name
     * @param inDomainTop1 probe top-1 on the in-domain test set, in [0, 1]
     * @param bias shape bias and hit rates on the stimuli
     * @param coarseFine coarse and fine accuracy on the test images of the configured groups, or null without groups
     */
    public record Row(String model, double inDomainTop1, ShapeBias bias, GroupAccuracy coarseFine) {}

    /**
     * Output of {@link #run}.
     *
     * @param rows one per model, in the configuration's order (random init last)
     * @param stimuli the stimuli folder
     * @param stimuliCount stimuli in it
     * @param outputDir the output folder
     */
    public record Result(List<Row> rows, Path stimuli, int stimuliCount, Path outputDir) {

        /** Copies the list. */
        public Result {
            rows = List.copyOf(rows);
        }

        /** One row per model: in-domain top-1, shape bias, shape and texture accuracy (percent), stimuli scored. */
        public Table table() {
            StringColumn model = StringColumn.create("model");
            DoubleColumn top1 = DoubleColumn.create("in-domain top-1 (%)");
            DoubleColumn bias = DoubleColumn.create("shape bias");
            DoubleColumn shape = DoubleColumn.create("shape acc. (%)");
            DoubleColumn texture = DoubleColumn.create("texture acc. (%)");
            IntColumn scored = IntColumn.create("stimuli scored");
            DoubleColumn coarse = DoubleColumn.create("coarse acc. (%)");
            DoubleColumn fine = DoubleColumn.create("fine acc. (%)");
            boolean grouped = rows.stream().anyMatch(r -> r.coarseFine() != null);
            for (Row r : rows) {
                coarse.append(r.coarseFine() == null ? Double.NaN : 100 * r.coarseFine().coarse());
                fine.append(r.coarseFine() == null ? Double.NaN : 100 * r.coarseFine().fine());
                model.append(r.model());
                top1.append(100 * r.inDomainTop1());
                bias.append(r.bias().shapeBias());
                shape.append(100 * r.bias().shapeAccuracy());
                texture.append(100 * r.bias().textureAccuracy());
                scored.append(r.bias().evaluated());
            }
            top1.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(2));
            bias.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(3));
            shape.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(2));
            texture.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(2));
            coarse.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(2));
            fine.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(2));
            Table t = Table.create("shape bias on " + stimuliCount + " cue-conflict stimuli (" + stimuli.getFileName()
                    + ")", model, top1, bias, shape, texture, scored);
            return grouped ? t.addColumns(coarse, fine) : t;
        }

        /** Bars per model: shape bias, shape accuracy and texture accuracy (all as fractions). */
        public CategoryChart chart() {
            CategoryChart c = new CategoryChartBuilder().width(Charts.WIDTH).height(Charts.HEIGHT)
                    .title("Shape bias (§4.1)").xAxisTitle("model").yAxisTitle("fraction").build();
            List<String> names = rows.stream().map(Row::model).toList();
            c.addSeries("shape bias", names, rows.stream().map(r -> nanToZero(r.bias().shapeBias())).toList());
            c.addSeries("shape accuracy", names, rows.stream().map(r -> nanToZero(r.bias().shapeAccuracy())).toList());
            c.addSeries("texture accuracy", names,
                    rows.stream().map(r -> nanToZero(r.bias().textureAccuracy())).toList());
            c.getStyler().setYAxisMin(0.0).setYAxisMax(1.0).setXAxisLabelRotation(20);
            return c;
        }

        private static Double nanToZero(double v) {
            return Double.isNaN(v) ? 0.0 : v;
        }
    }

    private ShapeBiasExperiment() {}

    /** Evaluates every model of {@code config}; see the class comment. */
    public static Result run(ShapeBiasConfig config) {
        DatasetSpec spec = DatasetSpec.of(config.dataset());
        ImageDataset train = spec.load(config.dataDir(), Split.TRAIN);
        ImageDataset test = spec.load(config.dataDir(), Split.TEST);
        Progress progress = Progress.console(config.quiet());
        RunDirectory root = RunDirectory.open(config.outputDir());
        Path stimuliDir = stimuli(config, test, progress);
        CategoryMapping mapping = test.classes().stream().allMatch(c -> c.matches("n\\d{8}"))
                ? CategoryMapping.geirhos16(test.classes()) : CategoryMapping.identity(test.classes());
        ImageDataset probeTrain = Experiments.subset(train, config.linear().trainImages(), config.seed());
        List<int[]> groups = new ArrayList<>();
        config.coarseGroups().forEach((g, classes) -> {
            int[] members = classes.stream().mapToInt(c -> test.classes().indexOf(c)).filter(k -> k >= 0).toArray();
            if (members.length == 0) {
                throw new IllegalArgumentException("coarseGroups: no class of group '" + g + "' (" + classes + ") is"
                        + " a class of " + test.name());
            }
            if (members.length < classes.size()) {
                System.err.printf(Locale.ROOT, "coarse group '%s': %d of its %d classes are classes of %s%n", g,
                        members.length, classes.size(), test.name());
            }
            groups.add(members);
        });
        ImageDataset testSet = Experiments.subset(test, config.testImages(), config.seed());
        Device device = Experiments.device(config.device());
        Map<String, String> fingerprints = new LinkedHashMap<>();
        fingerprints.put(train.name(), train.fingerprint());
        fingerprints.put(test.name(), test.fingerprint());
        List<Row> rows = new ArrayList<>();
        CueConflictSet stimuli = null;
        PretrainConfig first = null;
        try (NDManager manager = NDManager.newBaseManager(device)) {
            List<NamedCheckpoint> models = new ArrayList<>(config.models());
            int count = models.size() + (config.randomInit() ? 1 : 0);
            for (int i = 0; i < count; i++) {
                boolean random = i == models.size();
                String name = random ? RANDOM_INIT : models.get(i).name();
                Path checkpoint = random ? models.get(0).checkpoint() : models.get(i).checkpoint();
                PretrainConfig pc;
                try {
                    pc = Checkpoint.readConfig(checkpoint);
                } catch (IOException e) {
                    throw new UncheckedIOException("model '" + name + "': cannot read " + checkpoint + ": "
                            + e.getMessage(), e);
                }
                if (first == null) {
                    first = pc;
                }
                if (stimuli == null || stimuli.height() != pc.encoder().imageSize()) {
                    stimuli = CueConflictSet.read(stimuliDir, test.channels(), pc.encoder().imageSize());
                    fingerprints.put("stimuli", stimuli.fingerprint());
                }
                System.err.printf(Locale.ROOT, "[%d/%d] %s%n", i + 1, count, name);
                rows.add(evaluate(config, root, i, name, random ? null : checkpoint, pc, probeTrain, testSet,
                        stimuli, mapping, train, groups, manager, progress));
            }
        }
        root.writeProvenance(Provenance.collect("shape-bias", config.seed(), config, fingerprints, device));
        Result result = new Result(rows, stimuliDir, stimuli.size(), config.outputDir());
        write(result, mapping, root);
        return result;
    }

    /**
     * The stimuli folder of {@code config}: {@link ShapeBiasConfig#stimuli()} when given; otherwise
     * {@code <outputDir>/}{@value #STIMULI}, where the stimuli made from the dataset's test split
     * ({@link CueConflictBuilder#writeCueConflict}, {@code stimuliPerClass} per class, the config's seed) that are
     * missing are written first and those present are kept. {@link #run} calls it, so calling it before gives the
     * stimuli that run will score.
     */
    public static Path stimuli(ShapeBiasConfig config) {
        return stimuli(config, DatasetSpec.of(config.dataset()).load(config.dataDir(), Split.TEST),
                Progress.console(config.quiet()));
    }

    private static Path stimuli(ShapeBiasConfig config, ImageDataset test, Progress progress) {
        if (config.stimuli() != null) {
            return config.stimuli();
        }
        Path dir = config.outputDir().resolve(STIMULI);
        System.err.printf(Locale.ROOT, "making %d cue-conflict stimuli per class from %s -> %s%n",
                config.stimuliPerClass(), test.name(), dir);
        CueConflictBuilder.writeCueConflict(test, dir, config.stimuliPerClass(),
                CueConflictBuilder.DEFAULT_GUIDE_WEIGHT, config.seed(), config.workers(), progress);
        return dir;
    }

    private static Row evaluate(ShapeBiasConfig config, RunDirectory root, int index, String name, Path checkpoint,
            PretrainConfig pc, ImageDataset probeTrain, ImageDataset test, CueConflictSet stimuli,
            CategoryMapping mapping, ImageDataset train, List<int[]> groups, NDManager manager, Progress progress) {
        Map<String, Object> key = new LinkedHashMap<>();
        key.put("model", name);
        key.put("checkpoint", checkpoint == null ? "random-init" : checkpoint.toAbsolutePath().toString());
        try {
            key.put("checkpoint_bytes", checkpoint == null ? 0 : Files.size(checkpoint));
            key.put("checkpoint_modified", checkpoint == null ? 0 : Files.getLastModifiedTime(checkpoint).toMillis());
        } catch (IOException e) {
            throw new UncheckedIOException("model '" + name + "': " + e.getMessage(), e);
        }
        key.put("linear", config.linear());
        key.put("test_images", config.testImages());
        key.put("stimuli", stimuli.fingerprint());
        key.put("seed", config.seed());
        key.put("coarse_groups", config.coarseGroups());
        JsonElement keyJson = JsonParser.parseString(Json.write(key));
        Path file = root.resolve("models").resolve(String.format(Locale.ROOT, "%02d.json", index));
        Row previous = readPrevious(file, keyJson, name);
        if (previous != null) {
            System.err.printf(Locale.ROOT, "  finished earlier: shape bias %.3f%n", previous.bias().shapeBias());
            return previous;
        }
        AugmentConfig a = pc.augment();
        if (a.needsNormalization()) {
            a = a.withNormalization(Normalization.estimate(train, 10_000));
        }
        LinearProbe.MultiResult probe;
        try (Encoder encoder = Encoder.create(pc.encoder(), manager, config.seed())) {
            if (checkpoint != null) {
                Checkpoint.loadQueryEncoder(checkpoint, encoder);
            }
            List<ImageDataset> scored = groups.isEmpty() ? List.of(stimuli) : List.of(stimuli, test);
            probe = LinearProbe.evaluate(encoder, probeTrain, List.of(test), scored, a.mean(), a.std(),
                    config.linear(), config.seed(), config.workers(), manager, progress);
        } catch (IOException e) {
            throw new UncheckedIOException("model '" + name + "': " + e.getMessage(), e);
        }
        ShapeBias bias = ShapeBias.score(probe.scores().get(0), stimuli, mapping);
        if (bias.evaluated() == 0) {
            throw new IllegalArgumentException("no stimulus of " + stimuli.name() + " has a shape and a texture"
                    + " category the model knows (" + mapping.categories() + "): wrong stimuli for " + config.dataset());
        }
        GroupAccuracy coarseFine = null;
        if (!groups.isEmpty()) {
            int[] labels = new int[test.size()];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = test.label(i);
            }
            coarseFine = GroupAccuracy.score(probe.scores().get(1), test.numClasses(), labels, groups);
        }
        Row row = new Row(name, probe.testTop1()[0], bias, coarseFine);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("key", keyJson);
        out.put("in_domain_top1", row.inDomainTop1());
        out.put("shape_bias", bias);
        if (coarseFine != null) {
            out.put("coarse_fine", coarseFine);
        }
        try {
            AtomicFiles.writeString(file, Json.write(out));
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e); // AtomicFiles names the file
        }
        System.err.printf(Locale.ROOT, "  in-domain top-1 %.2f%%, shape bias %.3f (%d shape, %d texture hits of %d)%n",
                100 * row.inDomainTop1(), bias.shapeBias(), bias.shapeHits(), bias.textureHits(), bias.evaluated());
        return row;
    }

    private static Row readPrevious(Path file, JsonElement key, String name) {
        if (!Files.exists(file)) {
            return null;
        }
        try {
            JsonObject json = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
            if (!key.equals(json.get("key"))) {
                throw new IllegalStateException(file + " holds model " + name + "'s result for another configuration"
                        + " (checkpoint, stimuli, probe or seed differ); nsn does not overwrite it: use another"
                        + " output folder (-o) or delete " + file);
            }
            JsonObject b = json.getAsJsonObject("shape_bias");
            List<String> categories = new ArrayList<>();
            b.getAsJsonArray("categories").forEach(c -> categories.add(c.getAsString()));
            ShapeBias bias = new ShapeBias(number(b, "shapeBias"), number(b, "shapeAccuracy"),
                    number(b, "textureAccuracy"), b.get("shapeHits").getAsInt(), b.get("textureHits").getAsInt(),
                    b.get("evaluated").getAsInt(), b.get("excluded").getAsInt(), categories);
            JsonObject cf = json.has("coarse_fine") ? json.getAsJsonObject("coarse_fine") : null;
            GroupAccuracy coarseFine = cf == null ? null
                    : new GroupAccuracy(number(cf, "coarse"), number(cf, "fine"), cf.get("images").getAsInt());
            return new Row(name, json.get("in_domain_top1").getAsDouble(), bias, coarseFine);
        } catch (IllegalStateException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            return null; // unreadable (atomic writes make this a foreign file): evaluate again
        }
    }

    /** A number that {@link Json} may have written as null (NaN). */
    private static double number(JsonObject o, String field) {
        JsonElement e = o.get(field);
        return e == null || e.isJsonNull() ? Double.NaN : e.getAsDouble();
    }

    /** The table's numbers as CSV, fractions in [0, 1]. */
    static String csv(Result r) {
        StringBuilder b = new StringBuilder("model,in_domain_top1,shape_bias,shape_accuracy,texture_accuracy,"
                + "shape_hits,texture_hits,stimuli_scored,coarse_accuracy,fine_accuracy\n");
        for (Row row : r.rows()) {
            ShapeBias s = row.bias();
            b.append('"').append(row.model().replace("\"", "\"\"")).append('"').append(String.format(Locale.ROOT,
                    ",%.6f,%.6f,%.6f,%.6f,%d,%d,%d,%.6f,%.6f%n", row.inDomainTop1(), s.shapeBias(),
                    s.shapeAccuracy(), s.textureAccuracy(), s.shapeHits(), s.textureHits(), s.evaluated(),
                    row.coarseFine() == null ? Double.NaN : row.coarseFine().coarse(),
                    row.coarseFine() == null ? Double.NaN : row.coarseFine().fine()));
        }
        return b.toString();
    }

    private static void write(Result r, CategoryMapping mapping, RunDirectory root) {
        Table t = r.table();
        Map<String, Object> results = new LinkedHashMap<>();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Row row : r.rows()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("model", row.model());
            m.put("in_domain_top1", row.inDomainTop1());
            m.put("shape_bias", row.bias());
            if (row.coarseFine() != null) {
                m.put("coarse_fine", row.coarseFine());
            }
            rows.add(m);
        }
        results.put("stimuli", r.stimuli().toAbsolutePath().toString());
        results.put("stimuli_count", r.stimuliCount());
        results.put("categories", mapping.categories());
        results.put("rows", rows);
        try {
            AtomicFiles.writeString(root.resolve(CSV), csv(r));
            AtomicFiles.writeString(root.resolve(TXT), t.print() + "\n");
            AtomicFiles.write(root.resolve(PNG), o -> ImageIO.write(Charts.toImage(r.chart()), "png", o));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the shape-bias outputs to " + root.path() + ": "
                    + e.getMessage(), e);
        }
        root.writeResults(results);
    }
}
