package nsn.experiment;

import java.nio.file.Path;
import java.util.Locale;
import nsn.train.MocoConfig;
import nsn.train.PretrainConfig;

/** Helpers shared by the presets of the comparison experiments. */
final class GridPresets {

    private GridPresets() {}

    /**
     * {@code q} with another scale: pretraining images (0 = all), epochs, batch size, queue size K, linear-probe
     * epochs and output folder; everything else is kept.
     */
    static QuickstartConfig scaled(QuickstartConfig q, int pretrainImages, int epochs, int batchSize, int queue,
            int linearEpochs, Path out) {
        PretrainConfig p = q.pretrain();
        MocoConfig m = p.moco();
        PretrainConfig scaled = new PretrainConfig(p.encoder(),
                new MocoConfig(queue, m.keyMomentum(), m.temperature(), m.alpha(), m.nonSemanticPerImage()),
                p.augment(), p.negativeSource(), p.patchMin(), p.patchMax(), p.textureDir(), epochs, batchSize,
                p.lr(), p.sgdMomentum(), p.weightDecay(), Math.min(p.warmupEpochs(), epochs - 1), p.workers(),
                p.seed(), p.method());
        return q.withPretrain(scaled).withPretrainImages(pretrainImages)
                .withLinear(q.linear().withEpochs(linearEpochs))
                .withOutputDir(out);
    }

    /** The MoCo settings of {@code p} with another K, α and M (M = 0: the plain baseline, α recorded as 0). */
    static MocoConfig moco(PretrainConfig p, int queue, float alpha, int perImage) {
        MocoConfig m = p.moco();
        return new MocoConfig(queue, m.keyMomentum(), m.temperature(), perImage == 0 ? 0f : alpha, perImage);
    }

    /** A number as the paper's tables print it: {@code 2}, {@code 0.05}. */
    static String number(float v) {
        return v == Math.rint(v) ? String.valueOf((int) v) : String.format(Locale.ROOT, "%s", v);
    }

    /**
     * The preset name normalised, or an exception naming the bad value.
     *
     * @param name small, paper or smoke (any case)
     */
    static String presetName(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        if (!n.equals("small") && !n.equals("paper") && !n.equals("smoke")) {
            throw new IllegalArgumentException("preset: unknown preset '" + name + "': expected small, paper or"
                    + " smoke");
        }
        return n;
    }
}
