package nsn.eval;

/**
 * Frozen features of a dataset, row-major.
 *
 * @param values {@code n × dim} floats
 * @param n number of samples
 * @param dim feature dimension
 * @param labels label of each sample
 * @param numClasses number of classes
 */
public record Features(float[] values, int n, int dim, int[] labels, int numClasses) {

    /** Validates the shapes. */
    public Features {
        if (values.length != (long) n * dim || labels.length != n) {
            throw new IllegalArgumentException("features of " + values.length + " values and " + labels.length
                    + " labels do not match n=" + n + " dim=" + dim);
        }
    }
}
