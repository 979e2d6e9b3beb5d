package nsn.corruption;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import nsn.data.ByteImage;

/**
 * Single-thread throughput of each corruption on a synthetic image: images per second over all five severities
 * (each severity run in turn), after a warm-up. Used by {@code nsn bench corruptions}; figures go to
 * {@code docs/CORRUPTIONS.md}.
 */
public final class CorruptionBenchmark {

    /** One measurement: {@code images} corrupted in {@code seconds}. */
    public record Result(String corruption, Scale scale, int size, int channels, long images, double seconds) {
        /** Images per second. */
        public double imagesPerSecond() {
            return images / seconds;
        }
    }

    /** Mean distortion of one corruption per severity (index 0 = severity 1) over a set of images and seeds. */
    public record Distortion(String corruption, double[] meanAbsDiff, double[] oneMinusCorrelation) {}

    private CorruptionBenchmark() {}

    /**
     * How far each severity moves the images: mean absolute pixel difference (0–255) and 1 − Pearson correlation
     * with the clean image, averaged over {@code images} × {@code seeds} (seed {@code k} for image {@code i} is
     * {@code 1000 k + i}).
     */
    public static List<Distortion> distortion(List<Corruption> corruptions, List<ByteImage> images, Scale scale,
            int seeds) {
        List<Distortion> out = new ArrayList<>();
        for (Corruption c : corruptions) {
            double[] mad = new double[5];
            double[] corr = new double[5];
            for (int s = 1; s <= 5; s++) {
                for (int i = 0; i < images.size(); i++) {
                    ByteImage clean = images.get(i);
                    for (int k = 0; k < seeds; k++) {
                        ByteImage y = c.apply(clean, s, scale, new SplittableRandom(1000L * k + i));
                        mad[s - 1] += meanAbsDiff(clean, y);
                        corr[s - 1] += 1 - correlation(clean, y);
                    }
                }
                mad[s - 1] /= images.size() * seeds;
                corr[s - 1] /= images.size() * seeds;
            }
            out.add(new Distortion(c.name(), mad, corr));
        }
        return out;
    }

    static double meanAbsDiff(ByteImage a, ByteImage b) {
        byte[] p = a.pixels();
        byte[] q = b.pixels();
        double s = 0;
        for (int i = 0; i < p.length; i++) {
            s += Math.abs((p[i] & 0xFF) - (q[i] & 0xFF));
        }
        return s / p.length;
    }

    static double correlation(ByteImage a, ByteImage b) {
        byte[] p = a.pixels();
        byte[] q = b.pixels();
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < p.length; i++) {
            ma += p[i] & 0xFF;
            mb += q[i] & 0xFF;
        }
        ma /= p.length;
        mb /= p.length;
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < p.length; i++) {
            double x = (p[i] & 0xFF) - ma;
            double y = (q[i] & 0xFF) - mb;
            sab += x * y;
            saa += x * x;
            sbb += y * y;
        }
        return sab / Math.sqrt(saa * sbb + 1e-12);
    }

    /**
     * Measures every corruption in {@code corruptions} on a {@code channels × size × size} synthetic image.
     *
     * @param seconds minimum timed seconds per corruption (at least 5 images, one per severity)
     * @param warmupSeconds untimed seconds per corruption before
     */
    public static List<Result> run(List<Corruption> corruptions, int size, int channels, Scale scale,
            double seconds, double warmupSeconds) {
        ByteImage image = syntheticImage(channels, size, size, 1);
        List<Result> results = new ArrayList<>();
        for (Corruption c : corruptions) {
            time(c, image, scale, warmupSeconds);
            long[] timed = time(c, image, scale, seconds);
            results.add(new Result(c.name(), scale, size, channels, timed[0], timed[1] / 1e9));
        }
        return results;
    }

    private static long[] time(Corruption c, ByteImage image, Scale scale, double seconds) {
        SplittableRandom random = new SplittableRandom(42);
        long start = System.nanoTime();
        long n = 0;
        long sink = 0;
        do {
            for (int s = 1; s <= 5; s++) {
                sink += c.apply(image, s, scale, random).pixels()[0];
                n++;
            }
        } while (System.nanoTime() - start < seconds * 1e9);
        long elapsed = System.nanoTime() - start;
        if (sink == Long.MIN_VALUE) {
            System.out.print("");
        }
        return new long[] {n, elapsed};
    }

    /**
     * A deterministic test card: smooth colour gradients, a sinusoidal texture of non-integer period, a bright disc
     * and six dark rectangles at seeded random places (nothing aligned to a pixel grid, so pixelation and zooms act
     * as on a photograph), plus mild pixel noise.
     */
    public static ByteImage syntheticImage(int channels, int height, int width, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] px = new byte[channels * height * width];
        int plane = height * width;
        double cx = width * random.nextDouble(0.3, 0.7);
        double cy = height * random.nextDouble(0.3, 0.7);
        double r = Math.min(height, width) * 0.18;
        int rects = 6;
        double[][] box = new double[rects][];
        for (int k = 0; k < rects; k++) {
            double y0 = random.nextDouble(0, height);
            double x0 = random.nextDouble(0, width);
            box[k] = new double[] {y0, x0, y0 + height * random.nextDouble(0.08, 0.3),
                x0 + width * random.nextDouble(0.08, 0.3)};
        }
        double periodX = width / 5.3;
        double periodY = height / 4.7;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double u = (double) x / width;
                double v = (double) y / height;
                double tex = 0.5 + 0.5 * Math.sin(x * 2 * Math.PI / periodX) * Math.cos(y * 2 * Math.PI / periodY);
                double[] rgb = {0.15 + 0.6 * u, 0.2 + 0.5 * v, 0.25 + 0.4 * tex};
                if ((x - cx) * (x - cx) + (y - cy) * (y - cy) < r * r) {
                    rgb = new double[] {0.95, 0.85, 0.3};
                }
                for (double[] b : box) {
                    if (y >= b[0] && y < b[2] && x >= b[1] && x < b[3]) {
                        rgb = new double[] {0.1, 0.12 + 0.2 * tex, 0.2};
                    }
                }
                for (int ch = 0; ch < channels; ch++) {
                    double val = channels == 1 ? 0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2] : rgb[ch];
                    int b = (int) Math.round(val * 255 + random.nextDouble(-6, 6));
                    px[ch * plane + y * width + x] = (byte) Math.min(Math.max(b, 0), 255);
                }
            }
        }
        return new ByteImage(channels, height, width, px);
    }
}
