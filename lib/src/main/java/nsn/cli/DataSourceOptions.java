package nsn.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import nsn.data.DataDirs;
import nsn.data.ImageDataset;
import nsn.data.ImageFolderDataset;
import nsn.data.Split;
import nsn.experiment.DatasetSpec;
import nsn.experiment.Experiments;
import picocli.CommandLine.Option;

/** The source images of a command that transforms a dataset: an ImageFolder or a named dataset's split. */
final class DataSourceOptions {

    @Option(names = "--data", required = true, paramLabel = "DIR|NAME",
            description = "an ImageFolder root DIR/<class>/<image>, or a dataset name: fashion-mnist, cifar10, stl10,"
                    + " imagenet100 (with --split and --data-dir)")
    String data;

    @Option(names = "--split", defaultValue = "test", paramLabel = "SPLIT",
            description = "split of a named dataset: train or test (default: ${DEFAULT-VALUE})")
    String split;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "data root of a named dataset (default: $NSN_DATA_DIR or ./data)")
    Path dataDir;

    @Option(names = "--size", paramLabel = "PX",
            description = "for an ImageFolder: resize to cover PX x PX and centre-crop (default: the images' own size)")
    int size;

    @Option(names = "--channels", defaultValue = "3", paramLabel = "1|3",
            description = "for an ImageFolder: 3 (RGB) or 1 (grayscale, ITU-R 601 luma) (default: ${DEFAULT-VALUE})")
    int channels;

    @Option(names = "--subset", defaultValue = "0", paramLabel = "N",
            description = "only a seeded random subset of N images, the same for every command and run (seed 0;"
                    + " 0 = all; default: ${DEFAULT-VALUE})")
    int subset;

    /**
     * Opens the images, or the seeded subset of them.
     *
     * @throws IllegalArgumentException naming a bad split, a --size given with a named dataset, or an unknown name
     */
    ImageDataset load() {
        if (subset < 0) {
            throw new IllegalArgumentException("--subset must be >= 0 (0 = all), got " + subset);
        }
        ImageDataset all = loadAll();
        if (subset > all.size()) {
            throw new IllegalArgumentException("--subset " + subset + " exceeds the " + all.size() + " images of "
                    + all.name());
        }
        return Experiments.subset(all, subset, 0);
    }

    private ImageDataset loadAll() {
        Path dir = Path.of(data);
        if (Files.isDirectory(dir)) {
            ImageFolderDataset.Builder b = ImageFolderDataset.builder().setRoot(dir).optChannels(channels);
            if (size > 0) {
                b.optImageSize(size, size);
            }
            return b.build();
        }
        if (looksLikePath(data)) {
            throw new IllegalArgumentException("--data: " + dir.toAbsolutePath().normalize() + " is not a directory"
                    + " (expected an ImageFolder root DIR/<class>/<image>, or a dataset name: fashion-mnist, cifar10,"
                    + " stl10, imagenet100)");
        }
        Split s = switch (split.toLowerCase(Locale.ROOT)) {
            case "train" -> Split.TRAIN;
            case "test" -> Split.TEST;
            default -> throw new IllegalArgumentException("--split must be train or test, got '" + split + "'");
        };
        if (size > 0) {
            throw new IllegalArgumentException("--size applies to an ImageFolder --data, not to a named dataset");
        }
        return DatasetSpec.of(data).load(dataDir != null ? dataDir : DataDirs.root(), s);
    }

    /** Whether {@code data} names a path (has a separator or starts with a dot) rather than a dataset. */
    private static boolean looksLikePath(String data) {
        return data.contains("/") || data.contains(java.io.File.separator) || data.startsWith(".");
    }
}
