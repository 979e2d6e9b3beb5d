package nsn.experiment;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
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
import nsn.analysis.Hardness;
import nsn.augment.AugmentConfig;
import nsn.augment.Normalization;
import nsn.augment.SemanticAugmentation;
import nsn.data.ImageDataset;
import nsn.data.Split;
import nsn.experiment.Table1Config;
import nsn.experiment.Table1Experiment;
import nsn.model.Encoder;
import nsn.negatives.NonSemanticNegatives;
import nsn.negatives.TextureDatasets;
import nsn.report.AtomicFiles;
import nsn.report.Progress;
import nsn.report.Provenance;
import nsn.report.RunDirectory;
import nsn.train.Checkpoint;
import nsn.train.MethodConfig;
import nsn.train.MoCo;
import nsn.train.NamedCheckpoint;
import nsn.train.Optimizer;
import nsn.train.PretrainConfig;
import tech.tablesaw.api.Table;

/**
 * §2.4's hardness analysis (paper Figures 2–3) for several trained models: loads each checkpoint's query and key
 * encoders (for MoCo; other methods' query encoder serves as both), measures {@link Hardness} on the same images with
 * the same seed, and writes to the output folder
 * <ul>
 *   <li>{@value #MEANS_FILE}: the mean similarity of each kind per model (the table, full precision) and
 *       {@value #TABLE_FILE}, the table printed with 5 decimals;
 *   <li>{@value #HISTOGRAM_FILE}: the histogram bins ({@code model,kind,bin_low,bin_high,count});
 *   <li>{@value #FIGURE_FILE}: one panel per kind with the models overlaid;
 *   <li>{@code results.json} (means, pair counts, whether the texture kind was measured) and
 *       {@code provenance.json}.
 * </ul>
 * Every file is written atomically. Each checkpoint's own configuration gives the architecture, the MoCo-v2
 * augmentation (with its normalisation) and the patch-size range of the patch-based negatives.
 */
public final class HardnessExperiment {

    /** Means per model and kind, CSV. */
    public static final String MEANS_FILE = "hardness-means.csv";

    /** The means table as printed. */
    public static final String TABLE_FILE = "hardness-table.txt";

    /** Histogram bins, CSV. */
    public static final String HISTOGRAM_FILE = "hardness-histograms.csv";

    /** The figure. */
    public static final String FIGURE_FILE = "hardness.png";

    /**
     * Results of a run.
     *
     * @param models per model, its similarities
     * @param table the means per model and kind
     * @param textureIncluded whether the texture-based kind was measured (a texture folder was given)
     * @param images images analysed
     * @param outputDir where the files are
     */
    public record Result(List<Hardness.Result> models, Table table, boolean textureIncluded, int images,
            Path outputDir) {}

    private HardnessExperiment() {}

    /**
     * Makes sure the models of §2.4's comparison exist: runs (or resumes) the Table 1 grid {@code table1} — a
     * finished grid's runs are read back without retraining, a killed one resumes — and returns its α = 0, 2 and 3
     * rows' seed-0 checkpoints ({@code alpha=0}, {@code alpha=2}, {@code alpha=3}), the models
     * {@link HardnessConfig#preset} names for the Table 1 preset of the same name, here under {@code table1}'s own
     * output folder.
     *
     * @throws IllegalArgumentException before training when the grid's seeds do not include 0
     */
    public static List<NamedCheckpoint> trainModels(Table1Config table1) {
        if (!table1.grid().seeds().contains(0L)) {
            throw new IllegalArgumentException("table1.grid.seeds: the hardness models are the seed-0 runs, got seeds "
                    + table1.grid().seeds());
        }
        Table1Experiment.run(table1);
        return HardnessConfig.table1Models(table1);
    }

    /** Measures every model of {@code config} and writes the outputs. */
    public static Result run(HardnessConfig config) {
        for (NamedCheckpoint m : config.models()) {
            if (!Files.isRegularFile(m.checkpoint())) {
                throw new IllegalArgumentException("model '" + m.name() + "': no checkpoint at "
                        + m.checkpoint().toAbsolutePath());
            }
        }
        DatasetSpec spec = DatasetSpec.of(config.dataset());
        Split split = config.split().equals("train") ? Split.TRAIN : Split.TEST;
        ImageDataset all = spec.load(config.dataDir(), split);
        int[] indices = Experiments.subsetIndices(all.size(), config.images(), config.seed());
        ImageDataset images = Experiments.subset(all, config.images(), config.seed());
        ImageDataset textures = config.textureDir() == null ? null
                : TextureDatasets.aligned(all, indices, config.textureDir());
        Device device = Experiments.device(config.device());
        RunDirectory run = RunDirectory.open(config.outputDir());
        Map<String, String> fingerprints = new LinkedHashMap<>();
        fingerprints.put(images.name(), images.fingerprint());
        if (textures != null) {
            fingerprints.put(textures.name(), textures.fingerprint());
        }
        run.writeProvenance(Provenance.collect("hardness", config.seed(), config, fingerprints, device));
        Progress progress = Progress.console(config.quiet());
        if (textures == null) {
            System.err.println("hardness: no texture folder given (--texture-dir), so the texture-based kind is left"
                    + " out");
        }
        List<Hardness.Result> results = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager(device)) {
            for (NamedCheckpoint m : config.models()) {
                results.add(measure(m, images, textures, config, manager, progress));
            }
        }
        Table table = Hardness.table("Cosine similarity to the query (§2.4): mean over " + images.size() + " "
                + config.dataset() + "/" + config.split() + " images", results);
        write(run.path(), results, table, config.bins());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("images", images.size());
        out.put("texture_included", textures != null);
        if (textures == null) {
            out.put("texture_note", "no --texture-dir given: the texture-based kind was not measured");
        }
        Map<String, Object> models = new LinkedHashMap<>();
        for (Hardness.Result r : results) {
            Map<String, Object> kinds = new LinkedHashMap<>();
            for (Hardness.Kind kind : r.kinds()) {
                Map<String, Object> k = new LinkedHashMap<>();
                k.put("mean", r.mean(kind));
                k.put("pairs", r.values(kind).length);
                kinds.put(kind.label(), k);
            }
            models.put(r.model(), kinds);
        }
        out.put("models", models);
        run.writeResults(out);
        return new Result(results, table, textures != null, images.size(), run.path());
    }

    /** Loads one checkpoint and measures it. */
    private static Hardness.Result measure(NamedCheckpoint model, ImageDataset images, ImageDataset textures,
            HardnessConfig config, NDManager parent, Progress progress) {
        PretrainConfig pc;
        try {
            pc = Checkpoint.readConfig(model.checkpoint());
        } catch (IOException e) {
            throw new UncheckedIOException("model '" + model.name() + "': " + e.getMessage(), e);
        }
        if (pc.encoder().channels() != images.channels()) {
            throw new IllegalArgumentException("model '" + model.name() + "' was trained on "
                    + pc.encoder().channels() + "-channel images, " + images.name() + " has " + images.channels());
        }
        AugmentConfig augment = pc.augment();
        if (augment.needsNormalization()) {
            augment = augment.withNormalization(Normalization.estimate(images, 10_000));
        }
        NonSemanticNegatives patches = NonSemanticNegatives.patches(pc.patchMin(), pc.patchMax());
        try (NDManager manager = parent.newSubManager()) {
            Encoder query;
            Encoder key;
            if (pc.method().kind() == MethodConfig.Kind.MOCO_V2) {
                MoCo moco = new MoCo(pc.moco(), pc.method().alphaMode(), pc.encoder(), manager, pc.seed());
                Optimizer sgd = pc.optimizer().create(moco.trainableParameters(), pc.sgdMomentum(),
                        pc.weightDecay());
                Checkpoint.load(model.checkpoint(), pc, moco, sgd);
                query = moco.queryEncoder();
                key = moco.keyEncoder();
            } else {
                query = Encoder.create(pc.encoder(), manager, pc.seed());
                Checkpoint.loadQueryEncoder(model.checkpoint(), query);
                key = query;
            }
            Hardness.Setup setup = new Hardness.Setup(query, key, SemanticAugmentation.mocoV2(augment), patches,
                    textures);
            return Hardness.measure(model.name(), setup, images, config.batchSize(), config.seed(), manager,
                    progress);
        } catch (IOException e) {
            throw new UncheckedIOException("model '" + model.name() + "': " + e.getMessage(), e);
        }
    }

    /** Writes the means, the printed table, the histograms and the figure, each atomically. */
    static void write(Path dir, List<Hardness.Result> results, Table table, int bins) {
        try {
            StringBuilder means = new StringBuilder("model,kind,mean,pairs\n");
            for (Hardness.Result r : results) {
                for (Hardness.Kind kind : r.kinds()) {
                    means.append(r.model().contains(",") ? "\"" + r.model().replace("\"", "\"\"") + "\"" : r.model())
                            .append(',').append(kind.label()).append(',')
                            .append(String.format(Locale.ROOT, "%.8f,%d", r.mean(kind), r.values(kind).length))
                            .append('\n');
                }
            }
            AtomicFiles.writeString(dir.resolve(MEANS_FILE), means.toString());
            AtomicFiles.writeString(dir.resolve(TABLE_FILE), table.printAll() + "\n");
            AtomicFiles.writeString(dir.resolve(HISTOGRAM_FILE), Hardness.histogramCsv(results, bins));
            AtomicFiles.write(dir.resolve(FIGURE_FILE), o -> {
                if (!ImageIO.write(Hardness.figure(results, bins), "png", o)) {
                    throw new IOException("no PNG writer");
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the hardness outputs to " + dir, e);
        }
    }
}
