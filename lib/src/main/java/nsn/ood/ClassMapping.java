package nsn.ood;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * How the class folders of an out-of-domain benchmark (ImageNet wnids such as {@code n01558993}) map onto a model's
 * label set: a folder named like model class {@code i} holds images of label {@code i}, in the model's label order.
 * The mapping reports the model classes the benchmark lacks ({@link #missing()}, e.g. the 81 ImageNet-100 classes
 * that are not among ImageNet-R's 200) and the benchmark folders outside the model's label set
 * ({@link #ignored()}, e.g. the 900 other ImageNet classes of ImageNet-C), whose images are not read.
 *
 * <p>Every benchmark reader of this package ({@link OodBenchmark}, {@link ImageNetC}) goes through this one
 * mechanism, so a benchmark's labels always follow the in-domain test set's: the classifier fitted on the in-domain
 * features scores them unchanged.
 */
public final class ClassMapping {

    private final List<String> modelClasses;
    private final Map<String, Integer> labels;
    private final List<String> shared;
    private final List<String> missing;
    private final List<String> ignored;

    private ClassMapping(List<String> modelClasses, Collection<String> benchmarkClasses) {
        this.modelClasses = List.copyOf(modelClasses);
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < this.modelClasses.size(); i++) {
            if (index.put(this.modelClasses.get(i), i) != null) {
                throw new IllegalArgumentException("model classes: '" + this.modelClasses.get(i) + "' is listed twice");
            }
        }
        Set<String> present = new HashSet<>(benchmarkClasses);
        List<String> s = new ArrayList<>();
        List<String> m = new ArrayList<>();
        Map<String, Integer> l = new HashMap<>();
        for (String c : this.modelClasses) {
            if (present.contains(c)) {
                s.add(c);
                l.put(c, index.get(c));
            } else {
                m.add(c);
            }
        }
        this.labels = Map.copyOf(l);
        this.shared = List.copyOf(s);
        this.missing = List.copyOf(m);
        this.ignored = List.copyOf(new TreeSet<>(benchmarkClasses.stream().filter(c -> !index.containsKey(c))
                .toList()));
    }

    /**
     * The mapping of {@code benchmarkClasses} (folder names) onto {@code modelClasses} (label order).
     *
     * @throws IllegalArgumentException if the model classes are empty or repeat a name
     */
    public static ClassMapping of(List<String> modelClasses, Collection<String> benchmarkClasses) {
        if (modelClasses == null || modelClasses.isEmpty()) {
            throw new IllegalArgumentException("model classes: at least one class is required");
        }
        return new ClassMapping(modelClasses, benchmarkClasses);
    }

    /**
     * The mapping of the class folders under {@code dir} (hidden ones skipped) onto {@code modelClasses}.
     *
     * @throws IllegalArgumentException if {@code dir} is not a folder
     */
    public static ClassMapping ofFolder(List<String> modelClasses, Path dir) {
        return of(modelClasses, classFolders(dir));
    }

    /**
     * A class list as {@link nsn.data.ImageFolderDataset} orders a class-subset file: the names of {@code file} (one a
     * line, blank lines and text after {@code #} ignored), sorted and without repeats. For
     * {@code imagenet100.txt} this is the label order of the ImageNet-100 test set.
     *
     * @throws IllegalArgumentException naming the file if it is missing or lists no class
     */
    public static List<String> readClassList(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": missing (expected a class list, one name a line)");
        }
        TreeSet<String> names = new TreeSet<>();
        try {
            for (String line : Files.readAllLines(file)) {
                int hash = line.indexOf('#');
                String name = (hash >= 0 ? line.substring(0, hash) : line).strip();
                if (!name.isEmpty()) {
                    names.add(name);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException(file + ": expected at least one class name, found none");
        }
        return List.copyOf(names);
    }

    /** The sorted names of the non-hidden folders in {@code dir}. */
    static List<String> classFolders(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + " is not a folder (expected one folder per class)");
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /** The model's classes in label order. */
    public List<String> modelClasses() {
        return modelClasses;
    }

    /** The model classes the benchmark has, in label order. */
    public List<String> shared() {
        return shared;
    }

    /** The model classes the benchmark lacks, in label order. */
    public List<String> missing() {
        return missing;
    }

    /** The benchmark's classes outside the model's label set, sorted; their images are not read. */
    public List<String> ignored() {
        return ignored;
    }

    /** Whether the benchmark has every model class. */
    public boolean complete() {
        return missing.isEmpty();
    }

    /** The model label of benchmark folder {@code folder}, or -1 when it is outside the model's label set. */
    public int label(String folder) {
        Integer l = labels.get(folder);
        return l == null ? -1 : l;
    }

    /**
     * Fails unless the benchmark has every model class.
     *
     * @param what the benchmark and folder, for the message
     * @throws IllegalArgumentException naming the missing classes (at most 10, then their number)
     */
    public void requireComplete(String what) {
        if (!complete()) {
            throw new IllegalArgumentException(what + " lacks " + missing.size() + " of the model's "
                    + modelClasses.size() + " classes: " + abbreviate(missing));
        }
    }

    /**
     * Fails unless the benchmark shares at least one model class.
     *
     * @param what the benchmark and folder, for the message
     * @throws IllegalArgumentException naming a few model classes and benchmark folders
     */
    public void requireShared(String what) {
        if (shared.isEmpty()) {
            throw new IllegalArgumentException(what + " shares no class with the model: model classes "
                    + abbreviate(modelClasses) + ", benchmark folders " + abbreviate(ignored));
        }
    }

    static String abbreviate(List<String> names) {
        if (names.size() <= 10) {
            return names.toString();
        }
        return names.subList(0, 10).toString().replace("]", ", ... (" + names.size() + " in all)]");
    }

    @Override
    public String toString() {
        return "ClassMapping(" + shared.size() + " of " + modelClasses.size() + " model classes shared, "
                + ignored.size() + " benchmark classes ignored)";
    }
}
