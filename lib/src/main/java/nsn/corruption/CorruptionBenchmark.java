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

    private CorruptionBenchmark() {}

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
     * A deterministic test card: smooth colour gradients, a sinusoidal texture, a bright disc and sharp-edged
     * squares, plus mild pixel noise, so blurs, noise and colour changes all have something to act on.
     */
    public static ByteImage syntheticImage(int channels, int height, int width, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] px = new byte[channels * height * width];
        int plane = height * width;
        double cx = width * 0.62;
        double cy = height * 0.38;
        double r = Math.min(height, width) * 0.18;
        int block = Math.max(2, Math.min(height, width) / 8);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double u = (double) x / width;
                double v = (double) y / height;
                double tex = 0.5 + 0.5 * Math.sin(x * 2 * Math.PI / Math.max(4, width / 6.0))
                        * Math.cos(y * 2 * Math.PI / Math.max(5, height / 5.0));
                boolean inDisc = (x - cx) * (x - cx) + (y - cy) * (y - cy) < r * r;
                boolean square = y > height / 2 && ((x / block + y / block) % 2 == 0);
                double[] rgb = {0.15 + 0.6 * u, 0.2 + 0.5 * v, 0.25 + 0.4 * tex};
                if (inDisc) {
                    rgb = new double[] {0.95, 0.85, 0.3};
                } else if (square) {
                    rgb = new double[] {0.1, 0.12, 0.2};
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
