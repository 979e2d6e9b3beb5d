package nsn.experiment;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import nsn.augment.AugmentConfig;
import nsn.augment.Normalization;
import nsn.data.ImageDataset;
import nsn.data.Split;
import nsn.eval.LinearEvalConfig;
import nsn.eval.LinearProbe;
import nsn.model.Encoder;
import nsn.negatives.TextureDatasets;
import nsn.ood.ClassMapping;
import nsn.ood.ImageNetC;
import nsn.ood.ImageNetCReport;
import nsn.ood.ImageNetCScore;
import nsn.ood.MappedImageFolder;
import nsn.report.AtomicFiles;
import nsn.report.Json;
import nsn.report.Progress;
import nsn.report.Provenance;
import nsn.report.RunDirectory;
import nsn.train.Checkpoint;
import nsn.train.NegativeSource;
import nsn.train.PretrainConfig;
import nsn.train.Pretrainer;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * A multi-seed comparison of pretraining recipes, the machinery of the paper's tables: for every {@link Arm} and
 * seed, pretraining into {@code <out>/<arm slug>/seed-<n>/}, then the linear probe of the frozen backbone, fitted once
 * on the training features and evaluated on the in-domain test set and on every out-of-domain set; then the mean and
 * sample standard deviation over seeds of each arm, as a table with one row per arm.
 *
 * <p>A grid can be killed and rerun with the same output folder: a run whose {@code results.json} holds the numbers
 * of the same configuration is not repeated (its numbers are read back), a half-trained run resumes from its
 * checkpoint, and a finished run that lacks a newly added out-of-domain column is probed again without
 * pretraining. A folder holding the results of another configuration is refused. Each run writes
 * {@code provenance.json}, {@code metrics.csv}, {@code checkpoint.bin} and {@code results.json}; the grid writes
 * {@code table.csv}, {@code table.txt}, {@code results.json} and {@code provenance.json} to the output folder, all
 * atomically, and rewrites the table files after each finished row (titled "partial" until the last).
 *
 * <p>An ImageNet-C set of the grid ({@link OodSet#corruptions()}) is one column, the mean top-1 over its
 * (corruption, severity) sets, each scored by the same fitted probe; each run's {@code results.json} also holds its
 * per-set top-1 and mCE ({@link ImageNetCScore}, under {@code imagenet_c}), and the grid writes
 * {@code <name>-summary.csv}, {@code <name>-corruptions.csv} and {@code <name>.json} ({@link ImageNetCReport}) next to
 * the table.
 */
public final class Comparison {

    /** Seed of the fixed linear-probe training and test subsets, shared by every run so that rows compare. */
    public static final long PROBE_SUBSET_SEED = 0;

    /** Images per forward pass of the feature extraction. */

    /**
     * One arm's numbers over the seeds.
     *
     * @param label row label
     * @param slug folder name of the arm
     * @param seeds seeds, in grid order
     * @param top1 top-1 accuracy in [0, 1], {@code top1[set][seed]}, sets in the order of {@link Result#sets()}
     */
    public record Row(String label, String slug, List<Long> seeds, double[][] top1) {

        /** Copies the values. */
        public Row {
            seeds = List.copyOf(seeds);
            top1 = Arrays.stream(top1).map(double[]::clone).toArray(double[][]::new);
        }

        /** The per-seed accuracies on set {@code set}. */
        public double[] values(int set) {
            return top1[set].clone();
        }

        /** Mean and standard deviation over seeds on set {@code set}. */
        public SeedStats stats(int set) {
            return SeedStats.of(top1[set]);
        }

        @Override
        public double[][] top1() {
            return Arrays.stream(top1).map(double[]::clone).toArray(double[][]::new);
        }
    }

    /**
     * A finished comparison.
     *
     * @param title table title
     * @param sets test-set names: the in-domain dataset id first, then the out-of-domain sets
     * @param rows one per arm, in the order given
     * @param outputDir the grid's folder
     * @param seconds wall time of this call
     * @param reusedRuns runs whose results were read back instead of recomputed
     * @param corruptions per ImageNet-C column (by name), one row per arm in row order with each seed's
     *     {@link ImageNetCScore} (mCE and per-set top-1); empty without such a column
     */
    public record Result(String title, List<String> sets, List<Row> rows, Path outputDir, double seconds,
            int reusedRuns, Map<String, List<ImageNetCReport.Row>> corruptions) {

        /** Copies the lists. */
        public Result {
            sets = List.copyOf(sets);
            rows = List.copyOf(rows);
            Map<String, List<ImageNetCReport.Row>> c = new LinkedHashMap<>();
            (corruptions == null ? Map.<String, List<ImageNetCReport.Row>>of() : corruptions)
                    .forEach((k, v) -> c.put(k, List.copyOf(v)));
            corruptions = java.util.Collections.unmodifiableMap(c);
        }

        /** A result without ImageNet-C columns. */
        public Result(String title, List<String> sets, List<Row> rows, Path outputDir, double seconds,
                int reusedRuns) {
            this(title, sets, rows, outputDir, seconds, reusedRuns, Map.of());
        }

        /**
         * The ImageNet-C scores of the row labelled {@code label} in the ImageNet-C column {@code column}, one per
         * seed.
         *
         * @throws IllegalArgumentException naming the columns or rows there are
         */
        public List<ImageNetCScore> corruptionScores(String column, String label) {
            List<ImageNetCReport.Row> c = corruptions.get(column);
            if (c == null) {
                throw new IllegalArgumentException("no ImageNet-C column '" + column + "'; ImageNet-C columns: "
                        + corruptions.keySet());
            }
            return c.stream().filter(r -> r.label().equals(label)).findFirst().map(ImageNetCReport.Row::scores)
                    .orElseThrow(() -> new IllegalArgumentException("no row '" + label + "' in " + column));
        }

        /**
         * The row labelled {@code label}.
         *
         * @throws IllegalArgumentException naming the labels there are
         */
        public Row row(String label) {
            return rows.stream().filter(r -> r.label().equals(label)).findFirst().orElseThrow(
                    () -> new IllegalArgumentException("no row '" + label + "'; rows: "
                            + rows.stream().map(Row::label).toList()));
        }

        /** The index of the test set {@code name} in {@link #sets()}. */
        public int set(String name) {
            int i = sets.indexOf(name);
            if (i < 0) {
                throw new IllegalArgumentException("no test set '" + name + "'; sets: " + sets);
            }
            return i;
        }

        /**
         * The table as the paper prints it: a {@code method} column, one column per test set with
         * {@code mean ± std} top-1 in percent ({@code mean (n=1)} with one seed), and the number of seeds.
         */
        public Table table() {
            StringColumn method = StringColumn.create("method");
            List<StringColumn> columns = new ArrayList<>();
            for (String s : sets) {
                columns.add(StringColumn.create(s + " top-1 (%)"));
            }
            IntColumn seeds = IntColumn.create("seeds");
            for (Row r : rows) {
                method.append(r.label());
                for (int s = 0; s < sets.size(); s++) {
                    columns.get(s).append(r.stats(s).formatPercent());
                }
                seeds.append(r.seeds().size());
            }
            Table t = Table.create(title, method);
            columns.forEach(t::addColumns);
            return t.addColumns(seeds);
        }

        /**
         * A bar chart of the mean top-1 (%) of each row (a series) on each test set (a category), the ImageNet-C
         * columns left out (their mCE is on another scale).
         */
        public org.knowm.xchart.CategoryChart chart() {
            org.knowm.xchart.CategoryChart chart = new org.knowm.xchart.CategoryChartBuilder()
                    .width(nsn.report.Charts.WIDTH).height(nsn.report.Charts.HEIGHT)
                    .title(title + " (" + rows.get(0).seeds().size() + " seed(s))").xAxisTitle("test set")
                    .yAxisTitle("top-1 (%)").build();
            List<String> shown = sets.stream().filter(s -> !corruptions.containsKey(s)).toList();
            for (Row r : rows) {
                chart.addSeries(r.label(), shown, shown.stream().map(s -> 100 * r.stats(set(s)).mean()).toList());
            }
            return chart;
        }

        /**
         * The numbers of {@link #table()}: for each test set {@code <set>_mean} and {@code <set>_std} in percent
         * (std missing with one seed), and the number of seeds.
         */
        public Table numericTable() {
            return numericTable(s -> s, Row::stats);
        }

        /**
         * A numeric table of this comparison's rows with other columns: for each test set, {@code <name>_mean}
         * and {@code <name>_std} in percent (std missing with one seed), {@code name} given by {@code columnName}
         * and the numbers by {@code stats} (the row and the set's index), then the number of seeds.
         */
        public Table numericTable(java.util.function.UnaryOperator<String> columnName,
                java.util.function.BiFunction<Row, Integer, SeedStats> stats) {
            StringColumn method = StringColumn.create("method");
            Table t = Table.create(title, method);
            List<DoubleColumn> cols = new ArrayList<>();
            for (String s : sets) {
                cols.add(DoubleColumn.create(columnName.apply(s) + "_mean"));
                cols.add(DoubleColumn.create(columnName.apply(s) + "_std"));
            }
            IntColumn seeds = IntColumn.create("seeds");
            for (Row r : rows) {
                method.append(r.label());
                for (int s = 0; s < sets.size(); s++) {
                    SeedStats st = stats.apply(r, s);
                    cols.get(2 * s).append(100 * st.mean());
                    if (st.n() > 1) {
                        cols.get(2 * s + 1).append(100 * st.std());
                    } else {
                        cols.get(2 * s + 1).appendMissing();
                    }
                }
                seeds.append(r.seeds().size());
            }
            cols.forEach(t::addColumns);
            return t.addColumns(seeds);
        }
    }

    /** The numbers of one arm × seed run: top-1 per column, and the scores of the ImageNet-C columns by name. */
    private record RunNumbers(double[] top1, Map<String, ImageNetCScore> corruptions, boolean reused) {}

    /**
     * An ImageNet-C column: its index among the columns, its name, its sets, and the index of its first set among
     * the probe's test sets (the others follow in order).
     */
    private record CorruptionColumn(int column, String name, List<ImageNetC.CorruptionSet> sets, int firstProbe) {}

    /** What a run's {@code results.json} must match to be reused: everything that determines its numbers. */
    private record RunKey(String dataset, PretrainConfig pretrain, LinearEvalConfig linear, int pretrainImages,
            int linearTrainImages, int testImages) {}

    /**
     * The data and settings shared by every run of a grid. {@code setNames} are the table's columns,
     * {@code testSets} every set the probe scores (an ImageNet-C column has many); {@code columnProbe[c]} is the
     * test set of column {@code c}, or -1 for an ImageNet-C column.
     */
    private record Shared(String command, GridConfig grid, ImageDataset pretrainSource, ImageDataset probeTrain,
            List<String> setNames, List<ImageDataset> testSets, int[] columnProbe,
            List<CorruptionColumn> corruptionColumns, Normalization normalization, Map<String, String> fingerprints,
            List<Device> devices, Progress progress) {

        /** The first device: the loss, the probes and the managers live there. */
        Device device() {
            return devices.get(0);
        }
    }

    private Comparison() {}

    /**
     * Runs every arm with every seed of {@code grid}, or reads back the runs already done.
     *
     * @param command name recorded in the provenance (e.g. {@code table1})
     * @param title table title
     * @param grid shared settings; its base's output folder receives the grid
     * @param arms the rows, with distinct labels and slugs
     * @return the per-seed numbers and their aggregates
     */
    public static Result run(String command, String title, GridConfig grid, List<Arm> arms) {
        return run(command, title, grid, arms, Map.of());
    }

    /**
     * Like {@link #run(String, String, GridConfig, List)} with more out-of-domain sets given as loaded datasets
     * (after those of {@code grid.ood()}, in the map's iteration order: pass a {@link LinkedHashMap} for more than
     * one), e.g. a test set transformed in memory. Each must have the in-domain test set's classes. They are not
     * part of the configuration a finished run is recognised by, but a run lacking one of their columns is probed
     * again.
     */
    public static Result run(String command, String title, GridConfig grid, List<Arm> arms,
            Map<String, ImageDataset> extraOod) {
        return run(command, title, grid, arms, extraOod, null);
    }

    /**
     * Like {@link #run(String, String, GridConfig, List, Map)}, with the runs in {@code runsDir} instead of the
     * grid's folder: {@code <runsDir>/<arm slug>/seed-<n>/}, read back and resumed there like any run, while the
     * grid's table, results and provenance go to {@code grid.base().outputDir()}. This lets a table share the runs
     * of another grid (e.g. Table 2's rows are two of Table 1's) without overwriting that grid's table files.
     *
     * @param runsDir folder of the runs, or null for the grid's own folder
     */
    public static Result run(String command, String title, GridConfig grid, List<Arm> arms,
            Map<String, ImageDataset> extraOod, Path runsDir) {
        checkArms(arms);
        long t0 = System.nanoTime();
        QuickstartConfig base = grid.base();
        Shared shared = open(command, grid, extraOod);
        RunDirectory root = RunDirectory.open(base.outputDir());
        Path runs = runsDir != null ? runsDir : root.path();
        root.writeProvenance(Provenance.collect(command, grid.seeds().get(0), new GridRecord(title, grid, arms),
                shared.fingerprints(), shared.devices()));
        int total = arms.size() * grid.seeds().size();
        int done = 0;
        int reused = 0;
        double computedSeconds = 0;
        int computed = 0;
        List<Row> rows = new ArrayList<>();
        Map<String, List<ImageNetCReport.Row>> corruptionRows = new LinkedHashMap<>();
        shared.corruptionColumns().forEach(c -> corruptionRows.put(c.name(), new ArrayList<>()));
        for (Arm arm : arms) {
            double[][] top1 = new double[shared.setNames().size()][grid.seeds().size()];
            Map<String, List<ImageNetCScore>> scores = new LinkedHashMap<>();
            shared.corruptionColumns().forEach(c -> scores.put(c.name(), new ArrayList<>()));
            for (int k = 0; k < grid.seeds().size(); k++) {
                long seed = grid.seeds().get(k);
                double elapsed = (System.nanoTime() - t0) / 1e9;
                String eta = computed == 0 ? "?" : formatSeconds(computedSeconds / computed * (total - done));
                System.err.printf(Locale.ROOT, "[%d/%d] %s, seed %d (elapsed %s, eta %s)%n", done + 1, total,
                        arm.label(), seed, formatSeconds(elapsed), eta);
                long r0 = System.nanoTime();
                RunNumbers n = runOne(shared, arm, seed, runs.resolve(arm.slug()).resolve("seed-" + seed));
                if (n.reused()) {
                    reused++;
                    System.err.printf(Locale.ROOT, "  finished earlier: %s%n", describe(shared.setNames(), n));
                } else {
                    computed++;
                    computedSeconds += (System.nanoTime() - r0) / 1e9;
                    System.err.printf(Locale.ROOT, "  %s%n", describe(shared.setNames(), n));
                }
                for (int s = 0; s < top1.length; s++) {
                    top1[s][k] = n.top1()[s];
                }
                n.corruptions().forEach((name, score) -> scores.get(name).add(score));
                done++;
            }
            rows.add(new Row(arm.label(), arm.slug(), grid.seeds(), top1));
            scores.forEach((name, list) -> corruptionRows.get(name).add(new ImageNetCReport.Row(arm.label(),
                    grid.seeds(), list)));
            corruptionRows.forEach((name, list) -> ImageNetCReport.write(root.path(), name, list));
            if (rows.size() < arms.size()) {
                // the rows finished so far, so that a long grid's table can be read while it runs
                write(new Result(title + " (partial: " + rows.size() + " of " + arms.size() + " rows)",
                        shared.setNames(), rows, base.outputDir(), (System.nanoTime() - t0) / 1e9, reused,
                        corruptionRows), command, root);
            }
        }
        Result result = new Result(title, shared.setNames(), rows, base.outputDir(),
                (System.nanoTime() - t0) / 1e9, reused, corruptionRows);
        write(result, command, root);
        System.err.println(result.table().printAll());
        return result;
    }

    /** The provenance's configuration of a grid. */
    private record GridRecord(String title, GridConfig grid, List<Arm> arms) {}

    private static void checkArms(List<Arm> arms) {
        if (arms == null || arms.isEmpty()) {
            throw new IllegalArgumentException("arms: at least one arm is required");
        }
        Set<String> labels = new HashSet<>();
        Set<String> slugs = new HashSet<>();
        for (Arm a : arms) {
            if (!labels.add(a.label())) {
                throw new IllegalArgumentException("arms: the label '" + a.label() + "' is used twice");
            }
            if (!slugs.add(a.slug())) {
                throw new IllegalArgumentException("arms: the folder name '" + a.slug() + "' is used twice");
            }
        }
    }

    private static Shared open(String command, GridConfig grid, Map<String, ImageDataset> extraOod) {
        QuickstartConfig base = grid.base();
        DatasetSpec spec = DatasetSpec.of(base.dataset());
        ImageDataset train = spec.load(base.dataDir(), Split.TRAIN);
        ImageDataset source = spec.pretraining(base.dataDir(), train);
        ImageDataset test = spec.load(base.dataDir(), Split.TEST);
        List<String> names = new ArrayList<>();
        List<ImageDataset> sets = new ArrayList<>();
        List<String> probeNames = new ArrayList<>();
        List<Integer> columnProbe = new ArrayList<>();
        List<CorruptionColumn> corruptionColumns = new ArrayList<>();
        names.add(spec.id());
        columnProbe.add(0);
        probeNames.add(spec.id());
        sets.add(Experiments.subset(test, grid.testImages(), PROBE_SUBSET_SEED));
        for (OodSet o : grid.ood()) {
            names.add(o.name());
            if (o.corruptions()) {
                ImageNetC benchmark = ImageNetC.at(o.dir());
                checkCorruptions(o.name(), benchmark);
                corruptionColumns.add(new CorruptionColumn(names.size() - 1, o.name(), benchmark.sets(),
                        sets.size()));
                columnProbe.add(-1);
                for (ImageNetC.CorruptionSet c : benchmark.sets()) {
                    // ImageNet-C's images are the network input's size: decoded as stored, fed whole
                    sets.add(Experiments.subset(benchmark.open(c, test.classes(), test.channels(), spec.cropSize(),
                            o.name()), grid.testImages(), PROBE_SUBSET_SEED));
                    probeNames.add(o.name() + "/" + c.id());
                }
            } else {
                ImageDataset d = o.load(test);
                if (d instanceof MappedImageFolder m && !m.mapping().complete()) {
                    ClassMapping cm = m.mapping();
                    System.err.printf(Locale.ROOT, "%s: %d of the %d classes of %s are in %s, %d images; top-1 over"
                            + " them, predicting over all %d classes%n", o.name(), cm.shared().size(),
                            cm.modelClasses().size(), test.name(), o.dir(), d.size(), cm.modelClasses().size());
                }
                columnProbe.add(sets.size());
                probeNames.add(o.name());
                sets.add(Experiments.subset(d, grid.testImages(), PROBE_SUBSET_SEED));
            }
        }
        for (Map.Entry<String, ImageDataset> e : extraOod.entrySet()) {
            OodSet.checkName(e.getKey());
            if (names.contains(e.getKey())) {
                throw new IllegalArgumentException("ood: the name '" + e.getKey() + "' is used twice or is the"
                        + " in-domain dataset's");
            }
            OodSet.checkClasses(e.getKey(), e.getValue().classes(), test);
            names.add(e.getKey());
            columnProbe.add(sets.size());
            probeNames.add(e.getKey());
            sets.add(Experiments.subset(e.getValue(), grid.testImages(), PROBE_SUBSET_SEED));
        }
        ImageDataset probeTrain = Experiments.subset(train, grid.linearTrainImages(), PROBE_SUBSET_SEED);
        Map<String, String> fingerprints = new LinkedHashMap<>();
        fingerprints.put(train.name(), train.fingerprint());
        if (source != train) {
            fingerprints.put(source.name(), source.fingerprint());
        }
        fingerprints.put(test.name(), test.fingerprint());
        for (int i = 1; i < sets.size(); i++) {
            fingerprints.put("ood " + probeNames.get(i), sets.get(i).fingerprint());
        }
        Normalization normalization = Normalization.estimate(source, 10_000);
        return new Shared(command, grid, source, probeTrain, names, sets,
                columnProbe.stream().mapToInt(Integer::intValue).toArray(), corruptionColumns, normalization,
                fingerprints, Experiments.devices(base.device()), Progress.console(base.quiet()));
    }

    /** Fails without a standard ImageNet-C set; warns when some are absent. */
    private static void checkCorruptions(String name, ImageNetC benchmark) {
        if (benchmark.standardSets().isEmpty()) {
            throw new IllegalArgumentException("ood: '" + name + "' (" + benchmark.root() + ") holds none of the 15"
                    + " standard ImageNet-C corruptions " + ImageNetC.CORRUPTIONS + ", only " + benchmark.sets()
                    .stream().map(ImageNetC.CorruptionSet::id).toList());
        }
        if (!benchmark.complete()) {
            List<String> absent = benchmark.absentStandardSets();
            System.err.printf(Locale.ROOT, "warning: %s: %d of the %d standard ImageNet-C sets are absent (%s%s);"
                    + " its mean top-1 and mCE run over the others and do not compare with published numbers%n",
                    name, absent.size(), ImageNetC.CORRUPTIONS.size() * ImageNetC.SEVERITIES,
                    String.join(", ", absent.subList(0, Math.min(5, absent.size()))), absent.size() > 5 ? ", ..." : "");
        }
    }

    /**
     * A run's column numbers from the probe's top-1 on each test set: a plain column's own, an ImageNet-C column's
     * mean over its sets (with its {@link ImageNetCScore}, relative to the in-domain top-1).
     */
    private static RunNumbers columns(Shared shared, double[] probeTop1, boolean reused) {
        double[] top1 = new double[shared.setNames().size()];
        for (int c = 0; c < top1.length; c++) {
            int p = shared.columnProbe()[c];
            top1[c] = p >= 0 ? probeTop1[p] : Double.NaN;
        }
        Map<String, ImageNetCScore> scores = new LinkedHashMap<>();
        for (CorruptionColumn cc : shared.corruptionColumns()) {
            Map<String, Map<Integer, Double>> bySet = new LinkedHashMap<>();
            for (int k = 0; k < cc.sets().size(); k++) {
                ImageNetC.CorruptionSet set = cc.sets().get(k);
                bySet.computeIfAbsent(set.corruption(), x -> new TreeMap<>()).put(set.severity(),
                        probeTop1[cc.firstProbe() + k]);
            }
            ImageNetCScore score = ImageNetCScore.of(bySet, top1[0]);
            top1[cc.column()] = score.meanTop1();
            scores.put(cc.name(), score);
        }
        return new RunNumbers(top1, scores, reused);
    }

    /** The recipe of {@code arm} at {@code seed}, with the normalisation resolved from the training data. */
    private static PretrainConfig recipe(Shared shared, Arm arm, long seed) {
        PretrainConfig pc = arm.pretrain().withSeed(seed);
        AugmentConfig a = pc.augment();
        return a.needsNormalization() ? pc.withAugment(a.withNormalization(shared.normalization())) : pc;
    }

    private static RunNumbers runOne(Shared shared, Arm arm, long seed, Path dir) {
        GridConfig grid = shared.grid();
        QuickstartConfig base = grid.base();
        PretrainConfig pc = recipe(shared, arm, seed);
        RunKey key = new RunKey(base.dataset(), pc, base.linear(), base.pretrainImages(), grid.linearTrainImages(),
                grid.testImages());
        JsonElement keyJson = JsonParser.parseString(Json.write(key));
        Path resultsFile = dir.resolve("results.json");
        RunNumbers previous = readPrevious(resultsFile, keyJson, shared);
        if (previous != null) {
            return previous;
        }
        RunDirectory run = RunDirectory.open(dir);
        int[] subset = Experiments.subsetIndices(shared.pretrainSource().size(), base.pretrainImages(), seed);
        ImageDataset textures = pc.negativeSource() == NegativeSource.Kind.TEXTURE
                ? TextureDatasets.aligned(shared.pretrainSource(), subset, pc.textureDir()) : null;
        Map<String, String> fingerprints = new LinkedHashMap<>(shared.fingerprints());
        if (textures != null) {
            fingerprints.put(textures.name(), textures.fingerprint());
        }
        run.writeProvenance(Provenance.collect(shared.command() + " " + arm.label(), seed, key, fingerprints,
                shared.devices()));
        ImageDataset pretrainSet = Experiments.subset(shared.pretrainSource(), base.pretrainImages(), seed);
        try (NDManager manager = NDManager.newBaseManager(shared.device())) {
            Pretrainer.Summary summary = null;
            if (arm.pretrains()) {
                try (Pretrainer pretrainer = new Pretrainer(pc, pretrainSet, textures, manager, shared.devices())
                        .optCheckpointEvery(grid.checkpointEvery())) {
                    summary = pretrainer.train(run, shared.progress());
                }
            }
            long p0 = System.nanoTime();
            LinearProbe.MultiResult probe;
            try (Encoder encoder = Encoder.create(pc.encoder(), manager, seed)) {
                if (summary != null) {
                    Checkpoint.loadQueryEncoder(run.resolve(Pretrainer.CHECKPOINT), encoder);
                }
                AugmentConfig a = pc.augment();
                probe = LinearProbe.evaluate(encoder, shared.probeTrain(), shared.testSets(), a.mean(), a.std(),
                        base.linear(), seed, pc.workers(), manager, shared.progress());
            } catch (IOException e) {
                throw new UncheckedIOException(e.getMessage(), e);
            }
            RunNumbers numbers = columns(shared, probe.testTop1(), false);
            double[] top1 = numbers.top1();
            Map<String, Object> out = new LinkedHashMap<>();
            Map<String, Double> byName = new LinkedHashMap<>();
            for (int s = 0; s < top1.length; s++) {
                byName.put(shared.setNames().get(s), top1[s]);
            }
            out.put("arm", arm.label());
            out.put("seed", seed);
            out.put("top1", byName);
            Map<String, Double> best = new LinkedHashMap<>();
            double[] bestTop1 = columns(shared, probe.bestTestTop1(), false).top1();
            for (int s = 0; s < bestTop1.length; s++) {
                best.put(shared.setNames().get(s), bestTop1[s]);
            }
            out.put("linear_protocol", base.linear().protocol().id());
            out.put("top1_best_epoch", best);
            out.put("linear_best_epoch", probe.bestEpoch());
            out.put("linear_epoch_top1", probe.epochTestTop1());
            if (!numbers.corruptions().isEmpty()) {
                Map<String, Object> ic = new LinkedHashMap<>();
                numbers.corruptions().forEach((name, score) -> ic.put(name, ImageNetCReport.toJson(score)));
                out.put("imagenet_c", ic);
            }
            out.put("linear_train_top1", probe.trainTop1());
            out.put("linear_final_loss", probe.finalLoss());
            List<ImageDataset> read = new ArrayList<>(List.of(shared.pretrainSource(), shared.probeTrain()));
            read.addAll(shared.testSets());
            Experiments.reportUndecodable(read, out);
            if (summary != null) {
                out.put("pretrain_final_loss", summary.finalLoss());
                out.put("pretrain_resumed_from_epoch", summary.resumedFrom());
                out.put("pretrain_epochs", summary.epochs());
                out.put("pretrain_seconds", summary.seconds());
                out.put("pretrain_images", pretrainSet.size());
            } else {
                out.put("pretrained", false);
            }
            out.put("probe_seconds", (System.nanoTime() - p0) / 1e9);
            out.put("linear_train_images", shared.probeTrain().size());
            out.put("key", keyJson);
            run.writeResults(out);
            return numbers;
        }
    }

    /**
     * The numbers of a finished run with the same key; {@code null} when the file is missing, lacks a column or
     * holds other ImageNet-C sets than the grid's (the run is then probed again, its pretraining being complete).
     *
     * @throws IllegalStateException when the file holds the results of another configuration
     */
    private static RunNumbers readPrevious(Path file, JsonElement key, Shared shared) {
        List<String> sets = shared.setNames();
        if (!Files.exists(file)) {
            return null;
        }
        JsonObject json;
        try {
            json = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
        } catch (IOException | RuntimeException e) {
            return null;
        }
        if (!key.equals(upgradeKey(json.get("key")))) {
            throw new IllegalStateException(file + " holds the results of another configuration; use another"
                    + " output folder (-o) or delete " + file.getParent());
        }
        JsonObject top1 = json.getAsJsonObject("top1");
        double[] values = new double[sets.size()];
        for (int s = 0; s < values.length; s++) {
            if (top1 == null || !top1.has(sets.get(s))) {
                return null;
            }
            values[s] = top1.get(sets.get(s)).getAsDouble();
        }
        double[] probeTop1 = new double[shared.testSets().size()];
        for (int c = 0; c < values.length; c++) {
            if (shared.columnProbe()[c] >= 0) {
                probeTop1[shared.columnProbe()[c]] = values[c];
            }
        }
        JsonObject ic = json.getAsJsonObject("imagenet_c");
        for (CorruptionColumn cc : shared.corruptionColumns()) {
            JsonObject column = ic == null ? null : ic.getAsJsonObject(cc.name());
            JsonObject bySet = column == null ? null : column.getAsJsonObject("top1");
            if (bySet == null || bySet.entrySet().stream().mapToInt(e -> e.getValue().getAsJsonObject().size())
                    .sum() != cc.sets().size()) {
                return null;
            }
            for (int k = 0; k < cc.sets().size(); k++) {
                ImageNetC.CorruptionSet set = cc.sets().get(k);
                JsonObject c = bySet.getAsJsonObject(set.corruption());
                JsonElement v = c == null ? null : c.get(Integer.toString(set.severity()));
                if (v == null) {
                    return null;
                }
                probeTop1[cc.firstProbe() + k] = v.getAsDouble();
            }
        }
        return columns(shared, probeTop1, true);
    }

    /**
     * A stored run key in today's form: keys written before the linear probe had a protocol (nsn 2026-11-25 and
     * earlier) describe the {@code FEATURES} probe with a cosine schedule, and are read as such.
     */
    static JsonElement upgradeKey(JsonElement stored) {
        if (stored == null || !stored.isJsonObject() || !stored.getAsJsonObject().has("linear")
                || !stored.getAsJsonObject().get("linear").isJsonObject()) {
            return stored;
        }
        JsonObject linear = stored.getAsJsonObject().getAsJsonObject("linear");
        if (linear.has("protocol")) {
            return stored;
        }
        JsonObject upgraded = stored.deepCopy().getAsJsonObject();
        JsonObject l = upgraded.getAsJsonObject("linear");
        l.addProperty("protocol", LinearEvalConfig.Protocol.FEATURES.name());
        l.add("lrMilestones", new JsonArray());
        return upgraded;
    }

    private static String describe(List<String> sets, RunNumbers n) {
        StringBuilder b = new StringBuilder("top-1");
        for (int s = 0; s < n.top1().length; s++) {
            b.append(String.format(Locale.ROOT, " %s %.2f%%", sets.get(s), 100 * n.top1()[s]));
        }
        n.corruptions().forEach((name, score) -> b.append(String.format(Locale.ROOT, "; %s mCE %.2f%%%s", name,
                100 * score.mce(), score.complete() ? "" : " (partial)")));
        return b.toString();
    }

    /** Writes the grid's {@code table.csv}, {@code table.txt} and {@code results.json}. */
    private static void write(Result r, String command, RunDirectory root) {
        StringBuilder csv = new StringBuilder("method,seeds");
        for (String s : r.sets()) {
            csv.append(',').append(s).append("_mean,").append(s).append("_std");
        }
        csv.append('\n');
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Row row : r.rows()) {
            csv.append(csvField(row.label())).append(',').append(row.seeds().size());
            Map<String, Object> top1 = new LinkedHashMap<>();
            Map<String, Object> mean = new LinkedHashMap<>();
            Map<String, Object> std = new LinkedHashMap<>();
            for (int s = 0; s < r.sets().size(); s++) {
                SeedStats st = row.stats(s);
                csv.append(String.format(Locale.ROOT, ",%.4f,%s", 100 * st.mean(),
                        st.n() > 1 ? String.format(Locale.ROOT, "%.4f", 100 * st.std()) : ""));
                top1.put(r.sets().get(s), row.values(s));
                mean.put(r.sets().get(s), st.mean());
                std.put(r.sets().get(s), st.n() > 1 ? st.std() : null);
            }
            csv.append('\n');
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("label", row.label());
            json.put("slug", row.slug());
            json.put("seeds", row.seeds());
            json.put("top1", top1);
            json.put("mean", mean);
            json.put("std", std);
            rows.add(json);
        }
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("command", command);
        results.put("title", r.title());
        results.put("sets", r.sets());
        results.put("rows", rows);
        try {
            AtomicFiles.writeString(root.resolve("table.csv"), csv.toString());
            AtomicFiles.writeString(root.resolve("table.txt"), r.table().printAll() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the table to " + root.path(), e);
        }
        root.writeResults(results);
    }

    private static String csvField(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    static String formatSeconds(double s) {
        long t = Math.round(s);
        return t >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", t / 3600, (t % 3600) / 60)
                : String.format(Locale.ROOT, "%dm%02ds", t / 60, t % 60);
    }
}
