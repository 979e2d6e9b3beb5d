package nsn.corruption;

/**
 * A linear map from a line of {@code inSize} samples to a line of {@code outSize} samples, stored per output
 * sample as the input indices it reads and their weights, with the border rule already folded into the indices.
 * One class serves Gaussian filtering, linear zoom and box resampling; {@link #rows} and {@link #columns} apply it
 * to every row or column of a plane.
 */
final class Filter1D {

    /** How indices outside {@code [0, n)} map back inside. */
    enum Border {
        /** Repeat the edge sample (scipy {@code nearest}, ImageMagick's default virtual pixels). */
        NEAREST,
        /** Half-sample symmetric, {@code d c b a | a b c d | d c b a} (scipy {@code reflect}). */
        REFLECT,
        /** Whole-sample symmetric, {@code d c b | a b c d | c b a} (OpenCV {@code BORDER_REFLECT_101}). */
        REFLECT_101
    }

    final int inSize;
    final int outSize;
    final int[][] index;
    final double[][] weight;

    private Filter1D(int inSize, int outSize, int[][] index, double[][] weight) {
        this.inSize = inSize;
        this.outSize = outSize;
        this.index = index;
        this.weight = weight;
    }

    /** Maps index {@code i} into {@code [0, n)} by {@code border}. */
    static int fold(int i, int n, Border border) {
        if (i >= 0 && i < n) {
            return i;
        }
        switch (border) {
            case NEAREST:
                return i < 0 ? 0 : n - 1;
            case REFLECT: {
                int period = 2 * n;
                int m = Math.floorMod(i, period);
                return m < n ? m : period - 1 - m;
            }
            default: {
                if (n == 1) {
                    return 0;
                }
                int period = 2 * n - 2;
                int m = Math.floorMod(i, period);
                return m < n ? m : period - m;
            }
        }
    }

    /**
     * A centred correlation with {@code taps} (odd length, centre at {@code taps.length / 2}); weights that fold
     * onto the same input sample are merged, so a kernel wider than the line costs at most {@code n} per sample.
     */
    static Filter1D kernel(int n, double[] taps, Border border) {
        int radius = taps.length / 2;
        int[][] index = new int[n][];
        double[][] weight = new double[n][];
        double[] acc = new double[n];
        int[] touched = new int[n];
        for (int o = 0; o < n; o++) {
            int count = 0;
            for (int t = 0; t < taps.length; t++) {
                if (taps[t] == 0) {
                    continue;
                }
                int src = fold(o + t - radius, n, border);
                if (acc[src] == 0) {
                    touched[count++] = src;
                }
                acc[src] += taps[t];
            }
            index[o] = new int[count];
            weight[o] = new double[count];
            for (int k = 0; k < count; k++) {
                index[o][k] = touched[k];
                weight[o][k] = acc[touched[k]];
                acc[touched[k]] = 0;
            }
        }
        return new Filter1D(n, n, index, weight);
    }

    /**
     * Gaussian smoothing as {@code scipy.ndimage.gaussian_filter1d}: taps {@code exp(-x²/2σ²)} normalised, radius
     * {@code int(truncate σ + 0.5)}.
     */
    static Filter1D gaussian(int n, double sigma, double truncate, Border border) {
        int radius = (int) (truncate * sigma + 0.5);
        double[] taps = new double[2 * radius + 1];
        double sum = 0;
        for (int i = -radius; i <= radius; i++) {
            double v = sigma > 0 ? Math.exp(-0.5 * i * i / (sigma * sigma)) : (i == 0 ? 1 : 0);
            taps[i + radius] = v;
            sum += v;
        }
        for (int i = 0; i < taps.length; i++) {
            taps[i] /= sum;
        }
        return kernel(n, taps, border);
    }

    /**
     * Linear interpolation from {@code inSize} to {@code outSize} samples with corners aligned, as
     * {@code scipy.ndimage.zoom(order=1)}: output {@code o} reads input position {@code o (in-1)/(out-1)}.
     */
    static Filter1D linearZoom(int inSize, int outSize) {
        int[][] index = new int[outSize][];
        double[][] weight = new double[outSize][];
        double step = outSize > 1 ? (double) (inSize - 1) / (outSize - 1) : 0;
        for (int o = 0; o < outSize; o++) {
            double x = o * step;
            int i0 = Math.min((int) Math.floor(x), inSize - 1);
            int i1 = Math.min(i0 + 1, inSize - 1);
            double f = x - i0;
            index[o] = new int[] {i0, i1};
            weight[o] = new double[] {1 - f, f};
        }
        return new Filter1D(inSize, outSize, index, weight);
    }

    /**
     * PIL's {@code Image.resize(…, BOX)} along one axis: output {@code o} averages the inputs whose unit boxes
     * overlap its footprint {@code [(o)·s, (o+1)·s)}, {@code s = in/out}, with PIL's sample-centre rule.
     */
    static Filter1D box(int inSize, int outSize) {
        double scale = (double) inSize / outSize;
        double filterScale = Math.max(scale, 1.0);
        double support = 0.5 * filterScale;
        int[][] index = new int[outSize][];
        double[][] weight = new double[outSize][];
        for (int o = 0; o < outSize; o++) {
            double center = (o + 0.5) * scale;
            int xmin = Math.max((int) (center - support + 0.5), 0);
            int xmax = Math.min((int) (center + support + 0.5), inSize);
            double[] w = new double[Math.max(xmax - xmin, 0)];
            double total = 0;
            for (int x = 0; x < w.length; x++) {
                double u = (x + xmin - center + 0.5) / filterScale;
                w[x] = u > -0.5 && u <= 0.5 ? 1 : 0;
                total += w[x];
            }
            int[] idx = new int[w.length];
            for (int x = 0; x < w.length; x++) {
                idx[x] = xmin + x;
                w[x] = total > 0 ? w[x] / total : 0;
            }
            index[o] = idx;
            weight[o] = w;
        }
        return new Filter1D(inSize, outSize, index, weight);
    }

    /** Applies this map to every row of an {@code h × inSize} plane, giving {@code h × outSize}. */
    double[] rows(double[] src, int h) {
        double[] dst = new double[h * outSize];
        for (int y = 0; y < h; y++) {
            int s = y * inSize;
            int d = y * outSize;
            for (int o = 0; o < outSize; o++) {
                int[] idx = index[o];
                double[] w = weight[o];
                double v = 0;
                for (int k = 0; k < idx.length; k++) {
                    v += w[k] * src[s + idx[k]];
                }
                dst[d + o] = v;
            }
        }
        return dst;
    }

    /** Applies this map to every column of an {@code inSize × w} plane, giving {@code outSize × w}. */
    double[] columns(double[] src, int w) {
        double[] dst = new double[outSize * w];
        for (int o = 0; o < outSize; o++) {
            int[] idx = index[o];
            double[] wt = weight[o];
            int d = o * w;
            for (int k = 0; k < idx.length; k++) {
                double a = wt[k];
                int s = idx[k] * w;
                for (int x = 0; x < w; x++) {
                    dst[d + x] += a * src[s + x];
                }
            }
        }
        return dst;
    }
}
