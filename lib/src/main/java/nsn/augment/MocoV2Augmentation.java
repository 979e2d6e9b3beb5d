package nsn.augment;

import java.util.SplittableRandom;

/**
 * MoCo-v2's augmentation ({@code --aug-plus}), composed as in its {@code main_moco.py}: {@link RandomResizedCrop}
 * with the horizontal flip, {@link ColorJitter}, {@link RandomGrayscale}, {@link GaussianBlur}, then
 * {@link Normalize}. Each step draws from {@code rng} in that order, so a seed reproduces the view.
 */
final class MocoV2Augmentation implements SemanticAugmentation {

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
        // this thread's working image, reused from view to view; the crop writes every pixel before it is read
        float[][] img = Pixels.scratchPlanes(Pixels.IMAGE, channels, plane);
        crop.apply(src, srcOffset, channels, height, width, rng, img);
        jitter.apply(img, channels, plane, rng);
        grayscale.apply(img, channels, plane, rng);
        blur.apply(img, channels, rng);
        normalize.apply(img, channels, plane, dst, dstOffset);
    }
}
