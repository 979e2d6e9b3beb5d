package nsn.data;

import static nsn.data.DataAssertions.assertFormatError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Cifar10BinaryTest {

    private static final int RECORDS = 3;
    private static final int IMAGE = 3072;

    @TempDir
    Path parent;

    private Path batchDir() throws IOException {
        return Files.createDirectories(parent.resolve(Cifar10Binary.DIR_NAME));
    }

    /** Writes the six batches with {@link #RECORDS} records each; record r of batch b is image b*RECORDS+r. */
    private Path writeBatches() throws IOException {
        Path dir = batchDir();
        List<String> names = List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin",
                "data_batch_4.bin", "data_batch_5.bin", "test_batch.bin");
        for (int b = 0; b < names.size(); b++) {
            byte[] batch = new byte[RECORDS * (1 + IMAGE)];
            for (int r = 0; r < RECORDS; r++) {
                int image = b * RECORDS + r;
                batch[r * (1 + IMAGE)] = (byte) (image % 10);
                System.arraycopy(image(image), 0, batch, r * (1 + IMAGE) + 1, IMAGE);
            }
            Files.write(dir.resolve(names.get(b)), batch);
        }
        return dir;
    }

    /** The pixels of image {@code n}: channel c, row y, column x at c*1024 + y*32 + x. */
    private static byte[] image(int n) {
        byte[] pixels = new byte[IMAGE];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 32; y++) {
                for (int x = 0; x < 32; x++) {
                    pixels[c * 1024 + y * 32 + x] = (byte) (n * 17 + c * 80 + y * 5 + x * 3);
                }
            }
        }
        return pixels;
    }

    @Test
    void readsRecordsInOrderWithPixelsAlreadyChw() throws IOException {
        writeBatches();
        InMemoryImageDataset train = Cifar10Binary.load(parent, Split.TRAIN, RECORDS);
        assertEquals(5 * RECORDS, train.size());
        assertEquals(Cifar10Binary.CLASSES, train.classes());
        assertEquals(List.of(3, 32, 32), List.of(train.channels(), train.height(), train.width()));
        byte[] pixels = new byte[IMAGE];
        for (int i = 0; i < train.size(); i++) {
            assertEquals(i % 10, train.label(i));
            train.readImage(i, pixels, 0);
            assertArrayEquals(image(i), pixels, "image " + i);
        }
        InMemoryImageDataset test = Cifar10Binary.load(parent.resolve(Cifar10Binary.DIR_NAME), Split.TEST, RECORDS);
        assertEquals("cifar10-binary/test", test.name());
        assertEquals(RECORDS, test.size());
        test.readImage(1, pixels, 0);
        assertArrayEquals(image(5 * RECORDS + 1), pixels);
    }

    @Test
    void takesClassNamesFromBatchesMeta() throws IOException {
        Path dir = writeBatches();
        List<String> names = List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j");
        Files.write(dir.resolve("batches.meta.txt"), (String.join("\n", names) + "\n\n").getBytes());
        assertEquals(names, Cifar10Binary.load(dir, Split.TEST, RECORDS).classes());

        Files.writeString(dir.resolve("batches.meta.txt"), "airplane\nautomobile\n");
        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> Cifar10Binary.load(dir, Split.TEST, RECORDS));
        assertTrue(e.getMessage().startsWith(dir.resolve("batches.meta.txt") + ": expected 10 class names, found 2"),
                e.getMessage());
    }

    @Test
    void officialLoadRequiresTenThousandRecordsPerBatch() throws IOException {
        Path dir = writeBatches();
        assertFormatError(() -> Cifar10Binary.load(parent, Split.TEST), dir.resolve("test_batch.bin"),
                "truncated: expected 30730000 bytes (10000 records of 3073), found " + RECORDS * 3073);
    }

    @Test
    void rejectsTruncatedAndOversizedBatches() throws IOException {
        Path dir = writeBatches();
        Path batch = dir.resolve("data_batch_3.bin");
        Files.write(batch, new byte[1234]);
        assertFormatError(() -> Cifar10Binary.load(dir, Split.TRAIN, RECORDS), batch,
                "truncated: expected 9219 bytes (3 records of 3073), found 1234");
        Files.write(batch, new byte[4 * 3073]);
        assertFormatError(() -> Cifar10Binary.load(dir, Split.TRAIN, RECORDS), batch,
                "expected 9219 bytes (3 records of 3073), found 12292 bytes");
    }

    @Test
    void rejectsLabelsOutOfRange() throws IOException {
        Path dir = writeBatches();
        Path batch = dir.resolve("test_batch.bin");
        byte[] bytes = Files.readAllBytes(batch);
        bytes[2 * 3073] = 10;
        Files.write(batch, bytes);
        assertFormatError(() -> Cifar10Binary.load(dir, Split.TEST, RECORDS), batch,
                "expected labels in [0, 10), found label 10 in record 2");
    }

    @Test
    void rejectsMissingFilesAndDirectories() throws IOException {
        Path dir = writeBatches();
        Files.delete(dir.resolve("data_batch_5.bin"));
        assertFormatError(() -> Cifar10Binary.load(dir, Split.TRAIN, RECORDS), dir.resolve("data_batch_5.bin"),
                "missing: expected a CIFAR-10 batch file of 9219 bytes");
        Path nowhere = parent.resolve("nowhere");
        assertFormatError(() -> Cifar10Binary.load(nowhere, Split.TRAIN), nowhere,
                "missing: expected the CIFAR-10 binary directory cifar-10-batches-bin");
        assertThrows(IllegalArgumentException.class, () -> Cifar10Binary.load(dir, Split.UNLABELED));
    }
}
