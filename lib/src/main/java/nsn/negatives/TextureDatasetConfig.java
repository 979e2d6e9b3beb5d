package nsn.negatives;

import java.nio.file.Path;
import java.util.Objects;
import nsn.data.DataDirs;
import nsn.data.Split;
import nsn.experiment.DatasetSpec;

/**
 * What {@link TextureDatasetJob} writes: the texture version of every image of one source, either an ImageFolder
 * ({@code input/<class>/<image>}, images of any size, e.g. {@code imagenet/train}) or a named small dataset
 * (Fashion-MNIST or CIFAR-10, one split, opened as {@link DatasetSpec#load} opens it). Exactly one of {@code input}
 * and {@code dataset} is set.
 *
 * @param input ImageFolder root, or {@code null} when {@code dataset} is set
 * @param dataset {@code fashion-mnist} or {@code cifar10}, or {@code null} when {@code input} is set
 * @param split {@link Split#TRAIN} or {@link Split#TEST} of {@code dataset}; {@code null} with {@code input}
 * @param dataDir data root of {@code dataset} ({@code null} selects {@link DataDirs#root()}); {@code null} with
 *     {@code input}
 * @param output root of the texture dataset; must not lie inside {@code input}
 * @param classSubset file listing the classes to write, one class folder (or class) name a line, blank lines and
 *     text after {@code #} ignored; {@code null} for every class
 * @param size side of the square output images in pixels; 0 selects the default: {@value #IMAGE_FOLDER_SIZE} for
 *     an ImageFolder, the native side (28 or 32) for a named dataset
 * @param limitPerClass write at most the first this many images of each class (0: all)
 * @param limit then write at most the first this many images in total (0: all)
 * @param threads worker threads, each synthesizing one image at a time; 0 selects the available processors
 * @param seed job seed; each image's seed is a hash of it and the image's relative path or index
 * @param quiet no progress bar
 */
public record TextureDatasetConfig(Path input, String dataset, Split split, Path dataDir, Path output,
        Path classSubset, int size, int limitPerClass, int limit, int threads, long seed, boolean quiet) {

    /** Default output side for ImageFolder input, as in the authors' ImageNet-Texture. */
    public static final int IMAGE_FOLDER_SIZE = TextureNegatives.OUTPUT_SIDE;

    /** Largest accepted output side. */
    public static final int MAX_SIZE = 4096;

    /** Validates the values and resolves the defaults of {@code dataDir}, {@code size} and {@code threads}. */
    public TextureDatasetConfig {
        if ((input == null) == (dataset == null)) {
            throw new IllegalArgumentException("give exactly one source: an ImageFolder input or a named dataset,"
                    + " got " + (input == null ? "neither" : "both (" + input + " and " + dataset + ")"));
        }
        Objects.requireNonNull(output, "output");
        if (input != null) {
            if (split != null || dataDir != null) {
                throw new IllegalArgumentException("split and data dir apply to a named dataset, not to the"
                        + " ImageFolder input " + input);
            }
        } else {
            DatasetSpec spec = DatasetSpec.of(dataset);
            if (spec == DatasetSpec.IMAGENET100) {
                throw new IllegalArgumentException("imagenet100 is an ImageFolder of images of any size: give its"
                        + " split folder as the input instead (e.g. data/imagenet100/train), which keeps the file"
                        + " names");
            }
            dataset = spec.id();
            if (split != Split.TRAIN && split != Split.TEST) {
                throw new IllegalArgumentException("split of " + dataset + " must be train or test, got " + split);
            }
            dataDir = dataDir != null ? dataDir : DataDirs.root();
        }
        if (size == 0) {
            size = dataset == null ? IMAGE_FOLDER_SIZE : DatasetSpec.of(dataset).imageSize();
        }
        if (size < 1 || size > MAX_SIZE) {
            throw new IllegalArgumentException("size must be in [1, " + MAX_SIZE + "] (0 for the default), got "
                    + size);
        }
        if (limitPerClass < 0) {
            throw new IllegalArgumentException("limit per class must be >= 0 (0 = all), got " + limitPerClass);
        }
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be >= 0 (0 = all), got " + limit);
        }
        if (threads == 0) {
            threads = Runtime.getRuntime().availableProcessors();
        }
        if (threads < 1 || threads > 1024) {
            throw new IllegalArgumentException("threads must be in [1, 1024] (0 = all processors), got " + threads);
        }
    }

    /** Every image of the ImageFolder {@code input} at {@value #IMAGE_FOLDER_SIZE} px, on every processor, seed 0. */
    public static TextureDatasetConfig imageFolder(Path input, Path output) {
        return new TextureDatasetConfig(input, null, null, null, output, null, 0, 0, 0, 0, 0L, false);
    }

    /**
     * Every image of one split of a named dataset at its native size, on every processor, seed 0.
     *
     * @param dataset {@code fashion-mnist} or {@code cifar10}
     * @param split train or test
     * @param dataDir data root, or {@code null} for {@link DataDirs#root()}
     * @param output root of the texture dataset
     */
    public static TextureDatasetConfig dataset(String dataset, Split split, Path dataDir, Path output) {
        return new TextureDatasetConfig(null, dataset, split, dataDir, output, null, 0, 0, 0, 0, 0L, false);
    }

    /** A copy writing to {@code output}. */
    public TextureDatasetConfig withOutput(Path output) {
        return new TextureDatasetConfig(input, dataset, split, dataDir, output, classSubset, size, limitPerClass,
                limit, threads, seed, quiet);
    }

    /** A copy with another class-subset file ({@code null}: every class). */
    public TextureDatasetConfig withClassSubset(Path classSubset) {
        return new TextureDatasetConfig(input, dataset, split, dataDir, output, classSubset, size, limitPerClass,
                limit, threads, seed, quiet);
    }

    /** A copy with other output side (0: the default). */
    public TextureDatasetConfig withSize(int size) {
        return new TextureDatasetConfig(input, dataset, split, dataDir, output, classSubset, size, limitPerClass,
                limit, threads, seed, quiet);
    }

    /** A copy with other limits (0: all). */
    public TextureDatasetConfig withLimits(int limitPerClass, int limit) {
        return new TextureDatasetConfig(input, dataset, split, dataDir, output, classSubset, size, limitPerClass,
                limit, threads, seed, quiet);
    }

    /** A copy with another number of threads (0: the available processors). */
    public TextureDatasetConfig withThreads(int threads) {
        return new TextureDatasetConfig(input, dataset, split, dataDir, output, classSubset, size, limitPerClass,
                limit, threads, seed, quiet);
    }

    /** A copy with another job seed. */
    public TextureDatasetConfig withSeed(long seed) {
        return new TextureDatasetConfig(input, dataset, split, dataDir, output, classSubset, size, limitPerClass,
                limit, threads, seed, quiet);
    }
}
