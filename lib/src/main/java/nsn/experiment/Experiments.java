package nsn.experiment;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.Locale;
import java.util.SplittableRandom;
import nsn.data.ImageDataset;
import nsn.data.InMemoryImageDataset;

/** Plumbing shared by the experiments. */
public final class Experiments {

    private Experiments() {}

    /**
     * Resolves a device name: {@code auto} picks the engine's default (a GPU when one is visible, else the CPU);
     * otherwise {@code cpu}, {@code gpu} or {@code gpu:N}.
     */
    public static Device device(String name) {
        String n = name == null ? "auto" : name.trim().toLowerCase(Locale.ROOT);
        if (n.equals("auto")) {
            return Engine.getInstance().defaultDevice();
        }
        try {
            Device d = Device.fromName(n);
            if (d.isGpu() && d.getDeviceId() >= Engine.getInstance().getGpuCount()) {
                throw new IllegalArgumentException("device '" + name + "' requested but the engine sees "
                        + Engine.getInstance().getGpuCount() + " GPU(s)");
            }
            return d;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad device '" + name + "': " + e.getMessage(), e);
        }
    }

    /**
     * A seeded random subset of {@code n} images (all of them when {@code n} is 0 or at least the size): the images
     * at {@link #subsetIndices}. An in-memory dataset gives an in-memory copy; any other (ImageNet, STL-10 on disk)
     * a view that reads through, so a paper-scale dataset is never copied into the heap.
     */
    public static ImageDataset subset(ImageDataset data, int n, long seed) {
        boolean all = n <= 0 || n >= data.size();
        if (data instanceof InMemoryImageDataset m) {
            return all ? m : m.subset(subsetIndices(data.size(), n, seed));
        }
        return all ? data : ImageDataset.indexed(data, subsetIndices(data.size(), n, seed));
    }

    /**
     * The indices, in increasing order, of the images {@link #subset} keeps of a dataset of {@code size} images:
     * {@code n} chosen by a seeded partial Fisher–Yates shuffle, or all of them when {@code n} is 0 or at least
     * {@code size}.
     */
    public static int[] subsetIndices(int size, int n, long seed) {
        int[] idx = new int[size];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        if (n <= 0 || n >= size) {
            return idx;
        }
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            int j = i + rng.nextInt(idx.length - i);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
        }
        int[] chosen = java.util.Arrays.copyOf(idx, n);
        java.util.Arrays.sort(chosen);
        return chosen;
    }
}
