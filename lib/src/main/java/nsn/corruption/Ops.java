package nsn.corruption;

import java.util.SplittableRandom;

/** Building blocks shared by the corruptions: random variates, fractal noise, zoom, blur kernels, colour spaces. */
final class Ops {

    private Ops() {}

    // ------------------------------------------------------------------------------------------------------------
    // Random variates

    /**
     * A Poisson variate of mean {@code lambda}: multiplication of uniforms below 10, else Hörmann's transformed
     * rejection with squeeze (PTRS, 1993), the method numpy's {@code poisson} uses for large means.
     */
    static int poisson(SplittableRandom random, double lambda) {
        if (lambda <= 0) {
            return 0;
        }
        if (lambda < 10) {
            double limit = Math.exp(-lambda);
            double p = 1;
            int k = 0;
            while (true) {
                p *= random.nextDouble();
                if (p <= limit) {
                    return k;
                }
                k++;
            }
        }
        double slam = Math.sqrt(lambda);
        double logLam = Math.log(lambda);
        double b = 0.931 + 2.53 * slam;
        double a = -0.059 + 0.02483 * b;
        double invAlpha = 1.1239 + 1.1328 / (b - 3.4);
        double vr = 0.9277 - 3.6224 / (b - 2);
        while (true) {
            double u = random.nextDouble() - 0.5;
            double v = random.nextDouble();
            double us = 0.5 - Math.abs(u);
            long k = (long) Math.floor((2 * a / us + b) * u + lambda + 0.43);
            if (us >= 0.07 && v <= vr) {
                return (int) k;
            }
            if (k < 0 || (us < 0.013 && v > us)) {
                continue;
            }
            if (Math.log(v) + Math.log(invAlpha) - Math.log(a / (us * us) + b)
                    <= -lambda + k * logLam - logFactorial(k)) {
                return (int) k;
            }
        }
    }

    private static final double[] LOG_FACTORIAL = new double[32];

    static {
        for (int i = 1; i < LOG_FACTORIAL.length; i++) {
            LOG_FACTORIAL[i] = LOG_FACTORIAL[i - 1] + Math.log(i);
        }
    }

    /** ln(k!), exact below 32, else Stirling's series (error below 1e-12 there). */
    static double logFactorial(long k) {
        if (k < LOG_FACTORIAL.length) {
            return LOG_FACTORIAL[(int) k];
        }
        double n = k;
        double inv = 1 / n;
        double inv2 = inv * inv;
        return n * Math.log(n) - n + 0.5 * Math.log(2 * Math.PI * n)
                + inv * (1.0 / 12 - inv2 * (1.0 / 360 - inv2 / 1260));
    }

    // ------------------------------------------------------------------------------------------------------------
    // Fractal noise

    /**
     * A square height map of side {@code size} (a power of two) by the diamond-square algorithm as
     * {@code plasma_fractal} of the ImageNet-C code describes it: corners start at 0, every midpoint is the mean of
     * its four neighbours (wrapping around) plus {@code wibble × U(-wibble, wibble)}, wibble starting at 100 and
     * divided by {@code wibbleDecay} per level; normalised to [0, 1]. Row-major {@code size × size}.
     */
    static double[] plasma(int size, double wibbleDecay, SplittableRandom random) {
        if (size < 2 || Integer.bitCount(size) != 1) {
            throw new IllegalArgumentException("plasma size must be a power of two >= 2, got " + size);
        }
        int n = size;
        double[] m = new double[n * n];
        double wibble = 100;
        for (int step = n; step >= 2; step /= 2) {
            int half = step / 2;
            int k = n / step;
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                    int i1 = (i + 1) % k;
                    int j1 = (j + 1) % k;
                    double sum = m[i * step * n + j * step] + m[i1 * step * n + j * step]
                            + m[i * step * n + j1 * step] + m[i1 * step * n + j1 * step];
                    m[(i * step + half) * n + j * step + half] = sum / 4 + wibble * random.nextDouble(-wibble, wibble);
                }
            }
            double[] lt = new double[k * k];
            double[] tt = new double[k * k];
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                    int im = (i - 1 + k) % k;
                    int jm = (j - 1 + k) % k;
                    int i1 = (i + 1) % k;
                    int j1 = (j + 1) % k;
                    double dr = m[(i * step + half) * n + j * step + half];
                    double ul = m[i * step * n + j * step];
                    lt[i * k + j] = dr + m[(im * step + half) * n + j * step + half] + ul + m[i * step * n + j1 * step];
                    tt[i * k + j] = dr + m[(i * step + half) * n + jm * step + half] + ul + m[i1 * step * n + j * step];
                }
            }
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                    m[i * step * n + j * step + half] = lt[i * k + j] / 4 + wibble * random.nextDouble(-wibble, wibble);
                }
            }
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                    m[(i * step + half) * n + j * step] =
                            tt[i * k + j] / 4 + wibble * random.nextDouble(-wibble, wibble);
                }
            }
            wibble /= wibbleDecay;
        }
        double min = Double.POSITIVE_INFINITY;
        for (double v : m) {
            min = Math.min(min, v);
        }
        double max = 0;
        for (int i = 0; i < m.length; i++) {
            m[i] -= min;
            max = Math.max(max, m[i]);
        }
        if (max > 0) {
            for (int i = 0; i < m.length; i++) {
                m[i] /= max;
            }
        }
        return m;
    }

    /** The smallest power of two at least {@code n} (and at least 2). */
    static int nextPowerOfTwo(int n) {
        int p = 2;
        while (p < n) {
            p *= 2;
        }
        return p;
    }

    /** The top-left {@code h × w} of a row-major {@code side × side} map. */
    static double[] topLeft(double[] map, int side, int h, int w) {
        double[] out = new double[h * w];
        for (int y = 0; y < h; y++) {
            System.arraycopy(map, y * side, out, y * w, w);
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------------------------
    // Geometry

    /**
     * {@code clipped_zoom} of the ImageNet-C code on one {@code h × w} plane: crop the centre
     * {@code ceil(h/z) × ceil(w/z)}, zoom it by {@code z} with linear interpolation to {@code round(ceil(·) z)}
     * samples per axis ({@code scipy.ndimage.zoom(order=1)}), and keep the centre {@code h × w}.
     */
    static double[] clippedZoom(double[] plane, int h, int w, double zoom) {
        int ch = (int) Math.ceil(h / zoom);
        int cw = (int) Math.ceil(w / zoom);
        int top = (h - ch) / 2;
        int left = (w - cw) / 2;
        double[] crop = new double[ch * cw];
        for (int y = 0; y < ch; y++) {
            System.arraycopy(plane, (top + y) * w + left, crop, y * cw, cw);
        }
        int oh = (int) Math.round(ch * zoom);
        int ow = (int) Math.round(cw * zoom);
        double[] zoomed = Filter1D.linearZoom(ch, oh).columns(Filter1D.linearZoom(cw, ow).rows(crop, ch), ow);
        int trimTop = (oh - h) / 2;
        int trimLeft = (ow - w) / 2;
        double[] out = new double[h * w];
        for (int y = 0; y < h; y++) {
            System.arraycopy(zoomed, (trimTop + y) * ow + trimLeft, out, y * w, w);
        }
        return out;
    }

    /** Gaussian smoothing of a plane, separable, as {@code skimage.filters.gaussian} on one channel. */
    static double[] gaussian(double[] plane, int h, int w, double sigma, double truncate, Filter1D.Border border) {
        if (sigma <= 0) {
            return plane.clone();
        }
        return Filter1D.gaussian(h, sigma, truncate, border)
                .columns(Filter1D.gaussian(w, sigma, truncate, border).rows(plane, h), w);
    }

    /**
     * A 2-D correlation with a square odd kernel ({@code k × k}, row-major), borders by {@code border}, as
     * OpenCV's {@code filter2D}; zero taps are skipped.
     */
    static double[] filter2d(double[] plane, int h, int w, double[] kernel, int k, Filter1D.Border border) {
        int r = k / 2;
        int count = 0;
        for (double v : kernel) {
            if (v != 0) {
                count++;
            }
        }
        int[] dy = new int[count];
        int[] dx = new int[count];
        double[] wt = new double[count];
        int t = 0;
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                if (kernel[i * k + j] != 0) {
                    dy[t] = i - r;
                    dx[t] = j - r;
                    wt[t++] = kernel[i * k + j];
                }
            }
        }
        int[] flat = new int[count];
        for (int q = 0; q < count; q++) {
            flat[q] = dy[q] * w + dx[q];
        }
        double[] out = new double[h * w];
        for (int y = 0; y < h; y++) {
            boolean rowInside = y >= r && y < h - r;
            for (int x = 0; x < w; x++) {
                double v = 0;
                if (rowInside && x >= r && x < w - r) {
                    int base = y * w + x;
                    for (int q = 0; q < count; q++) {
                        v += wt[q] * plane[base + flat[q]];
                    }
                } else {
                    for (int q = 0; q < count; q++) {
                        v += wt[q] * plane[Filter1D.fold(y + dy[q], h, border) * w
                                + Filter1D.fold(x + dx[q], w, border)];
                    }
                }
                out[y * w + x] = v;
            }
        }
        return out;
    }

    /**
     * ImageMagick's {@code MotionBlurImage(radius, sigma, angle)} on one plane: a one-sided Gaussian of
     * {@code 2 ceil(radius) + 1} taps ({@code exp(-i²/2σ²)}, normalised) along the direction {@code angle} degrees
     * (0 = +x, 90 = +y), sample {@code i} taken at offset {@code (ceil(i cos a - 0.5), ceil(i sin a - 0.5))}, edge
     * pixels repeated outside the image.
     */
    static double[] motionBlur(double[] plane, int h, int w, double radius, double sigma, double angleDegrees) {
        int width = 2 * (int) Math.ceil(radius) + 1;
        double[] kernel = new double[width];
        double sum = 0;
        for (int i = 0; i < width; i++) {
            kernel[i] = Math.exp(-(double) i * i / (2 * sigma * sigma));
            sum += kernel[i];
        }
        double a = Math.toRadians(angleDegrees);
        int[] ox = new int[width];
        int[] oy = new int[width];
        for (int i = 0; i < width; i++) {
            kernel[i] /= sum;
            ox[i] = (int) Math.ceil(i * Math.cos(a) - 0.5);
            oy[i] = (int) Math.ceil(i * Math.sin(a) - 0.5);
        }
        double[] out = new double[h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double v = 0;
                for (int i = 0; i < width; i++) {
                    int yy = Math.min(Math.max(y + oy[i], 0), h - 1);
                    int xx = Math.min(Math.max(x + ox[i], 0), w - 1);
                    v += kernel[i] * plane[yy * w + xx];
                }
                out[y * w + x] = v;
            }
        }
        return out;
    }

    /**
     * Bilinear sample of the plane starting at {@code data[offset]} at row {@code sy}, column {@code sx}, neighbours
     * outside folded by {@code border}.
     */
    static double bilinear(double[] data, int offset, int h, int w, double sy, double sx, Filter1D.Border border) {
        double fy0 = Math.floor(sy);
        double fx0 = Math.floor(sx);
        double fy = sy - fy0;
        double fx = sx - fx0;
        int y0 = (int) fy0;
        int x0 = (int) fx0;
        int ya = Filter1D.fold(y0, h, border);
        int yb = Filter1D.fold(y0 + 1, h, border);
        int xa = Filter1D.fold(x0, w, border);
        int xb = Filter1D.fold(x0 + 1, w, border);
        double top = data[offset + ya * w + xa] * (1 - fx) + data[offset + ya * w + xb] * fx;
        double bottom = data[offset + yb * w + xa] * (1 - fx) + data[offset + yb * w + xb] * fx;
        return top * (1 - fy) + bottom * fy;
    }

    // ------------------------------------------------------------------------------------------------------------
    // Colour

    /** ITU-R 601 luma of RGB planes ({@code 0.299 R + 0.587 G + 0.114 B}, OpenCV's {@code RGB2GRAY}). */
    static double luma(double r, double g, double b) {
        return 0.299 * r + 0.587 * g + 0.114 * b;
    }

    /** RGB in [0, 1] to HSV in [0, 1] as {@code skimage.color.rgb2hsv}; writes {h, s, v} to {@code hsv}. */
    static void rgbToHsv(double r, double g, double b, double[] hsv) {
        double v = Math.max(r, Math.max(g, b));
        double delta = v - Math.min(r, Math.min(g, b));
        double s = delta == 0 ? 0 : delta / v;
        double h;
        if (delta == 0) {
            h = 0;
        } else if (b == v) {
            h = 4 + (r - g) / delta;
        } else if (g == v) {
            h = 2 + (b - r) / delta;
        } else {
            h = (g - b) / delta;
        }
        h = h / 6;
        h = h - Math.floor(h);
        hsv[0] = h;
        hsv[1] = s;
        hsv[2] = v;
    }

    /** HSV in [0, 1] to RGB as {@code skimage.color.hsv2rgb}; writes {r, g, b} to {@code rgb}. */
    static void hsvToRgb(double h, double s, double v, double[] rgb) {
        double h6 = h * 6;
        double fl = Math.floor(h6);
        int i = ((int) fl) % 6;
        double f = h6 - fl;
        double p = v * (1 - s);
        double q = v * (1 - f * s);
        double t = v * (1 - (1 - f) * s);
        switch (i) {
            case 0 -> set(rgb, v, t, p);
            case 1 -> set(rgb, q, v, p);
            case 2 -> set(rgb, p, v, t);
            case 3 -> set(rgb, p, q, v);
            case 4 -> set(rgb, t, p, v);
            default -> set(rgb, v, p, q);
        }
    }

    private static void set(double[] a, double x, double y, double z) {
        a[0] = x;
        a[1] = y;
        a[2] = z;
    }
}
