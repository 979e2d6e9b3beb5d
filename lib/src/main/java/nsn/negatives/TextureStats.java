package nsn.negatives;

import java.util.ArrayDeque;
import java.util.List;
import nsn.data.ByteImage;

/**
 * Statistics that say whether a synthesized texture looks like its examples without being a copy of them: colour
 * histograms, second-order statistics of local filter responses (a Gram matrix, as texture models since Julesz
 * use), and the largest region copied verbatim from one place of an example.
 */
public final class TextureStats {

    /** Histogram bins per channel. */
    public static final int BINS = 16;

    private TextureStats() {}

    /**
     * Per-channel colour histogram with {@link #BINS} bins, pooled over the images, each channel normalised to sum
     * 1: {@code (C, BINS)} flattened.
     */
    public static double[] histogram(List<ByteImage> images) {
        return histogram(images, null);
    }

    /**
     * As {@link #histogram(List)}, each image's pixels counted with {@code weights[i]} per pixel of its area
     * (so each image contributes in proportion to its weight whatever its size); {@code null} weighs by area.
     */
    public static double[] histogram(List<ByteImage> images, double[] weights) {
        int c = images.get(0).channels();
        double[] h = new double[c * BINS];
        for (int im = 0; im < images.size(); im++) {
            ByteImage img = images.get(im);
            int plane = img.height() * img.width();
            double w = weights == null ? 1 : weights[im] / plane;
            byte[] px = img.pixels();
            for (int ch = 0; ch < c; ch++) {
                for (int i = 0; i < plane; i++) {
                    h[ch * BINS + (px[ch * plane + i] & 0xFF) * BINS / 256] += w;
                }
            }
        }
        for (int ch = 0; ch < c; ch++) {
            double s = 0;
            for (int b = 0; b < BINS; b++) {
                s += h[ch * BINS + b];
            }
            for (int b = 0; b < BINS; b++) {
                h[ch * BINS + b] /= s;
            }
        }
        return h;
    }

    /**
     * Total-variation distance between the colour histograms of {@code image} and of the pooled {@code reference}
     * images, averaged over channels: 0 for identical distributions, 1 for disjoint ones.
     */
    public static double histogramDistance(ByteImage image, List<ByteImage> reference) {
        return histogramDistance(image, reference, null);
    }

    /**
     * As {@link #histogramDistance(ByteImage, List)} against the reference images mixed in the proportions
     * {@code weights} (e.g. each example's share of a texture's pixels, {@link #exampleShares}).
     */
    public static double histogramDistance(ByteImage image, List<ByteImage> reference, double[] weights) {
        double[] a = histogram(List.of(image));
        double[] b = histogram(reference, weights);
        int c = image.channels();
        double tv = 0;
        for (int i = 0; i < a.length; i++) {
            tv += Math.abs(a[i] - b[i]);
        }
        return tv / (2 * c);
    }

    /**
     * Gram matrix of local filter responses, pooled over the images: per channel, the pixel value and horizontal
     * and vertical differences at distances 1, 2 and 4 (values scaled to [0, 1]), i.e. {@code 7·C} features per
     * pixel; returns their {@code (7C × 7C)} mean outer product, flattened.
     */
    public static double[] gram(List<ByteImage> images) {
        return gram(images, null);
    }

    /** As {@link #gram(List)} with the images mixed in the proportions {@code weights} ({@code null}: by area). */
    public static double[] gram(List<ByteImage> images, double[] weights) {
        int c = images.get(0).channels();
        int f = 7 * c;
        double[] g = new double[f * f];
        double[] feat = new double[f];
        double n = 0;
        for (int im = 0; im < images.size(); im++) {
            ByteImage img = images.get(im);
            int h = img.height();
            int w = img.width();
            double weight = weights == null ? 1 : weights[im] / ((double) (h - 4) * (w - 4));
            for (int y = 0; y + 4 < h; y++) {
                for (int x = 0; x + 4 < w; x++) {
                    for (int ch = 0; ch < c; ch++) {
                        double v = img.get(ch, y, x) / 255.0;
                        int o = ch * 7;
                        feat[o] = v;
                        int s = 1;
                        for (int j = 0; j < 3; j++, s *= 2) {
                            feat[o + 1 + 2 * j] = img.get(ch, y, x + s) / 255.0 - v;
                            feat[o + 2 + 2 * j] = img.get(ch, y + s, x) / 255.0 - v;
                        }
                    }
                    for (int i = 0; i < f; i++) {
                        for (int j = 0; j < f; j++) {
                            g[i * f + j] += weight * feat[i] * feat[j];
                        }
                    }
                    n += weight;
                }
            }
        }
        for (int i = 0; i < g.length; i++) {
            g[i] /= n;
        }
        return g;
    }

    /**
     * Relative Frobenius distance ‖G(image) − G(reference)‖ / ‖G(reference)‖ between Gram matrices of
     * {@link #gram}.
     */
    public static double gramDistance(ByteImage image, List<ByteImage> reference) {
        return gramDistance(image, reference, null);
    }

    /** As {@link #gramDistance(ByteImage, List)} against the references mixed in the proportions {@code weights}. */
    public static double gramDistance(ByteImage image, List<ByteImage> reference, double[] weights) {
        double[] a = gram(List.of(image));
        double[] b = gram(reference, weights);
        double num = 0;
        double den = 0;
        for (int i = 0; i < a.length; i++) {
            num += (a[i] - b[i]) * (a[i] - b[i]);
            den += b[i] * b[i];
        }
        return Math.sqrt(num / den);
    }

    /** The share of a texture's pixels copied from each example. */
    public static double[] exampleShares(TextureSynthesizer.Result result, int examples) {
        double[] share = new double[examples];
        for (int e : result.sourceExample()) {
            share[e] += 1.0 / result.sourceExample().length;
        }
        return share;
    }

    /**
     * The largest 4-connected set of output pixels copied with one common shift from one example — a region that
     * is a verbatim copy of a region of an example — in pixels.
     */
    public static int largestCopiedRegion(TextureSynthesizer.Result result) {
        int h = result.image().height();
        int w = result.image().width();
        int[] e = result.sourceExample();
        int[] sy = result.sourceY();
        int[] sx = result.sourceX();
        boolean[] seen = new boolean[h * w];
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        int best = 0;
        for (int start = 0; start < h * w; start++) {
            if (seen[start]) {
                continue;
            }
            seen[start] = true;
            queue.add(start);
            int size = 0;
            int y0 = start / w;
            int dy = sy[start] - y0;
            int dx = sx[start] - (start - y0 * w);
            while (!queue.isEmpty()) {
                int p = queue.poll();
                size++;
                int py = p / w;
                int px = p - py * w;
                int[][] next = {{py - 1, px}, {py + 1, px}, {py, px - 1}, {py, px + 1}};
                for (int[] q : next) {
                    if (q[0] < 0 || q[1] < 0 || q[0] >= h || q[1] >= w) {
                        continue;
                    }
                    int qi = q[0] * w + q[1];
                    if (!seen[qi] && e[qi] == e[start] && sy[qi] - q[0] == dy && sx[qi] - q[1] == dx) {
                        seen[qi] = true;
                        queue.add(qi);
                    }
                }
            }
            best = Math.max(best, size);
        }
        return best;
    }
}
