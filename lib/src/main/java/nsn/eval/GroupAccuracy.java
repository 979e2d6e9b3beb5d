package nsn.eval;

import java.util.List;

/**
 * Coarse versus fine accuracy (the paper's Fig. 6d): over the test images whose class belongs to one of the given
 * groups of classes (the paper's group: ImageNet's dog breeds), the <em>coarse</em> accuracy counts a prediction
 * correct when it falls in the image's group, whichever class of it, and the <em>fine</em> accuracy only when it is
 * the image's class.
 *
 * @param coarse coarse accuracy in [0, 1], NaN without grouped images
 * @param fine fine accuracy in [0, 1], NaN without grouped images
 * @param images grouped test images scored
 */
public record GroupAccuracy(double coarse, double fine, int images) {

    /**
     * Scores predictions.
     *
     * @param probabilities {@code labels.length × classes} class probabilities (or any scores), row-major
     * @param classes number of classes
     * @param labels true class of each image
     * @param groups disjoint groups of class indices
     * @throws IllegalArgumentException when the shapes disagree, a class index is out of range or in two groups
     */
    public static GroupAccuracy score(float[] probabilities, int classes, int[] labels, List<int[]> groups) {
        if (probabilities.length != (long) labels.length * classes) {
            throw new IllegalArgumentException("probabilities hold " + probabilities.length + " values, expected "
                    + labels.length + " images × " + classes + " classes");
        }
        int[] groupOf = new int[classes];
        java.util.Arrays.fill(groupOf, -1);
        for (int g = 0; g < groups.size(); g++) {
            for (int c : groups.get(g)) {
                if (c < 0 || c >= classes) {
                    throw new IllegalArgumentException("group " + g + ": class " + c + " outside [0, " + classes + ")");
                }
                if (groupOf[c] >= 0) {
                    throw new IllegalArgumentException("class " + c + " is in groups " + groupOf[c] + " and " + g);
                }
                groupOf[c] = g;
            }
        }
        int images = 0;
        int coarse = 0;
        int fine = 0;
        for (int i = 0; i < labels.length; i++) {
            int g = groupOf[labels[i]];
            if (g < 0) {
                continue;
            }
            images++;
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (probabilities[i * classes + c] > probabilities[i * classes + best]) {
                    best = c;
                }
            }
            if (best == labels[i]) {
                fine++;
            }
            if (groupOf[best] == g) {
                coarse++;
            }
        }
        return new GroupAccuracy(images == 0 ? Double.NaN : (double) coarse / images,
                images == 0 ? Double.NaN : (double) fine / images, images);
    }
}
