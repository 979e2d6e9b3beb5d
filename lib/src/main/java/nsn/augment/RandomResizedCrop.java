package nsn.augment;

import java.util.SplittableRandom;

/**
 * Random resized crop followed by a random horizontal flip, resampled bilinearly to a square output in [0, 1].
 * The crop follows torchvision's {@code transforms.RandomResizedCrop.get_params}: up to ten tries of an area
 * fraction uniform in [minScale, maxScale] and an aspect ratio log-uniform in [3/4, 4/3], the box placed
 * uniformly where it fits. If none fits, this falls back to the centre square of the shorter side, where
 * torchvision takes the whole image clamped to the ratio range: the same for a square image. The flip is
 * torchvision's {@code RandomHorizontalFlip(p)}, folded into the resampling so that it costs nothing.
 */
final class RandomResizedCrop {

    private static final double LOG_RATIO_MIN = Math.log(3.0 / 4.0);
    private static final double LOG_RATIO_MAX = Math.log(4.0 / 3.0);

    /** A crop box in source pixels: left, top, width and height. */
    record Box(double x, double y, double width, double height) {}

    private final int size;
    private final float minScale;
    private final float maxScale;
    private final float flipProb;

    RandomResizedCrop(int size, float minScale, float maxScale, float flipProb) {
        this.size = size;
        this.minScale = minScale;
        this.maxScale = maxScale;
        this.flipProb = flipProb;
    }

    /**
     * Crops, flips and resizes one byte image into {@code img} ({@code channels} planes of {@code size²} floats in
     * [0, 1]).
     * Draws the box, then the flip.
     */
    void apply(byte[] src, int srcOffset, int channels, int height, int width, SplittableRandom rng, float[][] img) {
        Box box = sampleBox(height, width, rng);
        boolean flip = rng.nextDouble() < flipProb;
        Pixels.cropResize(src, srcOffset, channels, height, width, box.x(), box.y(), box.width(), box.height(),
                flip, size, img);
    }

    /** torchvision's {@code RandomResizedCrop.get_params} for a {@code height × width} image. */
    Box sampleBox(int height, int width, SplittableRandom rng) {
        double area = (double) height * width;
        for (int attempt = 0; attempt < 10; attempt++) {
            double target = area * (minScale + rng.nextDouble() * (maxScale - minScale));
            double ratio = Math.exp(LOG_RATIO_MIN + rng.nextDouble() * (LOG_RATIO_MAX - LOG_RATIO_MIN));
            int w = (int) Math.round(Math.sqrt(target * ratio));
            int h = (int) Math.round(Math.sqrt(target / ratio));
            if (w > 0 && h > 0 && w <= width && h <= height) {
                int x = rng.nextInt(width - w + 1);
                int y = rng.nextInt(height - h + 1);
                return new Box(x, y, w, h);
            }
        }
        int side = Math.min(height, width);
        return new Box((width - side) / 2.0, (height - side) / 2.0, side, side);
    }
}
