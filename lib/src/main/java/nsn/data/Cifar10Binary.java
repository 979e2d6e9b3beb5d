package nsn.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * CIFAR-10 from its official binary release ({@code cifar-10-binary.tar.gz}, directory
 * {@code cifar-10-batches-bin/}): training batches {@code data_batch_1.bin} … {@code data_batch_5.bin} and
 * {@code test_batch.bin}, each 10,000 records of one label byte followed by 3,072 pixel bytes (the 1,024 red, then
 * green, then blue values of a row-major 32×32 image, which is already CHW). Class names come from
 * {@code batches.meta.txt} when present. {@code data-scripts/cifar10.sh --format binary} lays the files out.
 *
 * <p>The reader checks that every batch file exists, holds exactly 10,000 records (a partial download fails here
 * rather than silently training on fewer images) and that every label is below 10.
 */
public final class Cifar10Binary {

    /** The class names in label order, as in {@code batches.meta.txt}. */
    public static final List<String> CLASSES = List.of(
            "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");

    /** The directory name of the official release. */
    public static final String DIR_NAME = "cifar-10-batches-bin";

    /** Records in each official batch file. */
    public static final int RECORDS_PER_BATCH = 10_000;

    private static final int IMAGE_BYTES = 3 * 32 * 32;
    private static final int RECORD_BYTES = 1 + IMAGE_BYTES;

    private Cifar10Binary() {
    }

    /**
     * Reads one split into memory.
     *
     * @param dir the {@code cifar-10-batches-bin} directory or its parent
     * @param split {@link Split#TRAIN} (five batches, 50,000 images) or {@link Split#TEST} (10,000 images)
     * @return the split, named {@code cifar10-binary/train} or {@code cifar10-binary/test}
     * @throws DatasetFormatException if a file is missing or malformed
     */
    public static InMemoryImageDataset load(Path dir, Split split) {
        return load(dir, split, RECORDS_PER_BATCH);
    }

    /** {@link #load(Path, Split)} with a different number of records per batch file (small test fixtures). */
    static InMemoryImageDataset load(Path dir, Split split, int recordsPerBatch) {
        Path batchDir = Files.isDirectory(dir.resolve(DIR_NAME)) ? dir.resolve(DIR_NAME) : dir;
        if (!Files.isDirectory(batchDir)) {
            throw new DatasetFormatException(dir, "missing: expected the CIFAR-10 binary directory " + DIR_NAME
                    + " (lay it out with data-scripts/cifar10.sh --format binary)");
        }
        List<String> batchNames = switch (split) {
            case TRAIN -> List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin",
                    "data_batch_5.bin");
            case TEST -> List.of("test_batch.bin");
            case UNLABELED -> throw new IllegalArgumentException("CIFAR-10 has no unlabeled split");
        };
        List<String> classes = ClassNameFiles.read(batchDir.resolve("batches.meta.txt"), CLASSES);
        int n = batchNames.size() * recordsPerBatch;
        byte[] pixels = new byte[Math.multiplyExact(n, IMAGE_BYTES)];
        int[] labels = new int[n];
        int image = 0;
        for (String batchName : batchNames) {
            Path file = batchDir.resolve(batchName);
            byte[] records = readBatch(file, recordsPerBatch);
            for (int r = 0; r < recordsPerBatch; r++, image++) {
                int label = Byte.toUnsignedInt(records[r * RECORD_BYTES]);
                if (label >= classes.size()) {
                    throw DatasetFormatException.expected(file, "labels in [0, " + classes.size() + ")",
                            "label " + label + " in record " + r);
                }
                labels[image] = label;
                System.arraycopy(records, r * RECORD_BYTES + 1, pixels, image * IMAGE_BYTES, IMAGE_BYTES);
            }
        }
        return new InMemoryImageDataset("cifar10-binary/" + split.name().toLowerCase(Locale.ROOT), 3, 32, 32,
                classes, pixels, labels);
    }

    private static byte[] readBatch(Path file, int records) {
        long expected = (long) records * RECORD_BYTES;
        String layout = expected + " bytes (" + records + " records of " + RECORD_BYTES + ")";
        if (!Files.isRegularFile(file)) {
            throw new DatasetFormatException(file, "missing: expected a CIFAR-10 batch file of " + layout);
        }
        try {
            long size = Files.size(file);
            if (size < expected) {
                throw new DatasetFormatException(file, "truncated: expected " + layout + ", found " + size);
            }
            if (size > expected) {
                throw DatasetFormatException.expected(file, layout, size + " bytes");
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
