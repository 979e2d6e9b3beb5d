package nsn.experiment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import nsn.data.ImageDataset;
import nsn.data.ImageFolderDataset;
import nsn.data.InMemoryImageDataset;
import nsn.ood.OodBenchmark;

/**
 * An out-of-domain test set of a comparison, one column of its table, probed with the classifier fitted on the
 * in-domain training features. Either a plain ImageFolder ({@code benchmark} null: {@code dir/<class>/<image>} with
 * exactly the class folders of the in-domain test set, e.g. a transformed copy of it, decoded at the in-domain
 * images' size and held in memory), or one of the released ImageNet benchmarks of {@link OodBenchmark} in its own
 * layout, its wnid folders mapped onto the in-domain classes by a {@link nsn.ood.ClassMapping} and read from disk:
 * ImageNet-Sketch, ImageNet-R and Stylized-ImageNet at the in-domain image size; ImageNet-C as one column, the mean
 * top-1 over its (corruption, severity) sets, each read at the network's input size (see {@code docs/OOD.md}).
 *
 * @param name column name in the results (letters, digits, {@code -}, {@code _} and {@code .})
 * @param dir the folder
 * @param benchmark the benchmark whose layout {@code dir} has, or null for a plain ImageFolder
 */
public record OodSet(String name, Path dir, OodBenchmark benchmark) {

    /** Validates the values. */
    public OodSet {
        checkName(name);
        if (dir == null) {
            throw new IllegalArgumentException("out-of-domain set '" + name + "' needs a folder");
        }
    }

    /** A plain ImageFolder with the in-domain test set's class folders. */
    public OodSet(String name, Path dir) {
        this(name, dir, null);
    }

    /** Checks an out-of-domain column name; the message names the bad value. */
    static void checkName(String name) {
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw new IllegalArgumentException("out-of-domain set name '" + name + "' must start with a letter or"
                    + " digit and hold only letters, digits, '.', '_' and '-'");
        }
    }

    /**
     * Parses {@code [KIND:]NAME=DIR}, as the CLI's {@code --ood} takes it. {@code KIND} is {@code folder} (a plain
     * ImageFolder) or a benchmark id ({@code imagenet-c}, {@code imagenet-sketch}, {@code imagenet-r},
     * {@code stylized-imagenet}); without it, a {@code NAME} that is a benchmark id reads that benchmark
     * ({@code imagenet-r=/data/imagenet-r}) and any other name a plain ImageFolder.
     *
     * @throws IllegalArgumentException naming the bad value
     */
    public static OodSet parse(String spec) {
        int eq = spec == null ? -1 : spec.indexOf('=');
        if (eq <= 0 || eq == spec.length() - 1) {
            throw new IllegalArgumentException("--ood must be NAME=DIR or KIND:NAME=DIR (KIND: folder or one of "
                    + OodBenchmark.ids() + "), got '" + spec + "'");
        }
        String head = spec.substring(0, eq).strip();
        Path dir = Path.of(spec.substring(eq + 1).strip());
        int colon = head.indexOf(':');
        if (colon < 0) {
            OodBenchmark b = OodBenchmark.find(head);
            return new OodSet(head, dir, b);
        }
        String kind = head.substring(0, colon).strip();
        String name = head.substring(colon + 1).strip();
        if (kind.equalsIgnoreCase("folder")) {
            return new OodSet(name, dir, null);
        }
        OodBenchmark b = OodBenchmark.find(kind);
        if (b == null) {
            throw new IllegalArgumentException("--ood: unknown kind '" + kind + "' in '" + spec + "'; expected"
                    + " folder or one of " + OodBenchmark.ids());
        }
        return new OodSet(name, dir, b);
    }

    /** Whether this is the multi-set ImageNet-C column. */
    public boolean corruptions() {
        return benchmark == OodBenchmark.IMAGENET_C;
    }

    /**
     * Loads the set at the size and channels of {@code inDomain}: a plain ImageFolder in memory, after checking that
     * its classes are those of {@code inDomain} in the same order; a benchmark (not ImageNet-C) read from disk
     * through its class mapping, labelled in {@code inDomain}'s label order.
     *
     * @throws IllegalArgumentException naming the set, the folder and the differing classes
     */
    public ImageDataset load(ImageDataset inDomain) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("out-of-domain set '" + name + "': " + dir + " is not a folder");
        }
        if (corruptions()) {
            throw new IllegalArgumentException("out-of-domain set '" + name + "': ImageNet-C holds many sets; read"
                    + " it with nsn.ood.ImageNetC.at(dir)");
        }
        if (benchmark != null) {
            return benchmark.open(dir, inDomain.classes(), inDomain.channels(), inDomain.height(), inDomain.width(),
                    name);
        }
        ImageDataset data = ImageFolderDataset.builder().setRoot(dir).optChannels(inDomain.channels())
                .optImageSize(inDomain.height(), inDomain.width()).optName(name).build();
        checkClasses(name, data.classes(), inDomain);
        return InMemoryImageDataset.copyOf(data);
    }

    /**
     * Checks that an out-of-domain set has the classes of the in-domain test set, in label order.
     *
     * @throws IllegalArgumentException naming the set and the classes missing from it and the extra ones
     */
    static void checkClasses(String name, List<String> classes, ImageDataset inDomain) {
        List<String> expected = inDomain.classes();
        if (classes.equals(expected)) {
            return;
        }
        List<String> missing = expected.stream().filter(c -> !classes.contains(c)).toList();
        List<String> extra = classes.stream().filter(c -> !expected.contains(c)).toList();
        throw new IllegalArgumentException(String.format(Locale.ROOT, "out-of-domain set '%s' must have the class"
                + " folders of %s %s; missing: %s, unexpected: %s%s", name, inDomain.name(), expected, missing, extra,
                missing.isEmpty() && extra.isEmpty() ? " (same classes in another order)" : ""));
    }
}
