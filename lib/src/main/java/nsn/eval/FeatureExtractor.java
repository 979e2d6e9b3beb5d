package nsn.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import nsn.augment.SemanticAugmentation;
import nsn.data.ImageDataset;
import nsn.model.Encoder;
import nsn.report.Progress;

/** Runs a frozen backbone (BatchNorm in inference mode) over a dataset with the evaluation transform. */
public final class FeatureExtractor {

    private FeatureExtractor() {}

    /**
     * Extracts backbone features of every image.
     *
     * @param encoder the encoder whose backbone is evaluated
     * @param data images with labels
     * @param transform deterministic evaluation transform
     * @param batchSize images per forward pass
     * @param manager manager on the evaluation device
     * @param progress progress reporter
     */
    public static Features extract(Encoder encoder, ImageDataset data, SemanticAugmentation transform,
            int batchSize, NDManager manager, Progress progress) {
        int c = data.channels();
        int s = transform.outputSize();
        int view = c * s * s;
        int dim = encoder.config().featureDim();
        float[] out = new float[data.size() * dim];
        int[] labels = new int[data.size()];
        byte[] pixels = new byte[data.imageBytes()];
        ParameterStore store = new ParameterStore(manager, false);
        progress.start("features " + data.name(), data.size());
        for (int start = 0; start < data.size(); start += batchSize) {
            int n = Math.min(batchSize, data.size() - start);
            float[] batch = new float[n * view];
            for (int i = 0; i < n; i++) {
                data.readImage(start + i, pixels, 0);
                transform.apply(pixels, 0, c, data.height(), data.width(), batch, i * view, null);
                labels[start + i] = data.label(start + i);
            }
            try (NDManager step = manager.newSubManager()) {
                NDArray x = step.create(batch, new Shape(n, c, s, s));
                NDArray f = encoder.features(store, x, false); // (n, dim)
                System.arraycopy(f.toFloatArray(), 0, out, start * dim, n * dim);
            }
            progress.update(start + n, "");
        }
        progress.finish("");
        return new Features(out, data.size(), dim, labels, data.numClasses());
    }
}
