package nsn.experiment;

import java.nio.file.Path;
import java.util.Locale;
import nsn.model.EncoderConfig;
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

    /**
     * {@code q} with the encoder's first-stage width replaced; the MLP head's hidden layer follows the new feature
     * width when it was the old one (MoCo-v2's choice), everything else is kept.
     */
    static QuickstartConfig withWidth(QuickstartConfig q, int width) {
        PretrainConfig p = q.pretrain();
        EncoderConfig e = p.encoder();
        int hidden = e.headHidden() == e.featureDim() ? 0 : e.headHidden();
        EncoderConfig narrowed = new EncoderConfig(e.depth(), width, e.stem(), e.channels(), e.imageSize(),
                e.projectionDim(), e.mlpHead(), hidden, e.headBatchNorm());
        return q.withPretrain(new PretrainConfig(narrowed, p.moco(), p.augment(), p.negativeSource(), p.patchMin(),
                p.patchMax(), p.textureDir(), p.epochs(), p.batchSize(), p.lr(), p.sgdMomentum(), p.weightDecay(),
                p.warmupEpochs(), p.workers(), p.seed(), p.method(), p.optimizer()));
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
}
