package nsn.experiment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import nsn.data.DataDirs;
import nsn.data.DataFetcher;
import nsn.data.ImageFolderDataset;
import nsn.data.Split;
import nsn.negatives.TextureDatasetConfig;
import nsn.negatives.TextureDatasetJob;
import nsn.train.MethodConfig;
import nsn.train.NegativeSource;
import nsn.train.PretrainConfig;
import tech.tablesaw.api.Table;

/**
 * Table 1 of the paper (§3.1): linear-probe top-1 of MoCo-v2 and BYOL with and without non-semantic negatives, in
 * domain and on the out-of-domain sets given, as mean ± standard deviation over seeds. The rows:
 *
 * <ol>
 *   <li>{@code MoCo-v2 - k = K}; {@code + Texture-based - α = 2}; {@code + Patch-based - α = 2};
 *       {@code + Patch-based - α = 3}
 *   <li>{@code MoCo-v2 - k = K/2}; {@code + Patch-based - α = 2 (k = K/2)}
 *   <li>{@code BYOL}; {@code + Patch-based - α = 0.05}
 * </ol>
 *
 * <p>The texture row needs the texture of every pretraining image (§2.2). Without a texture folder in the config,
 * {@link #run} writes the textures of exactly the images the seeds pretrain on under {@code <out>/textures} with
 * {@link TextureDatasetJob} (resumable; a rerun skips the textures already written). That is the most expensive
 * step of the small preset, texture synthesis being seconds-scale per image; see {@code docs/EXPERIMENTS.md} for
 * measured costs. {@link Table1Config#withTexture} skips the row.
 */
public final class Table1Experiment {

    /** α of the BYOL row with patch-based negatives (Eq. 2; the paper's value). */
    public static final float BYOL_ALPHA = 0.05f;

    /** Output of {@link #run}: the comparison, with the rows in the order above. */
    public record Result(Comparison.Result comparison) {

        /** The table as the paper prints it ({@link Comparison.Result#table()}). */
        public Table table() {
            return comparison.table();
        }
    }

    private Table1Experiment() {}

    /**
     * The rows of Table 1 for {@code config}.
     *
     * @param textureRoot the texture dataset of the texture row; ignored when the row is skipped
     */
    public static List<Arm> arms(Table1Config config, Path textureRoot) {
        PretrainConfig p = config.grid().base().pretrain();
        int k = config.queue();
        int half = k / 2;
        List<Arm> arms = new ArrayList<>();
        arms.add(Arm.of("MoCo-v2 - k = " + k, p.withMoco(GridPresets.moco(p, k, 0f, 0))));
        if (config.texture()) {
            arms.add(Arm.of("+ Texture-based - α = 2", p.withMoco(GridPresets.moco(p, k, 2f, 1))
                    .withNegativeSource(NegativeSource.Kind.TEXTURE, textureRoot)));
        }
        arms.add(Arm.of("+ Patch-based - α = 2", p.withMoco(GridPresets.moco(p, k, 2f, 1))));
        arms.add(Arm.of("+ Patch-based - α = 3", p.withMoco(GridPresets.moco(p, k, 3f, 1))));
        arms.add(Arm.of("MoCo-v2 - k = " + half, p.withMoco(GridPresets.moco(p, half, 0f, 0))));
        arms.add(Arm.of("+ Patch-based - α = 2 (k = " + half + ")", p.withMoco(GridPresets.moco(p, half, 2f, 1))));
        PretrainConfig byolBase = p.withMoco(GridPresets.moco(p, k, 0f, 0));
        arms.add(Arm.of("BYOL", byolBase.withMethod(MethodConfig.byol(p.encoder()))));
        arms.add(Arm.of("+ Patch-based - α = " + GridPresets.number(BYOL_ALPHA),
                p.withMoco(GridPresets.moco(p, k, BYOL_ALPHA, 1)).withMethod(MethodConfig.byol(p.encoder()))));
        arms.add(Arm.randomInit(p.withMoco(GridPresets.moco(p, k, 0f, 0))));
        return arms;
    }

    /** Runs (or resumes) every row with every seed and writes the table to the config's output folder. */
    public static Result run(Table1Config config) {
        Path textures = null;
        if (config.texture()) {
            textures = config.textureDir() != null ? config.textureDir() : writeTextures(config);
        }
        return new Result(Comparison.run("table1", "Table 1: linear top-1 on " + config.grid().base().dataset(),
                config.grid(), arms(config, textures)));
    }

    /**
     * Writes the textures of the images every seed pretrains on to {@code <out>/textures}, skipping those already
     * there, and returns that folder.
     *
     * @throws IllegalArgumentException for ImageNet-100 with a pretraining subset (the texture job writes an
     *     ImageFolder whole: give {@code textureDir} or skip the row)
     */
    static Path writeTextures(Table1Config config) {
        QuickstartConfig base = config.grid().base();
        Path out = base.outputDir().resolve("textures");
        DatasetSpec spec = DatasetSpec.of(base.dataset());
        TextureDatasetConfig job;
        int[] indices = null;
        if (spec.imageNet()) {
            if (base.pretrainImages() != 0) {
                throw new IllegalArgumentException("textureDir: the texture row on an ImageNet subset needs the"
                        + " textures written beforehand (make-texture-dataset, then --texture-dir) or --skip-texture");
            }
            Path in = spec == DatasetSpec.IMAGENET100 ? DataDirs.imagenet100(base.dataDir(), Split.TRAIN)
                    : DataDirs.imagenet(base.dataDir(), Split.TRAIN);
            job = new TextureDatasetConfig(in, null, null, null, out, null, 0, 0, 0, 0, 0L, base.quiet());
        } else {
            job = new TextureDatasetConfig(null, spec.id(), Split.TRAIN, base.dataDir(), out, null, 0, 0, 0, 0, 0L,
                    base.quiet());
            int size = trainSize(spec, base.dataDir());
            TreeSet<Integer> union = new TreeSet<>();
            for (long seed : config.grid().seeds()) {
                for (int i : Experiments.subsetIndices(size, base.pretrainImages(), seed)) {
                    union.add(i);
                }
            }
            indices = union.stream().mapToInt(Integer::intValue).toArray();
        }
        System.err.printf(Locale.ROOT, "texture dataset of %s for the texture row -> %s%n", base.dataset(), out);
        try {
            TextureDatasetJob.Summary s = TextureDatasetJob.defaults().run(job, indices);
            System.err.printf(Locale.ROOT, "textures: %d images, %d written, %d already done, %d failed, %.1f s%n",
                    s.images(), s.written(), s.skippedExisting(), s.failed(), s.seconds());
            if (s.failed() > 0) {
                throw new IllegalStateException(s.failed() + " textures could not be written; see "
                        + out.resolve(TextureDatasetJob.FAILURES_FILE));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing the textures to " + out, e);
        }
        return out;
    }

    /** Images in the training split, without decoding a JPEG dataset (CIFAR-10 is listed, not read). */
    private static int trainSize(DatasetSpec spec, Path dataRoot) {
        if (spec == DatasetSpec.CIFAR10) {
            DataFetcher.create().ensureCifar10(dataRoot);
            return ImageFolderDataset.builder().setRoot(DataDirs.cifar10(dataRoot, Split.TRAIN)).optChannels(3)
                    .build().size();
        }
        return spec.load(dataRoot, Split.TRAIN).size();
    }
}
