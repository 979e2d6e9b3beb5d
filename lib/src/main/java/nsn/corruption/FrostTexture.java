package nsn.corruption;

import java.util.SplittableRandom;

/**
 * A procedural stand-in for the six frost photographs ({@code frost1.png} … {@code frost6.jpg}) that the original
 * {@code frost} corruption crops from; nsn cannot ship them. The layer is a bluish-white mix of a smooth haze (a
 * plasma fractal, wibble decay 2.2) and ice needles: straight bright segments at random positions and angles, each
 * with side branches at ±60°, blurred slightly. It is drawn at the resolution the original cropped at (the image
 * size for ImageNet-C; five times the image size, then box-downsampled, for CIFAR-10-C, whose script shrinks the
 * photographs to 0.2 before cropping 32 px). Values are in [0, 1] (the original's 0–255 divided by 255).
 */
final class FrostTexture {

    /** Needles per pixel of the drawing canvas: 224 × 224 / 700 ≈ 72 needles on an ImageNet image. */
    static final double PIXELS_PER_NEEDLE = 700;
    /** Colour of full-intensity frost (R, G, B): bluish white. */
    static final double[] TINT = {0.86, 0.93, 1.0};

    private FrostTexture() {}

    /** Three planes ({@code 3 × h × w}, RGB) of frost in [0, 1]. */
    static double[] make(int h, int w, Scale scale, SplittableRandom random) {
        int factor = scale == Scale.CIFAR ? 5 : 1;
        int rh = h * factor;
        int rw = w * factor;
        double[] f = intensity(rh, rw, random);
        if (factor > 1) {
            f = Filter1D.box(rh, h).columns(Filter1D.box(rw, w).rows(f, rh), w);
        }
        int plane = h * w;
        double[] rgb = new double[3 * plane];
        for (int ch = 0; ch < 3; ch++) {
            for (int i = 0; i < plane; i++) {
                rgb[ch * plane + i] = f[i] * TINT[ch];
            }
        }
        return rgb;
    }

    /** The grey frost intensity of an {@code h × w} canvas, in [0, 1]. */
    static double[] intensity(int h, int w, SplittableRandom random) {
        int side = Ops.nextPowerOfTwo(Math.max(h, w));
        double[] haze = Ops.topLeft(Ops.plasma(side, 2.2, random), side, h, w);
        double[] needles = new double[h * w];
        double s = Math.min(h, w);
        int count = Math.max(1, (int) Math.round(h * w / PIXELS_PER_NEEDLE));
        for (int n = 0; n < count; n++) {
            double y0 = random.nextDouble(0, h);
            double x0 = random.nextDouble(0, w);
            double angle = random.nextDouble(0, Math.PI);
            double length = s * random.nextDouble(0.05, 0.3);
            double level = random.nextDouble(0.5, 1.0);
            line(needles, h, w, y0, x0, angle, length, level);
            int branches = 5;
            for (int b = 1; b < branches; b++) {
                if (random.nextDouble() < 0.6) {
                    double t = length * b / branches - length / 2;
                    double by = y0 + t * Math.sin(angle);
                    double bx = x0 + t * Math.cos(angle);
                    double ba = angle + (random.nextBoolean() ? 1 : -1) * Math.PI / 3;
                    double bl = length * random.nextDouble(0.2, 0.45);
                    line(needles, h, w, by + bl / 2 * Math.sin(ba), bx + bl / 2 * Math.cos(ba), ba, bl, 0.7 * level);
                }
            }
        }
        double[] soft = Ops.gaussian(needles, h, w, 1.2 * s / 224, 4.0, Filter1D.Border.NEAREST);
        double[] f = new double[h * w];
        for (int i = 0; i < f.length; i++) {
            f[i] = Math.min(Math.max(0.25 + 0.35 * haze[i] + 0.4 * needles[i] + 0.8 * soft[i], 0), 1);
        }
        return f;
    }

    /** Draws a segment of {@code length} centred at (y0, x0), keeping the brighter value per pixel. */
    private static void line(double[] map, int h, int w, double y0, double x0, double angle, double length,
            double level) {
        double dy = Math.sin(angle);
        double dx = Math.cos(angle);
        int steps = (int) Math.ceil(length * 2);
        for (int i = 0; i <= steps; i++) {
            double t = -length / 2 + length * i / Math.max(steps, 1);
            int y = (int) Math.floor(y0 + t * dy);
            int x = (int) Math.floor(x0 + t * dx);
            if (y >= 0 && y < h && x >= 0 && x < w) {
                map[y * w + x] = Math.max(map[y * w + x], level);
            }
        }
    }
}
