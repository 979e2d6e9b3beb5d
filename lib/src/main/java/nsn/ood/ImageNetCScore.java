package nsn.ood;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A model's ImageNet-C numbers, from its top-1 accuracy on each (corruption, severity) set (Hendrycks and Dietterich,
 * "Benchmarking Neural Network Robustness to Common Corruptions and Perturbations", ICLR 2019). With
 * {@code E_{s,c} = 1 − top1_{s,c}}:
 *
 * <ul>
 *   <li>{@link #meanTop1()}: the mean top-1 over the 15 corruptions × 5 severities, the paper's Table 1
 *       "ImageNet-C" column (every set weighs the same, so it is also the mean over corruptions of the mean over
 *       severities);
 *   <li>{@link #ce()}: the corruption error {@code CE_c = Σ_s E_{s,c} / Σ_s E^{AlexNet}_{s,c}};
 *   <li>{@link #mce()}: the mean of {@code CE_c} over the 15 corruptions (Table 2);
 *   <li>{@link #relativeCe()} and {@link #relativeMce()}: the same with the clean error subtracted,
 *       {@code Σ_s (E_{s,c} − E_clean) / Σ_s (E^{AlexNet}_{s,c} − E^{AlexNet}_clean)}, when the clean top-1 is known.
 * </ul>
 *
 * <p>The 4 extra corruptions are kept in {@link #top1()} but enter no mean. When severities or corruptions are
 * absent, the sums and means run over the sets present (AlexNet's errors of the same severities in the denominator)
 * and {@link #complete()} is false: such numbers do not compare with published ones.
 *
 * <p>AlexNet's errors are the per-severity top-1 errors Hendrycks and Dietterich measured for the torchvision AlexNet
 * (their {@code ImageNet-C/test.py} loads {@code alexnet-owt-4df8aa71.pth}); the mCE spreadsheet linked from the
 * <a href="https://github.com/hendrycks/robustness">hendrycks/robustness</a> README normalises by them. Their
 * per-corruption means (0.886428 for Gaussian noise, ...) are the {@code ALEXNET_ERR} list of
 * google-research/augmix {@code imagenet.py} ("Raw AlexNet errors taken from hendrycks/robustness"); the
 * per-severity values are as listed in UCSC-VLAA/RobustCNN {@code timm/utils/imagenet_c.py}, and average to those
 * means (checked by the tests). AlexNet's clean error is 1 − 0.56522, the top-1 of those weights in the torchvision
 * documentation ({@code AlexNet_Weights.IMAGENET1K_V1}, acc@1 56.522).
 *
 * @param top1 top-1 in [0, 1] by corruption (in {@link ImageNetC} order) and severity
 * @param meanTop1 mean top-1 over the standard sets present, NaN when there is none
 * @param ce corruption error by standard corruption present
 * @param mce mean corruption error over the standard corruptions present, NaN when there is none
 * @param relativeCe relative corruption error by standard corruption present; empty without the clean top-1
 * @param relativeMce mean relative corruption error, NaN without the clean top-1
 * @param complete whether all 15 × 5 standard sets are present
 */
public record ImageNetCScore(Map<String, Map<Integer, Double>> top1, double meanTop1, Map<String, Double> ce,
        double mce, Map<String, Double> relativeCe, double relativeMce, boolean complete) {

    /** AlexNet's top-1 error on ImageNet-C, {@code [corruption][severity - 1]}, corruptions as {@link ImageNetC}. */
    private static final double[][] ALEXNET_ERRORS = {
        {0.69528, 0.82542, 0.93554, 0.98138, 0.99452}, // gaussian_noise
        {0.71224, 0.85108, 0.93574, 0.98182, 0.99146}, // shot_noise
        {0.78374, 0.89808, 0.94870, 0.98720, 0.99548}, // impulse_noise
        {0.65624, 0.73202, 0.85036, 0.91364, 0.94714}, // defocus_blur
        {0.64308, 0.75054, 0.88806, 0.91622, 0.93344}, // glass_blur
        {0.58430, 0.70048, 0.82108, 0.89750, 0.92638}, // motion_blur
        {0.70008, 0.76992, 0.80784, 0.84198, 0.87198}, // zoom_blur
        {0.71726, 0.88392, 0.86468, 0.91870, 0.94952}, // snow
        {0.61390, 0.79734, 0.88790, 0.89942, 0.93430}, // frost
        {0.67474, 0.76050, 0.84378, 0.87260, 0.94500}, // fog
        {0.45140, 0.48502, 0.54048, 0.62166, 0.72440}, // brightness
        {0.64548, 0.76150, 0.88874, 0.97760, 0.99270}, // contrast
        {0.52596, 0.70116, 0.55686, 0.64076, 0.80554}, // elastic_transform
        {0.52218, 0.54620, 0.73728, 0.87092, 0.91262}, // pixelate
        {0.51002, 0.54718, 0.57294, 0.65458, 0.74778}, // jpeg_compression
    };

    /** AlexNet's clean top-1 error on the ImageNet validation set: 1 − 0.56522 (torchvision IMAGENET1K_V1). */
    public static final double ALEXNET_CLEAN_ERROR = 1 - 0.56522;

    /** Copies the maps. */
    public ImageNetCScore {
        Map<String, Map<Integer, Double>> t = new LinkedHashMap<>();
        top1.forEach((c, m) -> t.put(c, Collections.unmodifiableMap(new TreeMap<>(m))));
        top1 = Collections.unmodifiableMap(t);
        ce = Collections.unmodifiableMap(new LinkedHashMap<>(ce));
        relativeCe = Collections.unmodifiableMap(new LinkedHashMap<>(relativeCe));
    }

    /**
     * AlexNet's top-1 error on one set.
     *
     * @throws IllegalArgumentException if the corruption is not one of the 15 or the severity is outside 1–5
     */
    public static double alexNetError(String corruption, int severity) {
        int c = ImageNetC.CORRUPTIONS.indexOf(corruption);
        if (c < 0) {
            throw new IllegalArgumentException("corruption: '" + corruption + "' is not one of the 15 with AlexNet"
                    + " errors " + ImageNetC.CORRUPTIONS);
        }
        if (severity < 1 || severity > ImageNetC.SEVERITIES) {
            throw new IllegalArgumentException("severity: must be in [1, 5], got " + severity);
        }
        return ALEXNET_ERRORS[c][severity - 1];
    }

    /** AlexNet's error on a corruption averaged over the 5 severities, the normaliser of the complete benchmark. */
    public static double alexNetMeanError(String corruption) {
        double sum = 0;
        for (int s = 1; s <= ImageNetC.SEVERITIES; s++) {
            sum += alexNetError(corruption, s);
        }
        return sum / ImageNetC.SEVERITIES;
    }

    /**
     * Computes the numbers from the top-1 of each set.
     *
     * @param top1 top-1 in [0, 1] by corruption name and severity (1–5); extra corruptions are allowed
     * @param cleanTop1 top-1 on the clean test set, for the relative errors, or NaN
     * @throws IllegalArgumentException naming an unknown corruption, a bad severity or an accuracy outside [0, 1]
     */
    public static ImageNetCScore of(Map<String, ? extends Map<Integer, Double>> top1, double cleanTop1) {
        if (!Double.isNaN(cleanTop1) && (cleanTop1 < 0 || cleanTop1 > 1)) {
            throw new IllegalArgumentException("clean top-1: must be in [0, 1] or NaN, got " + cleanTop1);
        }
        Map<String, Map<Integer, Double>> ordered = new LinkedHashMap<>();
        List<String> known = new java.util.ArrayList<>(ImageNetC.CORRUPTIONS);
        known.addAll(ImageNetC.EXTRA_CORRUPTIONS);
        for (String c : top1.keySet()) {
            if (!known.contains(c)) {
                throw new IllegalArgumentException("corruption: '" + c + "' is none of " + known);
            }
        }
        for (String c : known) {
            Map<Integer, Double> bySeverity = top1.get(c);
            if (bySeverity == null || bySeverity.isEmpty()) {
                continue;
            }
            for (Map.Entry<Integer, Double> e : bySeverity.entrySet()) {
                if (e.getKey() < 1 || e.getKey() > ImageNetC.SEVERITIES) {
                    throw new IllegalArgumentException("severity: must be in [1, 5], got " + e.getKey() + " for "
                            + c);
                }
                double a = e.getValue();
                if (!(a >= 0 && a <= 1)) {
                    throw new IllegalArgumentException("top-1 of " + c + "/" + e.getKey() + ": must be in [0, 1],"
                            + " got " + a);
                }
            }
            ordered.put(c, new TreeMap<>(bySeverity));
        }
        double accSum = 0;
        int sets = 0;
        Map<String, Double> ce = new LinkedHashMap<>();
        Map<String, Double> relative = new LinkedHashMap<>();
        double cleanError = 1 - cleanTop1;
        for (String c : ImageNetC.CORRUPTIONS) {
            Map<Integer, Double> bySeverity = ordered.get(c);
            if (bySeverity == null) {
                continue;
            }
            double err = 0;
            double alex = 0;
            double relErr = 0;
            double relAlex = 0;
            for (Map.Entry<Integer, Double> e : bySeverity.entrySet()) {
                double a = e.getValue();
                double ae = alexNetError(c, e.getKey());
                accSum += a;
                sets++;
                err += 1 - a;
                alex += ae;
                relErr += (1 - a) - cleanError;
                relAlex += ae - ALEXNET_CLEAN_ERROR;
            }
            ce.put(c, err / alex);
            if (!Double.isNaN(cleanTop1)) {
                relative.put(c, relErr / relAlex);
            }
        }
        boolean complete = sets == ImageNetC.CORRUPTIONS.size() * ImageNetC.SEVERITIES;
        return new ImageNetCScore(ordered, sets == 0 ? Double.NaN : accSum / sets, ce, mean(ce), relative,
                mean(relative), complete);
    }

    private static double mean(Map<String, Double> values) {
        return values.isEmpty() ? Double.NaN
                : values.values().stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }

    /** The top-1 of one set, or NaN when it is absent. */
    public double top1(String corruption, int severity) {
        Map<Integer, Double> m = top1.get(corruption);
        Double v = m == null ? null : m.get(severity);
        return v == null ? Double.NaN : v;
    }
}
