package nsn.augment;

import nsn.data.ImageDataset;

/**
 * Per-channel mean and standard deviation of a dataset's pixels in [0, 1], for the normalisation step of the
 * augmentations (estimated from the data rather than hard-coded per dataset).
 *
 * @param mean per-channel mean
 * @param std per-channel standard deviation
 */
public record Normalization(float[] mean, float[] std) {

    /**
     * Estimates the statistics from up to {@code maxImages} images spread evenly over the dataset.
     *
     * @param data the dataset
     * @param maxImages how many images to read at most (all of them if the dataset is smaller)
     */
    public static Normalization estimate(ImageDataset data, int maxImages) {
        int c = data.channels();
        int plane = data.height() * data.width();
        int count = Math.min(maxImages, data.size());
        if (count < 1) {
            throw new IllegalArgumentException("cannot estimate normalisation of empty dataset " + data.name());
        }
        double[] sum = new double[c];
        double[] sq = new double[c];
        byte[] pixels = new byte[data.imageBytes()];
        for (int k = 0; k < count; k++) {
            data.readImage((int) ((long) k * data.size() / count), pixels, 0);
            for (int ch = 0; ch < c; ch++) {
                for (int i = 0; i < plane; i++) {
                    double v = (pixels[ch * plane + i] & 0xFF) / 255.0;
                    sum[ch] += v;
                    sq[ch] += v * v;
                }
            }
        }
        float[] mean = new float[c];
        float[] std = new float[c];
        double n = (double) count * plane;
        for (int ch = 0; ch < c; ch++) {
            double m = sum[ch] / n;
            mean[ch] = (float) m;
            std[ch] = (float) Math.sqrt(Math.max(sq[ch] / n - m * m, 1e-12));
        }
        return new Normalization(mean, std);
    }
}
