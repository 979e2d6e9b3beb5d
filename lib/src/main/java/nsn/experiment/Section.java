package nsn.experiment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import nsn.data.DataDirs;
import nsn.ood.OodBenchmark;
import nsn.report.AtomicFiles;
import nsn.report.Charts;
import nsn.report.Tables;
import nsn.train.NamedCheckpoint;

/**
 * The paper's experiments as reproducible sections, the registry behind {@code nsn reproduce} and the notebooks:
 * each with its paper section, a one-line title, its own batch subcommand, and {@link #run} that runs it at a preset
 * ({@code small}, {@code medium}, {@code paper} or {@code smoke}, the experiments' {@code XConfig.preset(name)})
 * with every table
 * and figure (PNG, CSV, JSON) written into {@code <outputRoot>/<id>/}.
 *
 * <p>Three sections reuse Table 1's runs, in {@code <outputRoot>/table1/<row>/seed-<n>/}: {@link #HARDNESS} (its
 * α = 0, 2, 3 checkpoints), {@link #IMAGENET_1K} (its rows are two of Table 1's) and {@link #ALPHA_SWEEP} (α = 0, 2,
 * 3). Run alone, such a section trains just the runs it needs into that folder; after {@link #TABLE1} it reads them
 * back ({@link #dependencies()}; {@link Reproduction} runs sections in dependency order). The constant order is the
 * order {@code reproduce all} runs them in.
 *
 * <p>Paper-preset inputs beyond the data root's ImageNet: the ImageNet out-of-domain benchmarks are added as
 * columns when laid out under the data root ({@code imagenet-c}, {@code imagenet-sketch}, {@code stylized-imagenet},
 * {@code imagenet-r}, see {@code docs/OOD.md}); the α sweep needs Geirhos' cue-conflict stimuli in
 * {@code <data root>/}{@value #CUE_CONFLICT_DIR}.
 */
public enum Section {
    /** The quickstart: MoCo-v2 + patch-based negatives against a random backbone. */
    QUICKSTART("quickstart", "§3 (quickstart)", "MoCo-v2 with patch-based negatives vs. a random-init backbone",
            "quickstart"),
    /** Figure 1: views, texture- and patch-based negatives of a few images. */
    NEGATIVE_SAMPLES("negative-samples", "§2.2–2.3, Fig. 1", "Texture- and patch-based negative samples (Figure 1)",
            "negative-samples"),
    /** Table 1 (§3.1). */
    TABLE1("table1", "§3.1, Table 1", "MoCo-v2 / BYOL with and without non-semantic negatives (Table 1)", "table1"),
    /** §2.4: hardness of the negatives (Figures 2–3), on Table 1's α = 0, 2, 3 models. */
    HARDNESS("hardness", "§2.4, Figs. 2–3", "Cosine similarity of positives and negatives to the query", "hardness"),
    /** Table 2 (§3.2). */
    IMAGENET_1K("imagenet-1k", "§3.2, Table 2", "MoCo-v2 + patch-based negatives on ImageNet-1K (Table 2)", "table2"),
    /** Table 3 (§3.3). */
    COLOR_SHORTCUT("color-shortcut", "§3.3, Table 3", "Training without colour jittering (Table 3)",
            "color-shortcut"),
    /** §3.4: memory bank size (Table 4, Figures 4–5). */
    QUEUE_SWEEP("queue-sweep", "§3.4, Figs. 4–5", "Memory bank size K with and without patch-based negatives",
            "queue-sweep"),
    /** §4.1: α and the shape–texture trade-off (Figure 6), with the shape bias of each α's models. */
    ALPHA_SWEEP("alpha-sweep", "§4.1, Fig. 6", "α sweep: in-domain, sketch, shape bias, coarse/fine accuracy",
            "alpha-sweep"),
    /** §4.2: class-based texture analysis (Figures 7, 9, 10). */
    CLASS_TEXTURE("class-texture", "§4.2, Figs. 7, 9–10", "Classes that texture alone suffices for",
            "class-texture");

    /** Folder under the data root with Geirhos' cue-conflict stimuli for the paper preset's α sweep. */
    public static final String CUE_CONFLICT_DIR = "cue-conflict";

    /** The bar chart of Table 1's and Table 3's top-1 that {@link #run} adds next to their table files. */
    public static final String TABLE_PNG = "table.png";

    /** Folder names under a section's output that hold image datasets or runs, not report files. */
    private static final Set<String> NOT_REPORTS = Set.of("textures", "stimuli", "sketch", "models");

    private final String id;
    private final String paperSection;
    private final String title;
    private final String command;

    Section(String id, String paperSection, String title, String command) {
        this.id = id;
        this.paperSection = paperSection;
        this.title = title;
        this.command = command;
    }

    /**
     * What one section's run produced.
     *
     * @param section the section
     * @param preset the preset it ran at
     * @param outputDir its folder, {@code <outputRoot>/<id>}
     * @param seconds wall time
     * @param files the report files written there (PNG, CSV, JSON, TXT; run folders and image datasets left out),
     *     sorted
     * @param result the experiment's own typed result (e.g. {@link Table1Experiment.Result})
     */
    public record Outcome(Section section, String preset, Path outputDir, double seconds, List<Path> files,
            Object result) {

        /** Copies the list. */
        public Outcome {
            files = List.copyOf(files);
        }
    }

    /** The name used by {@code reproduce} and the notebooks, e.g. {@code imagenet-1k}. */
    public String id() {
        return id;
    }

    /** Where in the paper, e.g. {@code §3.2, Table 2}. */
    public String paperSection() {
        return paperSection;
    }

    /** A one-line title. */
    public String title() {
        return title;
    }

    /** The section's own subcommand of {@code nsn}, e.g. {@code table2}. */
    public String command() {
        return command;
    }

    /** The section's own batch command at {@code preset}, e.g. {@code bin/nsn table2 --preset small}. */
    public String batchCommand(String preset) {
        return "bin/nsn " + command + " --preset " + Presets.parse(preset);
    }

    /** The sections whose runs this one reuses when they ran before it: Table 1 for three of them. */
    public List<Section> dependencies() {
        return switch (this) {
            case HARDNESS, IMAGENET_1K, ALPHA_SWEEP -> List.of(TABLE1);
            default -> List.of();
        };
    }

    /**
     * The section called {@code id} (e.g. {@code table1}, {@code imagenet-1k}; any case).
     *
     * @throws IllegalArgumentException naming the bad value and the sections there are
     */
    public static Section of(String id) {
        String n = id == null ? "" : id.trim().toLowerCase(Locale.ROOT);
        for (Section s : values()) {
            if (s.id.equals(n)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown section '" + id + "': expected all or one of " + ids());
    }

    /** Every section id, in run order. */
    public static List<String> ids() {
        return Stream.of(values()).map(Section::id).toList();
    }

    /** The folder of this section under {@code outputRoot}. */
    public Path outputDir(Path outputRoot) {
        return outputRoot.resolve(id);
    }

    /**
     * Runs this section at {@code preset}, writing into {@code <outputRoot>/<id>/}; a section that reuses Table 1's
     * runs trains those it needs into {@code <outputRoot>/table1/} when they are not there. Every experiment resumes:
     * rerunning with the same folder skips what finished.
     *
     * @param preset small, medium, paper or smoke
     * @throws IllegalArgumentException naming a bad preset or a missing input
     */
    public Outcome run(String preset, Path outputRoot) {
        return run(preset, outputRoot, null);
    }

    /**
     * Like {@link #run(String, Path)} with the data read from {@code dataDir} instead of the presets' data root
     * ({@code $NSN_DATA_DIR} or {@code ./data}).
     *
     * @param dataDir data root, or null for the presets'
     */
    public Outcome run(String preset, Path outputRoot, Path dataDir) {
        String p = Presets.parse(preset);
        Path data = dataDir != null ? dataDir : DataDirs.root();
        Path out = outputDir(outputRoot);
        Path table1Dir = TABLE1.outputDir(outputRoot);
        long t0 = System.nanoTime();
        Object result = switch (this) {
            case QUICKSTART -> quickstart(QuickstartConfig.preset(p).withDataDir(data).withOutputDir(out));
            case NEGATIVE_SAMPLES -> NegativeSamplesFigure.run(NegativeSamplesConfig.preset(p)
                    .withImagesDir(DataDirs.imagenetSamples(data)).withOutputDir(out));
            case TABLE1 -> Table1Experiment.run(table1(p, out, data));
            case HARDNESS -> hardness(p, out, table1Dir, data);
            case IMAGENET_1K -> Table2Experiment.run(table2(p, out, table1Dir, data));
            case COLOR_SHORTCUT -> {
                ColorShortcutConfig c = ColorShortcutConfig.preset(p);
                yield ColorShortcutExperiment.run(c.withGrid(moved(c.grid(), out, data)));
            }
            case QUEUE_SWEEP -> {
                QueueSizeConfig c = QueueSizeConfig.preset(p);
                yield QueueSizeExperiment.run(c.withGrid(moved(c.grid(), out, data)));
            }
            case ALPHA_SWEEP -> AlphaSweepExperiment.run(alphaSweep(p, out, data), table1Dir);
            case CLASS_TEXTURE -> {
                ClassTextureConfig c = ClassTextureConfig.preset(p);
                yield ClassTextureExperiment.run(c.withData(c.dataset(), data, c.trainImages(), c.testImages(),
                        c.textureDir(), out));
            }
        };
        Comparison.Result table = result instanceof Table1Experiment.Result t ? t.comparison()
                : result instanceof ColorShortcutExperiment.Result c ? c.comparison() : null;
        if (table != null) {
            try {
                AtomicFiles.write(out.resolve(TABLE_PNG), o -> ImageIO.write(Charts.toImage(table.chart()), "png", o));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + out.resolve(TABLE_PNG), e);
            }
        }
        return new Outcome(this, p, out, (System.nanoTime() - t0) / 1e9, reportFiles(out), result);
    }

    /** {@code g} reading {@code data} and writing to {@code out}. */
    private static GridConfig moved(GridConfig g, Path out, Path data) {
        return g.withBase(g.base().withDataDir(data).withOutputDir(out));
    }

    /** The quickstart, plus its loss curve ({@code loss.png}) and results table ({@code results.csv}). */
    private static QuickstartExperiment.Result quickstart(QuickstartConfig config) {
        Path out = config.outputDir();
        QuickstartExperiment.Result r = QuickstartExperiment.run(config);
        try {
            AtomicFiles.write(out.resolve("loss.png"), o -> ImageIO.write(Charts.toImage(
                    Charts.lossCurve(out.resolve("metrics.csv"))), "png", o));
            AtomicFiles.writeString(out.resolve("results.csv"), Table2Experiment.csv(Tables.results(r)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the quickstart's figure to " + out, e);
        }
        return r;
    }

    /** Table 1 at {@code preset} into {@code out}; the paper preset with the ImageNet OOD sets laid out. */
    static Table1Config table1(String preset, Path out, Path data) {
        Table1Config c = Table1Config.preset(preset);
        GridConfig g = moved(c.grid(), out, data);
        if (preset.equals("paper")) {
            g = Table2Config.paperOod(g, data);
        }
        return c.withGrid(g);
    }

    /** Table 2 at {@code preset} into {@code out}, sharing Table 1's runs (small, smoke). */
    static Table2Config table2(String preset, Path out, Path table1Dir, Path data) {
        Table2Config c = Table2Config.preset(preset);
        c = c.withGrid(moved(c.grid(), out, data));
        if (preset.equals("paper")) {
            return c.withOodUnder(data);
        }
        return c.withRunsDir(table1Dir);
    }

    /** The α sweep at {@code preset} into {@code out}; the paper preset with the cue-conflict stimuli. */
    static AlphaSweepConfig alphaSweep(String preset, Path out, Path data) {
        Path stimuli = null;
        if (preset.equals("paper")) {
            stimuli = data.resolve(CUE_CONFLICT_DIR);
            if (!Files.isDirectory(stimuli)) {
                throw new IllegalArgumentException("alpha-sweep --preset paper needs Geirhos' cue-conflict stimuli in "
                        + stimuli + " (texture-vs-shape/stimuli/style-transfer-preprocessed-512 of"
                        + " github.com/rgeirhos/texture-vs-shape)");
            }
        }
        AlphaSweepConfig c = AlphaSweepConfig.preset(preset, stimuli);
        GridConfig g = moved(c.grid(), out, data);
        Path sketch = data.resolve(OodBenchmark.IMAGENET_SKETCH.id());
        if (preset.equals("paper") && Files.isDirectory(sketch)) {
            g = g.plusOod(c.sketch(), sketch, OodBenchmark.IMAGENET_SKETCH);
        }
        return c.withGrid(g);
    }

    /**
     * Hardness of the preset's Table 1 α = 0, 2, 3 models, their runs in {@code table1Dir}: those missing are trained
     * first (a comparison of just those rows, its table in {@code out/models}).
     */
    private static HardnessExperiment.Result hardness(String preset, Path out, Path table1Dir, Path data) {
        Table1Config t1 = table1(preset, out.resolve("models"), data).withTexture(false, null);
        List<String> labels = HardnessConfig.table1Rows(t1);
        List<Arm> arms = Table1Experiment.arms(t1, null).stream().filter(a -> labels.contains(a.label())).toList();
        Comparison.run("hardness-models", "Table 1's α = 0, 2, 3 rows for the hardness analysis", t1.grid(), arms,
                Map.of(), table1Dir);
        HardnessConfig h = HardnessConfig.preset(preset);
        List<NamedCheckpoint> models = HardnessConfig.table1Models(t1.withGrid(t1.grid().withOutputDir(table1Dir)));
        return HardnessExperiment.run(h.withModels(models).withData(data, h.images(), h.textureDir(), out));
    }

    /**
     * The report files under {@code dir}: PNG, CSV, JSON and TXT files at most two levels down, leaving out run
     * folders ({@code seed-<n>}) and image datasets ({@code textures}, {@code stimuli}, {@code sketch}).
     */
    static List<Path> reportFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir, 3)) {
            walk.filter(Files::isRegularFile).filter(f -> {
                Path rel = dir.relativize(f);
                for (int i = 0; i < rel.getNameCount() - 1; i++) {
                    String part = rel.getName(i).toString();
                    if (part.startsWith("seed-") || NOT_REPORTS.contains(part)) {
                        return false;
                    }
                }
                String name = f.getFileName().toString().toLowerCase(Locale.ROOT);
                return !name.startsWith(".") && (name.endsWith(".png") || name.endsWith(".csv")
                        || name.endsWith(".json") || name.endsWith(".txt"));
            }).sorted().forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        return files;
    }
}
