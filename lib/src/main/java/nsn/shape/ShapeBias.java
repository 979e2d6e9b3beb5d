package nsn.shape;

import java.util.List;

/**
 * Geirhos et al.'s shape bias (ICLR 2019, §2 and Fig. 4) of a classifier on cue-conflict stimuli: each stimulus is
 * classified among the represented categories ({@link CategoryMapping#decide}); a decision equal to the shape
 * category is a shape hit, one equal to the texture category a texture hit, and
 * <pre>shape bias = shape hits / (shape hits + texture hits)</pre>
 * Stimuli whose shape and texture categories are the same are left out (Geirhos' analysis does the same), as are
 * stimuli whose shape or texture category the model cannot answer. Shape and texture accuracy (Fig. 6b of the
 * paper) are the hit rates over the evaluated stimuli.
 *
 * @param shapeBias shape hits / (shape + texture hits), NaN when there is no hit at all
 * @param shapeAccuracy shape hits / evaluated stimuli
 * @param textureAccuracy texture hits / evaluated stimuli
 * @param shapeHits decisions equal to the shape category
 * @param textureHits decisions equal to the texture category
 * @param evaluated stimuli scored
 * @param excluded stimuli left out (same category, or a category the model does not have)
 * @param categories the categories evaluated (represented ones)
 */
public record ShapeBias(double shapeBias, double shapeAccuracy, double textureAccuracy, int shapeHits,
        int textureHits, int evaluated, int excluded, List<String> categories) {

    /** Copies the list. */
    public ShapeBias {
        categories = List.copyOf(categories);
    }

    /**
     * Scores a classifier's probabilities on the stimuli.
     *
     * @param probabilities {@code stimuli.size() × mapping.numModelClasses()} class probabilities, row-major, in
     *     stimulus order
     * @param stimuli the cue-conflict stimuli
     * @param mapping the model's classes of each of the stimuli's categories, in {@code stimuli.categories()} order
     * @throws IllegalArgumentException when the shapes or category lists disagree
     */
    public static ShapeBias score(float[] probabilities, CueConflictSet stimuli, CategoryMapping mapping) {
        int n = stimuli.size();
        int k = mapping.numModelClasses();
        if (probabilities.length != (long) n * k) {
            throw new IllegalArgumentException("probabilities hold " + probabilities.length + " values, expected "
                    + n + " stimuli × " + k + " classes");
        }
        int[] toMapping = new int[stimuli.categories().size()];
        for (int c = 0; c < toMapping.length; c++) {
            toMapping[c] = mapping.indexOf(stimuli.categories().get(c));
        }
        int shapeHits = 0;
        int textureHits = 0;
        int evaluated = 0;
        for (int i = 0; i < n; i++) {
            int s = toMapping[stimuli.shapeCategory(i)];
            int t = toMapping[stimuli.textureCategory(i)];
            if (s < 0 || t < 0 || s == t || !mapping.represented(s) || !mapping.represented(t)) {
                continue;
            }
            evaluated++;
            int decision = mapping.decide(probabilities, i * k);
            if (decision == s) {
                shapeHits++;
            } else if (decision == t) {
                textureHits++;
            }
        }
        List<String> represented = new java.util.ArrayList<>();
        for (int c = 0; c < mapping.categories().size(); c++) {
            if (mapping.represented(c)) {
                represented.add(mapping.categories().get(c));
            }
        }
        int hits = shapeHits + textureHits;
        return new ShapeBias(hits == 0 ? Double.NaN : (double) shapeHits / hits,
                evaluated == 0 ? Double.NaN : (double) shapeHits / evaluated,
                evaluated == 0 ? Double.NaN : (double) textureHits / evaluated, shapeHits, textureHits, evaluated,
                n - evaluated, represented);
    }
}
