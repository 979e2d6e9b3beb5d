package nsn.shape;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which of a model's classes make up each category of a cue-conflict set. A category with no model class is
 * <em>unrepresented</em>: the model cannot answer it, and stimuli whose shape or texture is such a category are left
 * out of the shape bias.
 *
 * @param categories the stimuli's categories
 * @param modelClasses for each category, the indices of the model's classes in it (possibly none)
 * @param numModelClasses number of the model's classes
 */
public record CategoryMapping(List<String> categories, List<int[]> modelClasses, int numModelClasses) {

    /** Resource holding Geirhos' 16 categories and their ILSVRC-2012 wnids. */
    static final String GEIRHOS16 = "/nsn/shape/geirhos16.txt";

    /** Validates and copies. */
    public CategoryMapping {
        categories = List.copyOf(categories);
        if (categories.size() != modelClasses.size()) {
            throw new IllegalArgumentException(categories.size() + " categories but " + modelClasses.size()
                    + " class lists");
        }
        List<int[]> copy = new ArrayList<>();
        for (int[] c : modelClasses) {
            for (int k : c) {
                if (k < 0 || k >= numModelClasses) {
                    throw new IllegalArgumentException("model class " + k + " outside [0, " + numModelClasses + ")");
                }
            }
            copy.add(c.clone());
        }
        modelClasses = List.copyOf(copy);
    }

    /**
     * The categories are the model's own classes (nsn's small-scale stimuli, made from the model's dataset), named
     * as {@link CueConflictBuilder#category} names them.
     */
    public static CategoryMapping identity(List<String> classes) {
        List<int[]> m = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < classes.size(); i++) {
            m.add(new int[] {i});
            names.add(CueConflictBuilder.category(classes.get(i)));
        }
        return new CategoryMapping(names, m, classes.size());
    }

    /**
     * Geirhos' 16 entry-level categories for a model whose classes are ImageNet wnids (e.g. ImageNet-100): each
     * category holds the model's classes among the ILSVRC-2012 classes Geirhos et al. aggregate for it (their
     * {@code human_categories.py}). ImageNet-100 represents 7 of the 16: bird, cat, chair, dog, keyboard, oven and
     * truck.
     *
     * @param modelWnids the model's classes, in label order
     */
    public static CategoryMapping geirhos16(List<String> modelWnids) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < modelWnids.size(); i++) {
            index.put(modelWnids.get(i), i);
        }
        Map<String, List<String>> table = geirhosTable();
        List<int[]> m = new ArrayList<>();
        for (List<String> wnids : table.values()) {
            m.add(wnids.stream().filter(index::containsKey).mapToInt(index::get).toArray());
        }
        return new CategoryMapping(new ArrayList<>(table.keySet()), m, modelWnids.size());
    }

    /** Geirhos' 16 categories (sorted, as in his code) and their ILSVRC-2012 wnids. */
    static Map<String, List<String>> geirhosTable() {
        Map<String, List<String>> table = new LinkedHashMap<>();
        try (InputStream in = CategoryMapping.class.getResourceAsStream(GEIRHOS16)) {
            if (in == null) {
                throw new IllegalStateException("resource " + GEIRHOS16 + " missing from the nsn jar");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null;) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.trim().split("\\s+");
                table.put(f[0], List.of(Arrays.copyOfRange(f, 1, f.length)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return table;
    }

    /** The ILSVRC-2012 wnids Geirhos et al. aggregate for {@code category} (e.g. the 109 dog breeds of "dog"). */
    public static List<String> geirhosWnids(String category) {
        List<String> w = geirhosTable().get(category);
        if (w == null) {
            throw new IllegalArgumentException("'" + category + "' is not one of Geirhos' 16 categories "
                    + geirhosTable().keySet());
        }
        return w;
    }

    /** Whether the model has at least one class of category {@code c}. */
    public boolean represented(int c) {
        return modelClasses.get(c).length > 0;
    }

    /** Index of a category by name, or -1. */
    public int indexOf(String category) {
        return categories.indexOf(category);
    }

    /**
     * The model's decision among the represented categories for one image: the category whose classes have the
     * highest mean probability (Geirhos' {@code ImageNetProbabilitiesTo16ClassesMapping} with its default mean
     * aggregation); ties go to the first category.
     *
     * @param probabilities the model's class probabilities, {@code numModelClasses} values from {@code offset}
     * @return the category index, or -1 when no category is represented
     */
    public int decide(float[] probabilities, int offset) {
        int best = -1;
        double bestValue = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < categories.size(); c++) {
            int[] classes = modelClasses.get(c);
            if (classes.length == 0) {
                continue;
            }
            double sum = 0;
            for (int k : classes) {
                sum += probabilities[offset + k];
            }
            double mean = sum / classes.length;
            if (mean > bestValue) {
                bestValue = mean;
                best = c;
            }
        }
        return best;
    }
}
