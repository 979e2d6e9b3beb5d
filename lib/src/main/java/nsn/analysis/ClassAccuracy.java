package nsn.analysis;

import java.util.List;
import java.util.Objects;

/**
 * Per-class top-1 accuracy of one classifier on one image set, from its confusion matrix: row = true class, column
 * = predicted class. The accuracy of class {@code c} is {@code confusion[c][c] / Σ_j confusion[c][j]} (the recall of
 * {@code c}, as §4.2 reports a class's accuracy on its ImageNet-Texture images); a class without images has accuracy
 * NaN.
 *
 * @param classes class names in label order, at least one
 * @param confusion counts, {@code classes × classes}
 */
public record ClassAccuracy(List<String> classes, long[][] confusion) {

    /** Validates the shape and copies the matrix. */
    public ClassAccuracy {
        classes = List.copyOf(Objects.requireNonNull(classes, "classes"));
        if (classes.isEmpty()) {
            throw new IllegalArgumentException("per-class accuracy needs at least one class");
        }
        int k = classes.size();
        if (confusion == null || confusion.length != k) {
            throw new IllegalArgumentException("confusion matrix must have " + k + " rows (one per class)");
        }
        long[][] copy = new long[k][];
        for (int i = 0; i < k; i++) {
            if (confusion[i] == null || confusion[i].length != k) {
                throw new IllegalArgumentException("confusion matrix row " + i + " must have " + k + " columns");
            }
            for (long v : confusion[i]) {
                if (v < 0) {
                    throw new IllegalArgumentException("confusion counts must be >= 0, got " + v + " in row " + i);
                }
            }
            copy[i] = confusion[i].clone();
        }
        confusion = copy;
    }

    /**
     * Counts the predictions of each true class.
     *
     * @param classes class names in label order
     * @param labels true class of each image, in {@code [0, classes)}
     * @param predictions predicted class of each image, in {@code [0, classes)}
     * @throws IllegalArgumentException if the lengths differ or a label or prediction is out of range
     */
    public static ClassAccuracy of(List<String> classes, int[] labels, int[] predictions) {
        if (labels.length != predictions.length) {
            throw new IllegalArgumentException("labels and predictions differ in length: " + labels.length + " vs "
                    + predictions.length);
        }
        int k = classes.size();
        long[][] m = new long[k][k];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= k || predictions[i] < 0 || predictions[i] >= k) {
                throw new IllegalArgumentException("image " + i + ": label " + labels[i] + " / prediction "
                        + predictions[i] + " outside [0, " + k + ")");
            }
            m[labels[i]][predictions[i]]++;
        }
        return new ClassAccuracy(classes, m);
    }

    /** A copy of the confusion matrix. */
    @Override
    public long[][] confusion() {
        long[][] copy = new long[confusion.length][];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = confusion[i].clone();
        }
        return copy;
    }

    /** Number of classes. */
    public int numClasses() {
        return classes.size();
    }

    /** Images whose true class is {@code c}. */
    public long images(int c) {
        long sum = 0;
        for (long v : confusion[c]) {
            sum += v;
        }
        return sum;
    }

    /** Images of class {@code c} predicted as {@code c}. */
    public long correct(int c) {
        return confusion[c][c];
    }

    /**
     * Images (of any class) predicted as {@code c}: the column sum. A classifier that predicts {@code c} for most
     * inputs has a high accuracy on {@code c} whatever the inputs show, so a class's accuracy is read next to it.
     */
    public long predicted(int c) {
        long sum = 0;
        for (long[] row : confusion) {
            sum += row[c];
        }
        return sum;
    }

    /** Accuracy on the images of class {@code c}, in [0, 1]; NaN when the class has no images. */
    public double accuracy(int c) {
        long n = images(c);
        return n == 0 ? Double.NaN : (double) correct(c) / n;
    }

    /** {@link #accuracy(int)} of every class, in label order. */
    public double[] accuracies() {
        double[] a = new double[classes.size()];
        for (int c = 0; c < a.length; c++) {
            a[c] = accuracy(c);
        }
        return a;
    }

    /** Overall top-1 accuracy over every image (NaN without images). */
    public double overall() {
        long n = 0;
        long correct = 0;
        for (int c = 0; c < confusion.length; c++) {
            n += images(c);
            correct += correct(c);
        }
        return n == 0 ? Double.NaN : (double) correct / n;
    }

    /** Mean of the per-class accuracies over the classes that have images (NaN if none has). */
    public double meanClassAccuracy() {
        double sum = 0;
        int k = 0;
        for (int c = 0; c < confusion.length; c++) {
            double a = accuracy(c);
            if (!Double.isNaN(a)) {
                sum += a;
                k++;
            }
        }
        return k == 0 ? Double.NaN : sum / k;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClassAccuracy other && classes.equals(other.classes)
                && java.util.Arrays.deepEquals(confusion, other.confusion);
    }

    @Override
    public int hashCode() {
        return 31 * classes.hashCode() + java.util.Arrays.deepHashCode(confusion);
    }

    @Override
    public String toString() {
        return "ClassAccuracy" + classes + " overall=" + overall();
    }
}
