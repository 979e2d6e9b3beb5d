package nsn.experiment;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nsn.data.ImageDataset;
import nsn.data.InMemoryImageDataset;

/** Plumbing shared by the experiments. */
public final class Experiments {

    private Experiments() {}

    /** {@code gpu}, {@code gpu:N}, DJL's {@code gpuN} or PyTorch's {@code cuda} / {@code cuda:N}. */
    private static final Pattern GPU_NAME = Pattern.compile("(?:gpu|cuda)(?::?(\\d{1,3}))?");

    /**
     * Resolves a device name: {@code auto} picks the engine's default (a GPU when one is visible, else the CPU);
     * otherwise {@code cpu}, {@code gpu} or {@code gpu:N}
     * (also {@code gpuN}, {@code cuda}, {@code cuda:N}).
     */
    public static Device device(String name) {
        if (name != null && name.contains(",")) {
            throw new IllegalArgumentException("'" + name + "' names several devices; this command runs on one"
                    + " (a list such as gpu:0,gpu:1 is for pretraining data-parallel)");
        }
        String n = name == null ? "auto" : name.trim().toLowerCase(Locale.ROOT);
        if (n.equals("auto")) {
            return Engine.getInstance().defaultDevice();
        }
        if (n.equals("cpu")) {
            return Device.cpu();
        }
        // DJL's own Device.fromName reads "gpu" as gpu(-1) and rejects "gpu:N", so the names are parsed here
        Matcher m = GPU_NAME.matcher(n);
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "bad device '" + name + "': expected auto, cpu, gpu or gpu:N (N = 0, 1, ...)");
        }
        int id = m.group(1) == null ? 0 : Integer.parseInt(m.group(1));
        int gpus = Engine.getInstance().getGpuCount();
        if (id >= gpus) {
            throw new IllegalArgumentException("device '" + name + "' requested but the engine sees " + gpus
                    + " GPU(s)" + (gpus == 0 ? " (the CPU build of libtorch is in use; see the cuda profile in"
                            + " README)" : ""));
        }
        return Device.gpu(id);
    }

    /**
     * Resolves a comma-separated list of device names (each as {@link #device}) for data-parallel pretraining, e.g.
     * {@code gpu:0,gpu:1}: one replica per entry, the first device also running the loss and evaluation. A single
     * name gives a one-element list. The same device may repeat ({@code cpu,cpu}: BatchNorm over two shards of the
     * batch on one device, MoCo's shuffle BN emulated).
     *
     * @throws IllegalArgumentException naming a bad or missing entry
     */
    public static List<Device> devices(String names) {
        if (names == null || !names.contains(",")) {
            return List.of(device(names));
        }
        List<Device> out = new ArrayList<>();
        for (String part : names.split(",", -1)) {
            if (part.isBlank()) {
                throw new IllegalArgumentException("empty entry in the device list '" + names + "'");
            }
            out.add(device(part));
        }
        return List.copyOf(out);
    }

    /** How many devices {@link #devices} would resolve {@code names} to, without asking the engine. */
    public static int deviceCount(String names) {
        return names == null ? 1 : names.split(",", -1).length;
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

    /**
     * Adds {@code undecodable_images: {dataset: count}} to {@code out} for the datasets read through the bad-image
     * policy ({@link nsn.data.TolerantImageDataset}), and prints the summary of each that met a bad file.
     */
    static void reportUndecodable(java.util.List<ImageDataset> datasets, java.util.Map<String, Object> out) {
        java.util.Map<String, Integer> counts = new java.util.LinkedHashMap<>();
        for (ImageDataset data : datasets) {
            if (data instanceof nsn.data.TolerantImageDataset t && !counts.containsKey(t.name())) {
                counts.put(t.name(), t.badImages());
                if (t.badImages() > 0) {
                    System.err.println("nsn: " + t.summary());
                }
            }
        }
        if (!counts.isEmpty()) {
            out.put("undecodable_images", counts);
        }
    }
}
