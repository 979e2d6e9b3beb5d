package nsn.augment;

import java.util.SplittableRandom;

/**
 * MoCo-v2's augmentation: random resized crop, horizontal flip, colour jitter (brightness, contrast,
 * saturation, hue in random order), random grayscale, Gaussian blur, then normalisation. Follows torchvision's
 * definitions; hue is rotated in YIQ space, a close and cheap stand-in for torchvision's HSV shift.
 */
final class MocoV2Augmentation implements SemanticAugmentation {

    private static final double LOG_RATIO_MIN = Math.log(3.0 / 4.0);
    private static final double LOG_RATIO_MAX = Math.log(4.0 / 3.0);

    private final AugmentConfig cfg;
    private final float[] mean;
    private final float[] std;

    MocoV2Augmentation(AugmentConfig cfg) {
        this.cfg = cfg;
        this.mean = cfg.mean();
        this.std = cfg.std();
    }

    @Override
    public int outputSize() {
        return cfg.outputSize();
    }

    @Override
    public void apply(byte[] src, int srcOffset, int channels, int height, int width, float[] dst, int dstOffset,
            SplittableRandom rng) {
        int out = cfg.outputSize();
        int plane = out * out;
        float[] img = new float[channels * plane];
        double[] crop = sampleCrop(height, width, rng);
        boolean flip = rng.nextDouble() < cfg.flipProb();
        Pixels.cropResize(src, srcOffset, channels, height, width, crop[0], crop[1], crop[2], crop[3], flip, out,
                img);
        if (rng.nextDouble() < cfg.jitterProb()) {
            colorJitter(img, channels, plane, rng);
        }
        if (channels == 3 && rng.nextDouble() < cfg.grayscaleProb()) {
            for (int i = 0; i < plane; i++) {
                float y = Pixels.luma(img, plane, i);
                img[i] = y;
                img[plane + i] = y;
                img[2 * plane + i] = y;
            }
        }
        if (rng.nextDouble() < cfg.blurProb()) {
            // SimCLR: sigma in [0.1, 2.0] at 224 px; scaled with the output size.
            double sigma = (0.1 + rng.nextDouble() * 1.9) * out / 224.0;
            gaussianBlur(img, channels, out, sigma);
        }
        Pixels.normalize(img, channels, plane, mean, std, dst, dstOffset);
    }

    /** torchvision's RandomResizedCrop parameters: {x, y, w, h}. */
    private double[] sampleCrop(int height, int width, SplittableRandom rng) {
        double area = (double) height * width;
        for (int attempt = 0; attempt < 10; attempt++) {
            double target = area * (cfg.minScale() + rng.nextDouble() * (cfg.maxScale() - cfg.minScale()));
            double ratio = Math.exp(LOG_RATIO_MIN + rng.nextDouble() * (LOG_RATIO_MAX - LOG_RATIO_MIN));
            int w = (int) Math.round(Math.sqrt(target * ratio));
            int h = (int) Math.round(Math.sqrt(target / ratio));
            if (w > 0 && h > 0 && w <= width && h <= height) {
                int x = rng.nextInt(width - w + 1);
                int y = rng.nextInt(height - h + 1);
                return new double[] {x, y, w, h};
            }
        }
        int side = Math.min(height, width); // fallback: centre crop
        return new double[] {(width - side) / 2.0, (height - side) / 2.0, side, side};
    }

    private void colorJitter(float[] img, int channels, int plane, SplittableRandom rng) {
        int[] order = {0, 1, 2, 3};
        for (int i = 3; i > 0; i--) { // random order, as torchvision's ColorJitter
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        for (int op : order) {
            switch (op) {
                case 0:
                    if (cfg.brightness() > 0) {
                        float f = factor(cfg.brightness(), rng);
                        for (int i = 0; i < img.length; i++) {
                            img[i] = clamp(img[i] * f);
                        }
                    }
                    break;
                case 1:
                    if (cfg.contrast() > 0) {
                        float f = factor(cfg.contrast(), rng);
                        double sum = 0;
                        for (int i = 0; i < plane; i++) {
                            sum += channels == 3 ? Pixels.luma(img, plane, i) : img[i];
                        }
                        float m = (float) (sum / plane);
                        for (int i = 0; i < img.length; i++) {
                            img[i] = clamp((img[i] - m) * f + m);
                        }
                    }
                    break;
                case 2:
                    if (channels == 3 && cfg.saturation() > 0) {
                        float f = factor(cfg.saturation(), rng);
                        for (int i = 0; i < plane; i++) {
                            float y = Pixels.luma(img, plane, i);
                            for (int c = 0; c < 3; c++) {
                                img[c * plane + i] = clamp((img[c * plane + i] - y) * f + y);
                            }
                        }
                    }
                    break;
                default:
                    if (channels == 3 && cfg.hue() > 0) {
                        double angle = (rng.nextDouble() * 2 - 1) * cfg.hue() * 2 * Math.PI;
                        rotateHue(img, plane, (float) Math.cos(angle), (float) Math.sin(angle));
                    }
                    break;
            }
        }
    }

    private static float factor(float strength, SplittableRandom rng) {
        return (float) (Math.max(0, 1 - strength) + rng.nextDouble() * (1 + strength - Math.max(0, 1 - strength)));
    }

    private static float clamp(float v) {
        return Math.min(Math.max(v, 0f), 1f);
    }

    /** Rotates chroma in YIQ space by the angle whose cosine and sine are given. */
    private static void rotateHue(float[] img, int plane, float cos, float sin) {
        for (int p = 0; p < plane; p++) {
            float r = img[p];
            float g = img[plane + p];
            float b = img[2 * plane + p];
            float y = 0.299f * r + 0.587f * g + 0.114f * b;
            float i = 0.596f * r - 0.274f * g - 0.322f * b;
            float q = 0.211f * r - 0.523f * g + 0.312f * b;
            float i2 = i * cos - q * sin;
            float q2 = i * sin + q * cos;
            img[p] = clamp(y + 0.956f * i2 + 0.621f * q2);
            img[plane + p] = clamp(y - 0.272f * i2 - 0.647f * q2);
            img[2 * plane + p] = clamp(y - 1.106f * i2 + 1.703f * q2);
        }
    }

    /** Separable Gaussian blur with reflected borders, kernel radius ⌈3σ⌉. */
    private static void gaussianBlur(float[] img, int channels, int size, double sigma) {
        int radius = Math.max(1, (int) Math.ceil(3 * sigma));
        float[] kernel = new float[2 * radius + 1];
        float total = 0;
        for (int i = -radius; i <= radius; i++) {
            kernel[i + radius] = (float) Math.exp(-(i * i) / (2 * sigma * sigma));
            total += kernel[i + radius];
        }
        for (int i = 0; i < kernel.length; i++) {
            kernel[i] /= total;
        }
        float[] tmp = new float[size * size];
        int plane = size * size;
        for (int c = 0; c < channels; c++) {
            int base = c * plane;
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    float acc = 0;
                    for (int k = -radius; k <= radius; k++) {
                        acc += kernel[k + radius] * img[base + y * size + reflect(x + k, size)];
                    }
                    tmp[y * size + x] = acc;
                }
            }
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    float acc = 0;
                    for (int k = -radius; k <= radius; k++) {
                        acc += kernel[k + radius] * tmp[reflect(y + k, size) * size + x];
                    }
                    img[base + y * size + x] = acc;
                }
            }
        }
    }

    private static int reflect(int i, int n) {
        if (n == 1) {
            return 0;
        }
        while (i < 0 || i >= n) {
            i = i < 0 ? -i : 2 * n - 2 - i;
        }
        return i;
    }
}
