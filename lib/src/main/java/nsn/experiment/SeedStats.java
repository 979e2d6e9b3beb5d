package nsn.experiment;

import java.util.Locale;

/**
 * Mean and sample standard deviation of one number over the seeds of a grid.
 *
 * @param n number of seeds
 * @param mean arithmetic mean
 * @param std sample standard deviation (divisor n − 1); NaN with one seed, where it is undefined
 */
public record SeedStats(int n, double mean, double std) {

    /**
     * The statistics of {@code values}.
     *
     * @throws IllegalArgumentException if there are none
     */
    public static SeedStats of(double... values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values to aggregate");
        }
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        double mean = sum / values.length;
        if (values.length == 1) {
            return new SeedStats(1, mean, Double.NaN);
        }
        double ss = 0;
        for (double v : values) {
            ss += (v - mean) * (v - mean);
        }
        return new SeedStats(values.length, mean, Math.sqrt(ss / (values.length - 1)));
    }

    /**
     * {@code mean ± std} of a fraction shown in percent with two decimals (e.g. {@code 77.88 ± 0.31}); with one
     * seed {@code 77.88 (n=1)}, since a zero spread would be misleading.
     */
    public String formatPercent() {
        return n == 1 ? String.format(Locale.ROOT, "%.2f (n=1)", 100 * mean)
                : String.format(Locale.ROOT, "%.2f ± %.2f", 100 * mean, 100 * std);
    }
}
