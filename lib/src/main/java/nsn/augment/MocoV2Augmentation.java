package nsn.augment;

import java.util.SplittableRandom;

/**
 * MoCo-v2's augmentation ({@code --aug-plus}), composed as in its {@code main_moco.py}: {@link RandomResizedCrop}
 * with the horizontal flip, {@link ColorJitter}, {@link RandomGrayscale}, {@link GaussianBlur}, then
 * {@link Normalize}. Each step draws from {@code rng} in that order, so a seed reproduces the view.
 */
final class MocoV2Augmentation implements SemanticAugmentation {

    /**
     * Per-thread working image, reused across views so that a loader thread does not allocate one per view. The
     * crop writes every element before it is read; it is sized exactly because the jitter loops over the whole
     * array.
     */
    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[0]);

    private final int size;
    private final RandomResizedCrop crop;
    private final ColorJitter jitter;
    private final RandomGrayscale grayscale;
    private final GaussianBlur blur;
    private final Normalize normalize;

    MocoV2Augmentation(AugmentConfig cfg) {
        this.size = cfg.outputSize();
        this.crop = new RandomResizedCrop(size, cfg.minScale(), cfg.maxScale(), cfg.flipProb());
        this.jitter = new ColorJitter(cfg.jitterProb(), cfg.brightness(), cfg.contrast(), cfg.saturation(),
                cfg.hue());
        this.grayscale = new RandomGrayscale(cfg.grayscaleProb());
        this.blur = new GaussianBlur(cfg.blurProb(), size);
        this.normalize = new Normalize(cfg.mean(), cfg.std());
    }

    @Override
    public int outputSize() {
        return size;
    }

    @Override
    public void apply(byte[] src, int srcOffset, int channels, int height, int width, float[] dst, int dstOffset,
            SplittableRandom rng) {
        int plane = size * size;
        float[] img = SCRATCH.get();
        if (img.length != channels * plane) {
            img = new float[channels * plane];
            SCRATCH.set(img);
        }
        crop.apply(src, srcOffset, channels, height, width, rng, img);
        jitter.apply(img, channels, plane, rng);
        grayscale.apply(img, channels, plane, rng);
        blur.apply(img, channels, rng);
        normalize.apply(img, channels, plane, dst, dstOffset);
    }
}
