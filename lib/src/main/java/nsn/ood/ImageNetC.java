package nsn.ood;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The ImageNet-C benchmark (Hendrycks and Dietterich, ICLR 2019, <a
 * href="https://github.com/hendrycks/robustness">hendrycks/robustness</a>) as released on <a
 * href="https://zenodo.org/record/2235448">Zenodo</a>: {@code root/<corruption>/<severity>/<wnid>/*.JPEG}, the
 * 50,000 ILSVRC-2012 validation images (224 × 224 centre crops) under each of 15 corruptions × severities 1–5, plus
 * 4 extra corruptions released for validation ({@link #EXTRA_CORRUPTIONS}). The five archives ({@code noise.tar},
 * {@code blur.tar}, {@code weather.tar}, {@code digital.tar}, {@code extra.tar}) each hold corruption folders at their
 * top, so extracting them all into one folder gives this layout ({@code data-scripts/imagenet-c.sh} does).
 *
 * <p>{@link #at} lists the (corruption, severity) sets present; {@link #open} reads one of them through a
 * {@link ClassMapping}, restricted to the model's classes. Metrics ({@link ImageNetCScore}) use the 15 standard
 * corruptions only; the extra ones are read and reported when present.
 */
public final class ImageNetC {

    /** The 15 corruptions of the benchmark, in the order of the paper and of AlexNet's published errors. */
    public static final List<String> CORRUPTIONS = List.of("gaussian_noise", "shot_noise", "impulse_noise",
            "defocus_blur", "glass_blur", "motion_blur", "zoom_blur", "snow", "frost", "fog", "brightness",
            "contrast", "elastic_transform", "pixelate", "jpeg_compression");

    /** The 4 extra corruptions of {@code extra.tar}, not part of the metrics. */
    public static final List<String> EXTRA_CORRUPTIONS = List.of("speckle_noise", "gaussian_blur", "spatter",
            "saturate");

    /** Severities are 1 to this. */
    public static final int SEVERITIES = 5;

    /**
     * One (corruption, severity) set.
     *
     * @param corruption a name of {@link #CORRUPTIONS} or {@link #EXTRA_CORRUPTIONS}
     * @param severity 1 to {@link #SEVERITIES}
     * @param dir its folder, holding one folder per wnid
     */
    public record CorruptionSet(String corruption, int severity, Path dir) {

        /** Validates the values. */
        public CorruptionSet {
            if (!CORRUPTIONS.contains(corruption) && !EXTRA_CORRUPTIONS.contains(corruption)) {
                throw new IllegalArgumentException("corruption: '" + corruption + "' is none of " + CORRUPTIONS
                        + " or " + EXTRA_CORRUPTIONS);
            }
            if (severity < 1 || severity > SEVERITIES) {
                throw new IllegalArgumentException("severity: must be in [1, " + SEVERITIES + "], got " + severity);
            }
        }

        /** Whether the corruption is one of the 15 the metrics use. */
        public boolean standard() {
            return CORRUPTIONS.contains(corruption);
        }

        /** {@code <corruption>/<severity>}, e.g. {@code fog/3}. */
        public String id() {
            return corruption + "/" + severity;
        }
    }

    private final Path root;
    private final List<CorruptionSet> sets;

    private ImageNetC(Path root, List<CorruptionSet> sets) {
        this.root = root;
        this.sets = List.copyOf(sets);
    }

    /**
     * Lists the sets under {@code root}: every {@code <corruption>/<severity>} folder with a known corruption name and
     * a severity 1–5; other folders are ignored.
     *
     * @throws IllegalArgumentException if {@code root} is not a folder or holds no set
     */
    public static ImageNetC at(Path root) {
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException("ImageNet-C: " + root + " is not a folder (expected"
                    + " <corruption>/<severity>/<wnid>/*.JPEG)");
        }
        List<CorruptionSet> sets = new ArrayList<>();
        List<String> names = new ArrayList<>(CORRUPTIONS);
        names.addAll(EXTRA_CORRUPTIONS);
        for (String c : names) {
            for (int s = 1; s <= SEVERITIES; s++) {
                Path dir = root.resolve(c).resolve(Integer.toString(s));
                if (Files.isDirectory(dir)) {
                    sets.add(new CorruptionSet(c, s, dir));
                }
            }
        }
        if (sets.isEmpty()) {
            throw new IllegalArgumentException("ImageNet-C: " + root + " holds no <corruption>/<severity> folder;"
                    + " expected e.g. " + root.resolve("gaussian_noise").resolve("1") + " (corruptions: "
                    + CORRUPTIONS + ", severities 1-" + SEVERITIES + ")");
        }
        return new ImageNetC(root, sets);
    }

    /** The benchmark's root folder. */
    public Path root() {
        return root;
    }

    /** Every set present: the 15 corruptions in {@link #CORRUPTIONS} order, then the extra ones; severity 1 first. */
    public List<CorruptionSet> sets() {
        return sets;
    }

    /** The sets of the 15 standard corruptions. */
    public List<CorruptionSet> standardSets() {
        return sets.stream().filter(CorruptionSet::standard).toList();
    }

    /** Whether all 15 × 5 standard sets are present. */
    public boolean complete() {
        return standardSets().size() == CORRUPTIONS.size() * SEVERITIES;
    }

    /** The standard sets that are absent, as {@code corruption/severity}. */
    public List<String> absentStandardSets() {
        List<String> absent = new ArrayList<>();
        List<String> present = standardSets().stream().map(CorruptionSet::id).toList();
        for (String c : CORRUPTIONS) {
            for (int s = 1; s <= SEVERITIES; s++) {
                if (!present.contains(c + "/" + s)) {
                    absent.add(c + "/" + s);
                }
            }
        }
        return absent;
    }

    /**
     * Reads one set restricted to the model's classes, which must all be present in it.
     *
     * @param set a set of {@link #sets()}
     * @param modelClasses the model's classes in label order (wnids)
     * @param channels 1 or 3
     * @param size decoded side in pixels: the network input (224), at which ImageNet-C's images are stored
     * @param prefix the datasets' name prefix, e.g. {@code imagenet-c}: the set is named {@code <prefix>/<id>}
     * @throws IllegalArgumentException naming the set's folder and the classes it lacks
     */
    public MappedImageFolder open(CorruptionSet set, List<String> modelClasses, int channels, int size,
            String prefix) {
        ClassMapping mapping = ClassMapping.ofFolder(modelClasses, set.dir());
        mapping.requireComplete(String.format(Locale.ROOT, "ImageNet-C set %s (%s)", set.id(), set.dir()));
        return MappedImageFolder.open(set.dir(), mapping, channels, size, size, prefix + "/" + set.id());
    }

    @Override
    public String toString() {
        return "ImageNet-C at " + root + " (" + sets.size() + " sets, " + standardSets().size() + " of "
                + CORRUPTIONS.size() * SEVERITIES + " standard)";
    }
}
