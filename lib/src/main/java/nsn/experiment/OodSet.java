package nsn.experiment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import nsn.data.ImageDataset;
import nsn.data.ImageFolderDataset;
import nsn.data.InMemoryImageDataset;

/**
 * An out-of-domain test set of a comparison: an ImageFolder ({@code dir/<class>/<image>}) with the class folders of
 * the in-domain test set, e.g. a corrupted, sketch or stylised version of it (the paper's ImageNet-C, -S, -R and
 * Stylized-ImageNet columns). Its images are decoded at the in-domain images' size and channels and probed with the
 * classifier fitted on the in-domain training features.
 *
 * @param name column name in the results (letters, digits, {@code -}, {@code _} and {@code .})
 * @param dir ImageFolder root
 */
public record OodSet(String name, Path dir) {

    /** Validates the values. */
    public OodSet {
        checkName(name);
        if (dir == null) {
            throw new IllegalArgumentException("out-of-domain set '" + name + "' needs a folder");
        }
    }

    /** Checks an out-of-domain column name; the message names the bad value. */
    static void checkName(String name) {
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw new IllegalArgumentException("out-of-domain set name '" + name + "' must start with a letter or"
                    + " digit and hold only letters, digits, '.', '_' and '-'");
        }
    }

    /**
     * Parses {@code NAME=DIR}, as the CLI's {@code --ood} takes it.
     *
     * @throws IllegalArgumentException naming the bad value
     */
    public static OodSet parse(String spec) {
        int eq = spec == null ? -1 : spec.indexOf('=');
        if (eq <= 0 || eq == spec.length() - 1) {
            throw new IllegalArgumentException("--ood must be NAME=DIR (an ImageFolder with the test set's class"
                    + " folders), got '" + spec + "'");
        }
        return new OodSet(spec.substring(0, eq).strip(), Path.of(spec.substring(eq + 1).strip()));
    }

    /**
     * Loads the set at the size and channels of {@code inDomain}, in memory, and checks that its classes are those
     * of {@code inDomain} in the same order.
     *
     * @throws IllegalArgumentException naming the set, the folder and the differing classes
     */
    public ImageDataset load(ImageDataset inDomain) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("out-of-domain set '" + name + "': " + dir + " is not a folder");
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
