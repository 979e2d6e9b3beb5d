package nsn.augment;

import java.util.SplittableRandom;

/**
 * Colour jitter applied with probability {@code p}, as MoCo-v2's
 * {@code RandomApply([ColorJitter(0.4, 0.4, 0.4, 0.1)], p=0.8)}. Follows torchvision's {@code ColorJitter}:
 * the four adjustments run in a random order, each with a factor uniform in [max(0, 1 − s), 1 + s] for strength
 * {@code s}, and a strength of 0 skips the adjustment without a draw. Brightness multiplies, contrast blends with
 * the mean luma of the image, saturation blends with each pixel's luma (torchvision's {@code adjust_*} with
 * ITU-R 601 luma), each clamped to [0, 1]. Hue differs: torchvision shifts H in HSV by a value uniform in
 * [−hue, hue]; here the chroma is rotated in YIQ space by that fraction of a full turn, a close and cheap stand-in.
 * Saturation and hue apply to RGB images only.
 */
final class ColorJitter {

    private final float p;
    private final float brightness;
    private final float contrast;
    private final float saturation;
    private final float hue;

    ColorJitter(float p, float brightness, float contrast, float saturation, float hue) {
        this.p = p;
        this.brightness = brightness;
        this.contrast = contrast;
        this.saturation = saturation;
        this.hue = hue;
    }

    /**
     * Draws whether to jitter and, if so, the order and the factors, and adjusts {@code img} ({@code channels}
     * planes of {@code plane} floats) in place.
     */
    void apply(float[][] img, int channels, int plane, SplittableRandom rng) {
        if (!(rng.nextDouble() < p)) {
            return;
        }
        int[] order = {0, 1, 2, 3};
        for (int i = 3; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        for (int op : order) {
            switch (op) {
                case 0:
                    if (brightness > 0) {
                        brightness(img, channels, plane, factor(brightness, rng));
                    }
                    break;
                case 1:
                    if (contrast > 0) {
                        contrast(img, channels, plane, factor(contrast, rng));
                    }
                    break;
                case 2:
                    if (channels == 3 && saturation > 0) {
                        saturation(img, plane, factor(saturation, rng));
                    }
                    break;
                default:
                    if (channels == 3 && hue > 0) {
                        double angle = (rng.nextDouble() * 2 - 1) * hue * 2 * Math.PI;
                        rotateHue(img, plane, (float) Math.cos(angle), (float) Math.sin(angle));
                    }
                    break;
            }
        }
    }

    /** A factor uniform in [max(0, 1 − strength), 1 + strength]. */
    static float factor(float strength, SplittableRandom rng) {
        return (float) (Math.max(0, 1 - strength) + rng.nextDouble() * (1 + strength - Math.max(0, 1 - strength)));
    }

    /** torchvision's {@code adjust_brightness}: {@code clamp(v · f)}. */
    static void brightness(float[][] img, int channels, int plane, float f) {
        for (int c = 0; c < channels; c++) {
            float[] v = img[c];
            for (int i = 0; i < plane; i++) {
                v[i] = clamp(v[i] * f);
            }
        }
    }

    /**
     * torchvision's {@code adjust_contrast}: {@code clamp((v − m) · f + m)}, m the mean luma of the image (summed in
     * double, pixel after pixel).
     */
    static void contrast(float[][] img, int channels, int plane, float f) {
        double sum = 0;
        if (channels == 3) {
            float[] luma = Pixels.scratch(Pixels.HUE, plane);
            float[] r = img[0];
            float[] g = img[1];
            float[] b = img[2];
            for (int i = 0; i < plane; i++) {
                luma[i] = Pixels.luma(r, g, b, i);
            }
            for (int i = 0; i < plane; i++) {
                sum += luma[i];
            }
        } else {
            float[] v = img[0];
            for (int i = 0; i < plane; i++) {
                sum += v[i];
            }
        }
        float m = (float) (sum / plane);
        for (int c = 0; c < channels; c++) {
            float[] v = img[c];
            for (int i = 0; i < plane; i++) {
                v[i] = clamp((v[i] - m) * f + m);
            }
        }
    }

    /** torchvision's {@code adjust_saturation}: {@code clamp((v − y) · f + y)}, y the pixel's luma. */
    static void saturation(float[][] img, int plane, float f) {
        float[] r = img[0];
        float[] g = img[1];
        float[] b = img[2];
        for (int i = 0; i < plane; i++) {
            float y = Pixels.luma(r, g, b, i);
            r[i] = clamp((r[i] - y) * f + y);
            g[i] = clamp((g[i] - y) * f + y);
            b[i] = clamp((b[i] - y) * f + y);
        }
    }

    /**
     * Rotates chroma in YIQ space by the angle whose cosine and sine are given. Luma and the rotated chroma go to
     * scratch planes first, then each channel is written in its own loop (so that both loops vectorise).
     */
    static void rotateHue(float[][] img, int plane, float cos, float sin) {
        float[] red = img[0];
        float[] green = img[1];
        float[] blue = img[2];
        float[] luma = Pixels.scratch(Pixels.HUE, plane);
        float[] inPhase = Pixels.scratch(Pixels.HUE + 1, plane);
        float[] quadrature = Pixels.scratch(Pixels.HUE + 2, plane);
        for (int p = 0; p < plane; p++) {
            float r = red[p];
            float g = green[p];
            float b = blue[p];
            float i = 0.596f * r - 0.274f * g - 0.322f * b;
            float q = 0.211f * r - 0.523f * g + 0.312f * b;
            luma[p] = 0.299f * r + 0.587f * g + 0.114f * b;
            inPhase[p] = i * cos - q * sin;
            quadrature[p] = i * sin + q * cos;
        }
        for (int p = 0; p < plane; p++) {
            red[p] = clamp(luma[p] + 0.956f * inPhase[p] + 0.621f * quadrature[p]);
        }
        for (int p = 0; p < plane; p++) {
            green[p] = clamp(luma[p] - 0.272f * inPhase[p] - 0.647f * quadrature[p]);
        }
        for (int p = 0; p < plane; p++) {
            blue[p] = clamp(luma[p] - 1.106f * inPhase[p] + 1.703f * quadrature[p]);
        }
    }

    private static float clamp(float v) {
        return Pixels.clamp(v);
    }
}
