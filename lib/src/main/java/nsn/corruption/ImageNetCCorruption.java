package nsn.corruption;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import nsn.data.ByteImage;

/**
 * The 15 corruptions with their published parameters. Each works on the image as floating-point planes in [0, 1]
 * and converts back to bytes the way the original scripts did: {@code np.uint8} truncation of
 * {@code clip(x, 0, 1) × 255} (plus 1e-6 to absorb floating-point error), except motion blur (rounded, as the
 * ImageMagick round trip through PNG does), pixelate (PIL's rounding per resampling pass) and JPEG (the decoder's
 * bytes).
 *
 * <p>Parameter values: {@code ImageNet-C/create_c/make_imagenet_c.py} and {@code make_cifar_c.py} of
 * {@code hendrycks/robustness} (commits {@code e0377d4} and {@code ca36008} as read for nsn).
 */
final class ImageNetCCorruption implements Corruption {

    /** The 15 corruptions in ImageNet-C's order. */
    enum Kind {
        GAUSSIAN_NOISE, SHOT_NOISE, IMPULSE_NOISE, DEFOCUS_BLUR, GLASS_BLUR, MOTION_BLUR, ZOOM_BLUR, SNOW, FROST,
        FOG, BRIGHTNESS, CONTRAST, ELASTIC_TRANSFORM, PIXELATE, JPEG_COMPRESSION
    }

    static final List<Corruption> ALL;

    static {
        List<Corruption> all = new ArrayList<>();
        for (Kind k : Kind.values()) {
            all.add(new ImageNetCCorruption(k));
        }
        ALL = Collections.unmodifiableList(all);
    }

    private final Kind kind;
    private final String name;
    private final List<String> parameterNames;
    private final double[][] imagenet;
    private final double[][] cifar;

    private ImageNetCCorruption(Kind kind) {
        this.kind = kind;
        this.name = kind.name().toLowerCase(Locale.ROOT);
        switch (kind) {
            case GAUSSIAN_NOISE -> {
                parameterNames = List.of("sigma");
                imagenet = col(.08, .12, .18, .26, .38);
                cifar = col(.04, .06, .08, .09, .10);
            }
            case SHOT_NOISE -> {
                parameterNames = List.of("photons per unit intensity");
                imagenet = col(60, 25, 12, 5, 3);
                cifar = col(500, 250, 100, 75, 50);
            }
            case IMPULSE_NOISE -> {
                parameterNames = List.of("salt-and-pepper amount");
                imagenet = col(.03, .06, .09, .17, .27);
                cifar = col(.01, .02, .03, .05, .07);
            }
            case DEFOCUS_BLUR -> {
                parameterNames = List.of("disk radius", "alias blur sigma");
                imagenet = rows(new double[][] {{3, .1}, {4, .5}, {6, .5}, {8, .5}, {10, .5}});
                cifar = rows(new double[][] {{.3, .4}, {.4, .5}, {.5, .6}, {1, .2}, {1.5, .1}});
            }
            case GLASS_BLUR -> {
                parameterNames = List.of("sigma", "max delta", "iterations");
                imagenet = rows(new double[][] {{.7, 1, 2}, {.9, 2, 1}, {1, 2, 3}, {1.1, 3, 2}, {1.5, 4, 2}});
                cifar = rows(new double[][] {{.05, 1, 1}, {.25, 1, 1}, {.4, 1, 1}, {.25, 1, 2}, {.4, 1, 2}});
            }
            case MOTION_BLUR -> {
                parameterNames = List.of("radius", "sigma");
                imagenet = rows(new double[][] {{10, 3}, {15, 5}, {15, 8}, {15, 12}, {20, 15}});
                cifar = rows(new double[][] {{6, 1}, {6, 1.5}, {6, 2}, {8, 2}, {9, 2.5}});
            }
            case ZOOM_BLUR -> {
                parameterNames = List.of("first zoom", "stop (exclusive)", "zoom step");
                imagenet = rows(new double[][] {{1, 1.11, .01}, {1, 1.16, .01}, {1, 1.21, .02}, {1, 1.26, .02},
                    {1, 1.31, .03}});
                cifar = rows(new double[][] {{1, 1.06, .01}, {1, 1.11, .01}, {1, 1.16, .01}, {1, 1.21, .01},
                    {1, 1.26, .01}});
            }
            case SNOW -> {
                parameterNames = List.of("mean", "std", "zoom", "threshold", "blur radius", "blur sigma",
                        "image weight");
                imagenet = rows(new double[][] {{.1, .3, 3, .5, 10, 4, .8}, {.2, .3, 2, .5, 12, 4, .7},
                    {.55, .3, 4, .9, 12, 8, .7}, {.55, .3, 4.5, .85, 12, 8, .65}, {.55, .3, 2.5, .85, 12, 12, .55}});
                cifar = rows(new double[][] {{.1, .2, 1, .6, 8, 3, .95}, {.1, .2, 1, .5, 10, 4, .9},
                    {.15, .3, 1.75, .55, 10, 4, .9}, {.25, .3, 2.25, .6, 12, 6, .85}, {.3, .3, 1.25, .65, 14, 12, .8}});
            }
            case FROST -> {
                parameterNames = List.of("image weight", "frost weight");
                imagenet = rows(new double[][] {{1, .4}, {.8, .6}, {.7, .7}, {.65, .7}, {.6, .75}});
                cifar = rows(new double[][] {{1, .2}, {1, .3}, {.9, .4}, {.85, .4}, {.75, .45}});
            }
            case FOG -> {
                parameterNames = List.of("fog strength", "wibble decay");
                imagenet = rows(new double[][] {{1.5, 2}, {2, 2}, {2.5, 1.7}, {2.5, 1.5}, {3, 1.4}});
                cifar = rows(new double[][] {{.2, 3}, {.5, 3}, {.75, 2.5}, {1, 2}, {1.5, 1.75}});
            }
            case BRIGHTNESS -> {
                parameterNames = List.of("added HSV value");
                imagenet = col(.1, .2, .3, .4, .5);
                cifar = col(.05, .1, .15, .2, .3);
            }
            case CONTRAST -> {
                parameterNames = List.of("contrast factor");
                imagenet = col(.4, .3, .2, .1, .05);
                cifar = col(.75, .5, .4, .3, .15);
            }
            case ELASTIC_TRANSFORM -> {
                parameterNames = List.of("alpha (px)", "sigma (px)", "affine jitter (px)");
                // make_imagenet_c.py writes these as multiples of 244 (its comment: "should have been 224").
                imagenet = rows(new double[][] {{244 * 2., 244 * .7, 244 * .1}, {244 * 2., 244 * .08, 244 * .2},
                    {244 * .05, 244 * .01, 244 * .02}, {244 * .07, 244 * .01, 244 * .02},
                    {244 * .12, 244 * .01, 244 * .02}});
                cifar = rows(new double[][] {{32 * 0., 32 * 0., 32 * .08}, {32 * .05, 32 * .2, 32 * .07},
                    {32 * .08, 32 * .06, 32 * .06}, {32 * .1, 32 * .04, 32 * .05}, {32 * .1, 32 * .03, 32 * .03}});
            }
            case PIXELATE -> {
                parameterNames = List.of("downscale factor");
                imagenet = col(.6, .5, .4, .3, .25);
                cifar = col(.95, .9, .85, .75, .65);
            }
            case JPEG_COMPRESSION -> {
                parameterNames = List.of("JPEG quality");
                imagenet = col(25, 18, 15, 10, 7);
                cifar = col(80, 65, 58, 50, 40);
            }
            default -> throw new AssertionError(kind);
        }
    }

    private static double[][] col(double... values) {
        double[][] t = new double[values.length][];
        for (int i = 0; i < values.length; i++) {
            t[i] = new double[] {values[i]};
        }
        return t;
    }

    private static double[][] rows(double[][] t) {
        return t;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<String> parameterNames() {
        return parameterNames;
    }

    @Override
    public List<Double> parameters(Scale scale, int severity) {
        double[] p = params(scale, severity);
        List<Double> out = new ArrayList<>(p.length);
        for (double v : p) {
            out.add(v);
        }
        return List.copyOf(out);
    }

    private double[] params(Scale scale, int severity) {
        Corruption.checkSeverity(severity);
        return (scale == Scale.CIFAR ? cifar : imagenet)[severity - 1];
    }

    @Override
    public String toString() {
        return name;
    }

    @Override
    public ByteImage apply(ByteImage clean, int severity, Scale scale, SplittableRandom random) {
        double[] p = params(scale, severity);
        int c = clean.channels();
        int h = clean.height();
        int w = clean.width();
        switch (kind) {
            case JPEG_COMPRESSION:
                return jpeg(clean, (int) p[0]);
            case PIXELATE:
                return pixelate(clean, p[0], scale);
            case MOTION_BLUR: {
                double angle = random.nextDouble(-45, 45);
                double[] x = toUnit(clean);
                int plane = h * w;
                double[] out = new double[x.length];
                for (int ch = 0; ch < c; ch++) {
                    double[] blurred = Ops.motionBlur(slice(x, ch, plane), h, w, p[0], p[1], angle);
                    System.arraycopy(blurred, 0, out, ch * plane, plane);
                }
                return fromUnitRounded(out, c, h, w);
            }
            default:
                break;
        }
        double[] x = toUnit(clean);
        double[] y = switch (kind) {
            case GAUSSIAN_NOISE -> gaussianNoise(x, p[0], random);
            case SHOT_NOISE -> shotNoise(x, p[0], random);
            case IMPULSE_NOISE -> impulseNoise(x, p[0], random);
            case DEFOCUS_BLUR -> defocusBlur(x, c, h, w, p[0], p[1]);
            case GLASS_BLUR -> glassBlur(x, c, h, w, p[0], (int) p[1], (int) p[2], random);
            case ZOOM_BLUR -> zoomBlur(x, c, h, w, p[0], p[1], p[2]);
            case SNOW -> snow(x, c, h, w, p, random);
            case FROST -> frost(x, c, h, w, p[0], p[1], scale, random);
            case FOG -> fog(x, c, h, w, p[0], p[1], random);
            case BRIGHTNESS -> brightness(x, c, h, w, p[0]);
            case CONTRAST -> contrast(x, c, h, w, p[0]);
            case ELASTIC_TRANSFORM -> elastic(x, c, h, w, p[0], p[1], p[2], random);
            default -> throw new AssertionError(kind);
        };
        return fromUnitTruncated(y, c, h, w);
    }

    // ------------------------------------------------------------------------------------------------------------
    // Conversions

    static double[] toUnit(ByteImage image) {
        byte[] px = image.pixels();
        double[] x = new double[px.length];
        for (int i = 0; i < px.length; i++) {
            x[i] = (px[i] & 0xFF) / 255.0;
        }
        return x;
    }

    /** {@code np.uint8(clip(x, 0, 1) × 255)}: truncation, after 1e-6 for floating-point error. */
    static ByteImage fromUnitTruncated(double[] x, int c, int h, int w) {
        byte[] out = new byte[x.length];
        for (int i = 0; i < x.length; i++) {
            double v = Math.min(Math.max(x[i], 0), 1) * 255 + 1e-6;
            out[i] = (byte) Math.min((int) v, 255);
        }
        return new ByteImage(c, h, w, out);
    }

    static ByteImage fromUnitRounded(double[] x, int c, int h, int w) {
        byte[] out = new byte[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (byte) (int) Math.round(Math.min(Math.max(x[i], 0), 1) * 255);
        }
        return new ByteImage(c, h, w, out);
    }

    private static double[] slice(double[] x, int ch, int plane) {
        double[] s = new double[plane];
        System.arraycopy(x, ch * plane, s, 0, plane);
        return s;
    }

    // ------------------------------------------------------------------------------------------------------------
    // Noise

    private static double[] gaussianNoise(double[] x, double sigma, SplittableRandom random) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i] + sigma * random.nextGaussian();
        }
        return y;
    }

    private static double[] shotNoise(double[] x, double photons, SplittableRandom random) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = Ops.poisson(random, x[i] * photons) / photons;
        }
        return y;
    }

    /**
     * skimage's {@code random_noise(mode='s&p')}: each value is replaced with probability {@code amount}, by 0 or 1
     * with equal odds.
     */
    private static double[] impulseNoise(double[] x, double amount, SplittableRandom random) {
        double[] y = x.clone();
        for (int i = 0; i < x.length; i++) {
            if (random.nextDouble() < amount) {
                y[i] = random.nextDouble() < 0.5 ? 1 : 0;
            }
        }
        return y;
    }

    // ------------------------------------------------------------------------------------------------------------
    // Blur

    /**
     * {@code disk(radius, alias_blur)}: an aliased disk {@code X² + Y² <= r²} on a 17 × 17 grid (radius up to 8)
     * or a {@code (2r+1)²} one, normalised, then blurred by OpenCV's {@code GaussianBlur} (3 × 3, or 5 × 5 above
     * radius 8; reflect-101 border). Returns the kernel of side {@code kernel.length}'s square root.
     */
    static double[] disk(double radius, double aliasBlur) {
        int r = radius <= 8 ? 8 : (int) radius;
        int k = 2 * r + 1;
        int ksize = radius <= 8 ? 3 : 5;
        double[] d = new double[k * k];
        double sum = 0;
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                double yy = i - r;
                double xx = j - r;
                if (xx * xx + yy * yy <= radius * radius) {
                    d[i * k + j] = 1;
                    sum++;
                }
            }
        }
        for (int i = 0; i < d.length; i++) {
            d[i] /= sum;
        }
        double[] taps = new double[ksize];
        double tsum = 0;
        for (int i = 0; i < ksize; i++) {
            double u = i - (ksize - 1) / 2.0;
            taps[i] = Math.exp(-u * u / (2 * aliasBlur * aliasBlur));
            tsum += taps[i];
        }
        for (int i = 0; i < ksize; i++) {
            taps[i] /= tsum;
        }
        Filter1D f = Filter1D.kernel(k, taps, Filter1D.Border.REFLECT_101);
        return f.columns(f.rows(d, k), k);
    }

    private static double[] defocusBlur(double[] x, int c, int h, int w, double radius, double aliasBlur) {
        double[] kernel = disk(radius, aliasBlur);
        int k = (int) Math.round(Math.sqrt(kernel.length));
        int plane = h * w;
        double[] y = new double[x.length];
        for (int ch = 0; ch < c; ch++) {
            double[] out = Ops.filter2d(slice(x, ch, plane), h, w, kernel, k, Filter1D.Border.REFLECT_101);
            System.arraycopy(out, 0, y, ch * plane, plane);
        }
        return y;
    }

    private static double[] gaussianAll(double[] x, int c, int h, int w, double sigma) {
        int plane = h * w;
        double[] y = new double[x.length];
        for (int ch = 0; ch < c; ch++) {
            double[] out = Ops.gaussian(slice(x, ch, plane), h, w, sigma, 4.0, Filter1D.Border.NEAREST);
            System.arraycopy(out, 0, y, ch * plane, plane);
        }
        return y;
    }

    /**
     * Gaussian blur, quantised to bytes, then {@code iterations} sweeps from the bottom-right to the top-left
     * replacing each pixel (all channels) by the one at offset {@code U{-d, …, d-1}} in each axis, then blur again.
     *
     * <p>The published code writes this step as a swap, {@code x[h, w], x[h', w'] = x[h', w'], x[h, w]}, but on an
     * HWC numpy array {@code x[h, w]} is a view of the pixel, so the second assignment copies the already overwritten
     * value back: the pixel at (h, w) takes the neighbour's value and the neighbour is unchanged. nsn does the same,
     * since that is what made ImageNet-C and CIFAR-10-C.
     */
    private static double[] glassBlur(double[] x, int c, int h, int w, double sigma, int delta, int iterations,
            SplittableRandom random) {
        double[] b = gaussianAll(x, c, h, w, sigma);
        int plane = h * w;
        for (int i = 0; i < b.length; i++) {
            b[i] = Math.floor(Math.min(Math.max(b[i], 0), 1) * 255 + 1e-6) / 255.0;
        }
        for (int it = 0; it < iterations; it++) {
            for (int yy = h - delta; yy > delta; yy--) {
                for (int xx = w - delta; xx > delta; xx--) {
                    int dx = random.nextInt(-delta, delta);
                    int dy = random.nextInt(-delta, delta);
                    int a = yy * w + xx;
                    int o = (yy + dy) * w + (xx + dx);
                    for (int ch = 0; ch < c; ch++) {
                        b[ch * plane + a] = b[ch * plane + o];
                    }
                }
            }
        }
        return gaussianAll(b, c, h, w, sigma);
    }

    /** The zoom factors {@code np.arange(start, stop, step)}: {@code ceil((stop - start) / step)} of them. */
    static double[] arange(double start, double stop, double step) {
        int n = (int) Math.ceil((stop - start) / step);
        double[] z = new double[n];
        for (int i = 0; i < n; i++) {
            z[i] = start + i * step;
        }
        return z;
    }

    private static double[] zoomBlur(double[] x, int c, int h, int w, double start, double stop, double step) {
        double[] zooms = arange(start, stop, step);
        int plane = h * w;
        double[] y = x.clone();
        for (int ch = 0; ch < c; ch++) {
            double[] p = slice(x, ch, plane);
            for (double z : zooms) {
                double[] zoomed = Ops.clippedZoom(p, h, w, z);
                for (int i = 0; i < plane; i++) {
                    y[ch * plane + i] += zoomed[i];
                }
            }
        }
        for (int i = 0; i < y.length; i++) {
            y[i] /= zooms.length + 1;
        }
        return y;
    }

    // ------------------------------------------------------------------------------------------------------------
    // Weather

    private static double[] gray(double[] x, int c, int plane) {
        if (c == 1) {
            return x.clone();
        }
        double[] g = new double[plane];
        for (int i = 0; i < plane; i++) {
            g[i] = Ops.luma(x[i], x[plane + i], x[2 * plane + i]);
        }
        return g;
    }

    /**
     * Snow: a Gaussian layer (mean, std) zoomed, thresholded, quantised, motion-blurred at an angle in
     * [-135°, -45°), added to the image twice (as is and rotated 180°) after lightening the image towards
     * {@code 1.5 gray + 0.5}.
     */
    private static double[] snow(double[] x, int c, int h, int w, double[] p, SplittableRandom random) {
        int plane = h * w;
        double[] layer = new double[plane];
        for (int i = 0; i < plane; i++) {
            layer[i] = p[0] + p[1] * random.nextGaussian();
        }
        layer = Ops.clippedZoom(layer, h, w, p[2]);
        for (int i = 0; i < plane; i++) {
            double v = layer[i] < p[3] ? 0 : layer[i];
            layer[i] = Math.floor(Math.min(Math.max(v, 0), 1) * 255);
        }
        double angle = random.nextDouble(-135, -45);
        double[] blurred = Ops.motionBlur(layer, h, w, p[4], p[5], angle);
        for (int i = 0; i < plane; i++) {
            blurred[i] = Math.round(Math.min(Math.max(blurred[i], 0), 255)) / 255.0;
        }
        double[] g = gray(x, c, plane);
        double keep = p[6];
        double[] y = new double[x.length];
        for (int ch = 0; ch < c; ch++) {
            for (int i = 0; i < plane; i++) {
                double v = x[ch * plane + i];
                v = keep * v + (1 - keep) * Math.max(v, g[i] * 1.5 + 0.5);
                y[ch * plane + i] = v + blurred[i] + blurred[plane - 1 - i];
            }
        }
        return y;
    }

    /**
     * Frost: {@code a·x + b·frost}, with a procedural frost layer in place of the six photographs of the original
     * (see {@link FrostTexture}).
     */
    private static double[] frost(double[] x, int c, int h, int w, double imageWeight, double frostWeight,
            Scale scale, SplittableRandom random) {
        double[] f = FrostTexture.make(h, w, scale, random);
        int plane = h * w;
        double[] y = new double[x.length];
        for (int ch = 0; ch < c; ch++) {
            for (int i = 0; i < plane; i++) {
                double layer = c == 1 ? Ops.luma(f[i], f[plane + i], f[2 * plane + i]) : f[ch * plane + i];
                y[ch * plane + i] = imageWeight * x[ch * plane + i] + frostWeight * layer;
            }
        }
        return y;
    }

    /** Fog: a plasma fractal added with weight {@code strength}, then rescaled by {@code max / (max + strength)}. */
    private static double[] fog(double[] x, int c, int h, int w, double strength, double decay,
            SplittableRandom random) {
        int side = Ops.nextPowerOfTwo(Math.max(h, w));
        double[] fractal = Ops.topLeft(Ops.plasma(side, decay, random), side, h, w);
        double max = 0;
        for (double v : x) {
            max = Math.max(max, v);
        }
        int plane = h * w;
        double[] y = new double[x.length];
        for (int ch = 0; ch < c; ch++) {
            for (int i = 0; i < plane; i++) {
                y[ch * plane + i] = (x[ch * plane + i] + strength * fractal[i]) * max / (max + strength);
            }
        }
        return y;
    }

    // ------------------------------------------------------------------------------------------------------------
    // Digital

    /** HSV value {@code + amount} (clipped to 1) with hue and saturation kept; grayscale: {@code x + amount}. */
    private static double[] brightness(double[] x, int c, int h, int w, double amount) {
        int plane = h * w;
        double[] y = new double[x.length];
        if (c == 1) {
            for (int i = 0; i < plane; i++) {
                y[i] = Math.min(x[i] + amount, 1);
            }
            return y;
        }
        double[] hsv = new double[3];
        double[] rgb = new double[3];
        for (int i = 0; i < plane; i++) {
            Ops.rgbToHsv(x[i], x[plane + i], x[2 * plane + i], hsv);
            Ops.hsvToRgb(hsv[0], hsv[1], Math.min(Math.max(hsv[2] + amount, 0), 1), rgb);
            y[i] = rgb[0];
            y[plane + i] = rgb[1];
            y[2 * plane + i] = rgb[2];
        }
        return y;
    }

    /** {@code (x - mean) · factor + mean}, the mean taken per channel over the image. */
    private static double[] contrast(double[] x, int c, int h, int w, double factor) {
        int plane = h * w;
        double[] y = new double[x.length];
        for (int ch = 0; ch < c; ch++) {
            double mean = 0;
            for (int i = 0; i < plane; i++) {
                mean += x[ch * plane + i];
            }
            mean /= plane;
            for (int i = 0; i < plane; i++) {
                y[ch * plane + i] = (x[ch * plane + i] - mean) * factor + mean;
            }
        }
        return y;
    }

    /**
     * A random affine warp (three points around the centre moved by {@code U(-jitter, jitter)}; bilinear,
     * reflect-101 border), then a displacement field of uniform noise smoothed by a Gaussian of {@code sigma}
     * (reflect border, truncated at 3 sigma) times {@code alpha}, sampled bilinearly (reflect border).
     */
    private static double[] elastic(double[] x, int c, int h, int w, double alpha, double sigma, double jitter,
            SplittableRandom random) {
        double cy = h / 2;
        double cx = w / 2;
        double sq = Math.min(h, w) / 3;
        double[][] src = {{cx + sq, cy + sq}, {cx + sq, cy - sq}, {cx - sq, cy - sq}};
        double[][] dst = new double[3][2];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 2; j++) {
                dst[i][j] = src[i][j] + (float) random.nextDouble(-jitter, jitter);
            }
        }
        double[] m = affine(src, dst);
        // inverse of [[a b c] [d e f]] for dst -> src sampling
        double det = m[0] * m[4] - m[1] * m[3];
        double ia = m[4] / det;
        double ib = -m[1] / det;
        double id = -m[3] / det;
        double ie = m[0] / det;
        int plane = h * w;
        double[] warped = new double[x.length];
        for (int yy = 0; yy < h; yy++) {
            for (int xx = 0; xx < w; xx++) {
                double u = xx - m[2];
                double v = yy - m[5];
                double sx = ia * u + ib * v;
                double sy = id * u + ie * v;
                for (int ch = 0; ch < c; ch++) {
                    warped[ch * plane + yy * w + xx] = Ops.bilinear(x, ch * plane, h, w, sy, sx,
                            Filter1D.Border.REFLECT_101);
                }
            }
        }
        double[] dx = new double[plane];
        double[] dy = new double[plane];
        for (int i = 0; i < plane; i++) {
            dx[i] = random.nextDouble(-1, 1);
        }
        for (int i = 0; i < plane; i++) {
            dy[i] = random.nextDouble(-1, 1);
        }
        dx = Ops.gaussian(dx, h, w, sigma, 3.0, Filter1D.Border.REFLECT);
        dy = Ops.gaussian(dy, h, w, sigma, 3.0, Filter1D.Border.REFLECT);
        double[] y = new double[x.length];
        for (int yy = 0; yy < h; yy++) {
            for (int xx = 0; xx < w; xx++) {
                int i = yy * w + xx;
                double sy = yy + alpha * dy[i];
                double sx = xx + alpha * dx[i];
                for (int ch = 0; ch < c; ch++) {
                    y[ch * plane + i] = Ops.bilinear(warped, ch * plane, h, w, sy, sx, Filter1D.Border.REFLECT);
                }
            }
        }
        return y;
    }

    /** The affine map {@code [a b c; d e f]} taking the three {@code src} points (x, y) to {@code dst}. */
    static double[] affine(double[][] src, double[][] dst) {
        double x0 = src[0][0], y0 = src[0][1], x1 = src[1][0], y1 = src[1][1], x2 = src[2][0], y2 = src[2][1];
        double det = x0 * (y1 - y2) - y0 * (x1 - x2) + (x1 * y2 - x2 * y1);
        double[] out = new double[6];
        for (int r = 0; r < 2; r++) {
            double u0 = dst[0][r], u1 = dst[1][r], u2 = dst[2][r];
            double a = (u0 * (y1 - y2) - y0 * (u1 - u2) + (u1 * y2 - u2 * y1)) / det;
            double b = (x0 * (u1 - u2) - u0 * (x1 - x2) + (x1 * u2 - x2 * u1)) / det;
            double cc = (x0 * (y1 * u2 - y2 * u1) - y0 * (x1 * u2 - x2 * u1) + u0 * (x1 * y2 - x2 * y1)) / det;
            out[3 * r] = a;
            out[3 * r + 1] = b;
            out[3 * r + 2] = cc;
        }
        return out;
    }

    /** PIL BOX resize to {@code int(side × factor)} per axis and back, each pass rounded to bytes like PIL. */
    private static ByteImage pixelate(ByteImage clean, double factor, Scale scale) {
        int c = clean.channels();
        int h = clean.height();
        int w = clean.width();
        int sh = Math.max(1, (int) (h * factor));
        int sw = Math.max(1, (int) (w * factor));
        byte[] px = clean.pixels();
        int plane = h * w;
        byte[] out = new byte[px.length];
        for (int ch = 0; ch < c; ch++) {
            double[] p = new double[plane];
            for (int i = 0; i < plane; i++) {
                p[i] = px[ch * plane + i] & 0xFF;
            }
            double[] small = roundBytes(Filter1D.box(h, sh).columns(roundBytes(Filter1D.box(w, sw).rows(p, h)), sw));
            double[] big = roundBytes(Filter1D.box(sh, h).columns(roundBytes(Filter1D.box(sw, w).rows(small, sh)), w));
            for (int i = 0; i < plane; i++) {
                out[ch * plane + i] = (byte) (int) big[i];
            }
        }
        return new ByteImage(c, h, w, out);
    }

    private static double[] roundBytes(double[] v) {
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.min(Math.max(Math.floor(v[i] + 0.5), 0), 255);
        }
        return v;
    }

    /** Encodes with {@code javax.imageio}'s JPEG writer at {@code quality}/100 and decodes again. */
    static ByteImage jpeg(ByteImage clean, int quality) {
        BufferedImage img = clean.toBufferedImage();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality / 100f);
            writer.write(null, new IIOImage(img, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException("JPEG encoding failed", e);
        } finally {
            writer.dispose();
        }
        try {
            BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(bytes.toByteArray()));
            ByteImage back = ByteImage.of(decoded);
            if (back.channels() != clean.channels()) {
                throw new IllegalStateException("JPEG round trip changed channels from " + clean.channels() + " to "
                        + back.channels());
            }
            return back;
        } catch (IOException e) {
            throw new UncheckedIOException("JPEG decoding failed", e);
        }
    }
}
