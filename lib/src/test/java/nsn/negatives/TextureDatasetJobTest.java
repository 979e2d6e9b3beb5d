package nsn.negatives;

import static nsn.negatives.TextureTestFiles.assertNoTempFiles;
import static nsn.negatives.TextureTestFiles.cifarTree;
import static nsn.negatives.TextureTestFiles.pngs;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import nsn.TestData;
import nsn.data.ByteImage;
import nsn.data.DatasetFormatException;
import nsn.data.FashionMnist;
import nsn.data.ImageFolderDataset;
import nsn.data.InMemoryImageDataset;
import nsn.data.Split;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextureDatasetJobTest {

    private static final TextureDatasetJob STAND_IN = new TextureDatasetJob(TextureTestFiles::standIn);

    private static ByteImage readPng(Path file) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(Files.readAllBytes(file)));
        assertNotNull(image, file + " is a PNG");
        return ByteImage.of(image);
    }

    /** PNG files under {@code root} while a job may be writing there (0 before it exists). */
    private static long countPngs(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".png")).count();
        } catch (IOException | java.io.UncheckedIOException e) {
            return 0;
        }
    }

    @Test
    void writesOneTexturePerImageWithTheClassFoldersAndStemsOfAnyImageSize(@TempDir Path tmp) throws Exception {
        List<Path> samples = TextureTestFiles.imagenetSamples().subList(0, 4);
        Path in = tmp.resolve("imagenet").resolve("train");
        Map<String, Path> expected = new HashMap<>();
        for (int i = 0; i < samples.size(); i++) {
            String wnid = samples.get(i / 2 * 2).getFileName().toString().substring(0, 9);
            Path file = in.resolve(wnid).resolve(samples.get(i).getFileName());
            Files.createDirectories(file.getParent());
            Files.copy(samples.get(i), file);
            String stem = file.getFileName().toString().replace(".JPEG", "");
            expected.put(wnid + "/" + stem + ".png", file);
        }
        Path out = tmp.resolve("imagenet-texture").resolve("train");
        TextureDatasetJob.Summary s = STAND_IN.run(TextureDatasetConfig.imageFolder(in, out).withThreads(2));

        assertEquals(4, s.images());
        assertEquals(4, s.written());
        assertEquals(0, s.skippedExisting());
        assertEquals(List.of(), s.failures());
        assertEquals(expected.keySet(), pngs(out).keySet());
        for (Map.Entry<String, Path> e : expected.entrySet()) {
            ByteImage source = ByteImage.of(ImageIO.read(e.getValue().toFile()));
            assertNotEquals(224, source.height(), "the samples are not already 224 px");
            String key = in.relativize(e.getValue()).toString().replace('\\', '/');
            ByteImage want = TextureTestFiles.standIn(source, 224, TextureDatasetJob.imageSeed(0, key));
            assertEquals(want, readPng(out.resolve(e.getKey())), e.getKey() + " holds the texture of " + key);
        }
        assertEquals("path,reason\n", Files.readString(out.resolve(TextureDatasetJob.FAILURES_FILE)));
        Set<PosixFilePermission> readable = EnumSet.copyOf(Files.getPosixFilePermissions(out));
        readable.removeAll(EnumSet.of(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE,
                PosixFilePermission.OTHERS_EXECUTE));
        for (String name : List.of(expected.keySet().iterator().next(), TextureDatasetJob.FAILURES_FILE,
                TextureDatasetJob.SUMMARY_FILE)) {
            assertEquals(readable, Files.getPosixFilePermissions(out.resolve(name)),
                    name + " is as readable as the output folder, not owner-only like a temporary file");
        }
        JsonObject json = JsonParser.parseString(Files.readString(out.resolve(TextureDatasetJob.SUMMARY_FILE)))
                .getAsJsonObject();
        assertEquals("complete", json.get("status").getAsString());
        assertEquals(4, json.get("written").getAsInt());
        assertEquals(224, json.getAsJsonObject("config").get("size").getAsInt());
        assertEquals(in.toString(), json.get("source").getAsString());
        assertTrue(json.get("seconds").getAsDouble() >= 0);
        assertNoTempFiles(out);
    }

    @Test
    void fashionMnistIsWrittenByIndexAndStaysGrayscale(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("fashion-texture-test");
        TextureDatasetJob.Summary s = STAND_IN.run(
                TextureDatasetConfig.dataset("fashion-mnist", Split.TEST, TestData.dataRoot(), out).withLimits(2, 0));
        InMemoryImageDataset test = FashionMnist.load(TestData.fashionMnistDir(), Split.TEST);
        assertEquals(20, s.written(), "two images of each of the ten classes");
        assertEquals("fashion-mnist/test", s.source());
        Set<String> names = new TreeSet<>();
        int[] perClass = new int[10];
        for (int i = 0; i < test.size(); i++) {
            if (perClass[test.label(i)]++ < 2) {
                String name = TextureDatasetLayout.outputName(test, i);
                names.add(name);
                BufferedImage png = ImageIO.read(out.resolve(name).toFile());
                assertEquals(BufferedImage.TYPE_BYTE_GRAY, png.getType(), name + " is grayscale");
                assertEquals(TextureTestFiles.standIn(ByteImage.of(test, i), 28,
                        TextureDatasetJob.imageSeed(0, Integer.toString(i))), ByteImage.of(png), name);
            }
        }
        assertEquals(names, pngs(out).keySet().stream().map(n -> n.replace('\\', '/'))
                .collect(Collectors.toCollection(TreeSet::new)));
        assertEquals(test.size() - 20, TextureDatasetJob.missing(test, out).length);
    }

    @Test
    void aRerunSkipsExistingOutputsAndLeavesThemUnchanged(@TempDir Path tmp) throws Exception {
        Path in = cifarTree(tmp.resolve("in"), 3, 4);
        TextureDatasetConfig config = TextureDatasetConfig.imageFolder(in, tmp.resolve("out")).withSize(32);
        assertEquals(12, STAND_IN.run(config).written());
        Map<String, byte[]> first = pngs(config.output());
        Map<String, FileTime> times = new HashMap<>();
        for (String name : first.keySet()) {
            Path p = config.output().resolve(name);
            Files.setLastModifiedTime(p, FileTime.fromMillis(1_000_000L));
            times.put(name, Files.getLastModifiedTime(p));
        }
        TextureDatasetJob.Summary again = STAND_IN.run(config);
        assertEquals(12, again.images());
        assertEquals(0, again.written());
        assertEquals(12, again.skippedExisting());
        assertEquals(0, again.failed());
        Map<String, byte[]> second = pngs(config.output());
        assertEquals(first.keySet(), second.keySet());
        for (String name : first.keySet()) {
            assertArrayEquals(first.get(name), second.get(name), name);
            assertEquals(times.get(name), Files.getLastModifiedTime(config.output().resolve(name)), name
                    + " was not rewritten");
        }
    }

    @Test
    void outputsAreTheSameForAnyThreadCountFolderAndResumePoint(@TempDir Path tmp) throws Exception {
        Path in = cifarTree(tmp.resolve("in"), 3, 5);
        TextureDatasetConfig config = TextureDatasetConfig.imageFolder(in, tmp.resolve("one")).withSize(24)
                .withSeed(7);
        STAND_IN.run(config.withThreads(1));
        STAND_IN.run(config.withOutput(tmp.resolve("two")).withThreads(2));
        STAND_IN.run(config.withOutput(tmp.resolve("resumed")).withLimits(2, 0));
        assertEquals(6, pngs(tmp.resolve("resumed")).size());
        STAND_IN.run(config.withOutput(tmp.resolve("resumed")).withThreads(2));
        Map<String, byte[]> one = pngs(tmp.resolve("one"));
        assertEquals(15, one.size());
        for (String other : List.of("two", "resumed")) {
            Map<String, byte[]> o = pngs(tmp.resolve(other));
            assertEquals(one.keySet(), o.keySet());
            one.forEach((name, bytes) -> assertArrayEquals(bytes, o.get(name), other + "/" + name));
        }
        STAND_IN.run(config.withOutput(tmp.resolve("seed8")).withSeed(8));
        Map<String, byte[]> seed8 = pngs(tmp.resolve("seed8"));
        assertFalse(one.keySet().stream().allMatch(n -> Arrays.equals(one.get(n), seed8.get(n))),
                "the job seed changes the outputs");
    }

    @Test
    void imageSeedsDependOnTheJobSeedAndThePathOnly() {
        long a = TextureDatasetJob.imageSeed(0, "cat/0000.jpg");
        assertEquals(a, TextureDatasetJob.imageSeed(0, "cat/0000.jpg"));
        assertNotEquals(a, TextureDatasetJob.imageSeed(0, "cat/0001.jpg"));
        assertNotEquals(a, TextureDatasetJob.imageSeed(1, "cat/0000.jpg"));
        assertNotEquals(TextureDatasetJob.imageSeed(0, "12"), TextureDatasetJob.imageSeed(0, "13"));
    }

    @Test
    void brokenFilesAreListedInFailuresWhileTheOtherImagesAreWritten(@TempDir Path tmp) throws Exception {
        Path in = cifarTree(tmp.resolve("in"), 2, 3);
        Path catDir;
        try (Stream<Path> dirs = Files.list(in)) {
            catDir = dirs.sorted().findFirst().orElseThrow();
        }
        byte[] big = Files.readAllBytes(TextureTestFiles.imagenetSamples().get(0));
        Path truncatedBig = catDir.resolve("truncated-big.jpg");
        Files.write(truncatedBig, Arrays.copyOf(big, big.length / 2));
        Path real = catDir.resolve("0000.jpg");
        byte[] small = Files.readAllBytes(real);
        Path truncatedSmall = catDir.resolve("truncated-small.jpg");
        Files.write(truncatedSmall, Arrays.copyOf(small, 400));
        Path empty = Files.createFile(catDir.resolve("empty.png"));
        Path text = Files.writeString(catDir.resolve("notes.jpeg"), "not an image, just text\n");
        Path twinA = Files.write(catDir.resolve("twin.jpeg"), small);
        Path twinB = Files.write(catDir.resolve("twin.jpg"), small);

        Path out = tmp.resolve("out");
        TextureDatasetJob.Summary s = STAND_IN.run(TextureDatasetConfig.imageFolder(in, out).withSize(32));

        Map<String, String> reasons = s.failures().stream()
                .collect(Collectors.toMap(TextureDatasetJob.Failure::path, TextureDatasetJob.Failure::reason));
        assertEquals(Set.of(truncatedBig.toString(), truncatedSmall.toString(), empty.toString(), text.toString(),
                twinB.toString()), reasons.keySet(), reasons.toString());
        assertTrue(reasons.get(truncatedBig.toString()).startsWith("corrupt or truncated JPEG"), reasons.toString());
        assertTrue(reasons.get(truncatedSmall.toString()).startsWith("undecodable"), reasons.toString());
        assertEquals("empty file (0 bytes)", reasons.get(empty.toString()));
        assertTrue(reasons.get(text.toString()).startsWith("not an image"), reasons.toString());
        assertTrue(reasons.get(twinB.toString()).contains(twinA.toString()), reasons.toString());
        assertEquals(12, s.images());
        assertEquals(7, s.written(), "the six real images and one of the twins");
        assertEquals(5, s.failed());
        assertEquals(7, pngs(out).size());

        List<String> csv = Files.readAllLines(out.resolve(TextureDatasetJob.FAILURES_FILE));
        assertEquals("path,reason", csv.get(0));
        assertEquals(6, csv.size());
        for (String path : reasons.keySet()) {
            assertTrue(csv.stream().anyMatch(line -> line.startsWith(path + ",")), path + " in " + csv);
        }
        assertTrue(csv.stream().anyMatch(l -> l.startsWith(empty + ",empty file (0 bytes)")), csv.toString());
        JsonObject json = JsonParser.parseString(Files.readString(out.resolve(TextureDatasetJob.SUMMARY_FILE)))
                .getAsJsonObject();
        assertEquals(5, json.get("failed").getAsInt());
        assertNoTempFiles(out);
    }

    @Test
    void aJobKilledMidwayLeavesOnlyCompleteOutputsAndResumesToTheSameResult(@TempDir Path tmp) throws Exception {
        Path in = cifarTree(tmp.resolve("in"), 4, 5);
        TextureDatasetConfig config = TextureDatasetConfig.imageFolder(in, tmp.resolve("killed")).withSize(32)
                .withThreads(2);
        STAND_IN.run(config.withOutput(tmp.resolve("reference")));
        Map<String, byte[]> reference = pngs(tmp.resolve("reference"));
        assertEquals(20, reference.size());

        AtomicInteger calls = new AtomicInteger();
        TextureDatasetJob dying = new TextureDatasetJob((image, size, seed) -> {
            if (calls.incrementAndGet() == 8) {
                throw new Error("simulated kill");
            }
            return TextureTestFiles.standIn(image, size, seed);
        });
        Error error = assertThrows(Error.class, () -> dying.run(config));
        assertEquals("simulated kill", error.getMessage());
        assertNoTempFiles(config.output());
        Map<String, byte[]> partial = pngs(config.output());
        assertTrue(partial.size() >= 5 && partial.size() < 20, partial.size() + " outputs before the kill");
        partial.forEach((name, bytes) -> assertArrayEquals(reference.get(name), bytes, name + " is complete"));

        TextureDatasetJob.Summary resumed = STAND_IN.run(config);
        assertEquals(partial.size(), resumed.skippedExisting());
        assertEquals(20 - partial.size(), resumed.written());
        Map<String, byte[]> all = pngs(config.output());
        assertEquals(reference.keySet(), all.keySet());
        reference.forEach((name, bytes) -> assertArrayEquals(bytes, all.get(name), name));
    }

    @Test
    void anInterruptedJobStopsItsWorkersAndResumes(@TempDir Path tmp) throws Exception {
        Path in = cifarTree(tmp.resolve("in"), 3, 10);
        TextureDatasetConfig config = TextureDatasetConfig.imageFolder(in, tmp.resolve("out")).withSize(32)
                .withThreads(2);
        AtomicInteger calls = new AtomicInteger();
        TextureDatasetJob stalling = new TextureDatasetJob((image, size, seed) -> {
            try {
                if (calls.incrementAndGet() > 4) {
                    Thread.sleep(60_000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            return TextureTestFiles.standIn(image, size, seed);
        });
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread runner = new Thread(() -> {
            try {
                stalling.run(config);
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        runner.start();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (countPngs(config.output()) < 4 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        runner.interrupt();
        runner.join(30_000);
        assertFalse(runner.isAlive());
        assertTrue(thrown.get() instanceof InterruptedException, "run threw " + thrown.get());
        assertEquals(4, pngs(config.output()).size(), "the four images made before the workers stalled");
        assertNoTempFiles(config.output());

        TextureDatasetJob.Summary resumed = STAND_IN.run(config);
        assertEquals(4, resumed.skippedExisting());
        assertEquals(26, resumed.written());
        assertEquals(30, pngs(config.output()).size());
    }

    @Test
    void staleTemporaryFilesOfAKilledRunAreRemoved(@TempDir Path tmp) throws Exception {
        Path in = cifarTree(tmp.resolve("in"), 2, 2);
        TextureDatasetConfig config = TextureDatasetConfig.imageFolder(in, tmp.resolve("out")).withSize(16)
                .withLimits(1, 0);
        STAND_IN.run(config);
        Path classDir;
        try (Stream<Path> dirs = Files.list(config.output())) {
            classDir = dirs.filter(Files::isDirectory).sorted().findFirst().orElseThrow();
        }
        Path staleImage = Files.write(classDir.resolve(".0001.png8123456.tmp"), new byte[] {(byte) 0x89, 'P'});
        Path staleSummary = Files.writeString(config.output().resolve(".failures.csv42.tmp"), "path,rea");
        TextureDatasetJob.Summary s = STAND_IN.run(config.withLimits(0, 0));
        assertFalse(Files.exists(staleImage));
        assertFalse(Files.exists(staleSummary));
        assertEquals(2, s.skippedExisting());
        assertEquals(2, s.written());
        assertNoTempFiles(config.output());
    }

    @Test
    void classSubsetAndLimitsSelectTheImages(@TempDir Path tmp) throws Exception {
        Path in = cifarTree(tmp.resolve("in"), 3, 4);
        List<String> classes;
        try (Stream<Path> dirs = Files.list(in)) {
            classes = dirs.map(p -> p.getFileName().toString()).sorted().toList();
        }
        Path subset = Files.writeString(tmp.resolve("subset.txt"),
                "# two of three\n" + classes.get(2) + "\n\n" + classes.get(0) + "  # first\n");
        TextureDatasetConfig config = TextureDatasetConfig.imageFolder(in, tmp.resolve("out")).withSize(16)
                .withClassSubset(subset);
        TextureDatasetJob.Summary s = STAND_IN.run(config.withLimits(3, 5));
        assertEquals(5, s.written());
        Set<String> written = pngs(config.output()).keySet().stream().map(n -> n.replace('\\', '/'))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(Set.of(classes.get(0) + "/0000.png", classes.get(0) + "/0001.png", classes.get(0) + "/0002.png",
                classes.get(2) + "/0000.png", classes.get(2) + "/0001.png"), written);
    }

    @Test
    void missingListsTheSourceIndicesWithoutATexture(@TempDir Path tmp) throws Exception {
        Path in = cifarTree(tmp.resolve("in"), 2, 3);
        ImageFolderDataset source = ImageFolderDataset.builder().setRoot(in).build();
        Path out = tmp.resolve("out");
        assertArrayEquals(IntStream.range(0, 6).toArray(), TextureDatasetJob.missing(source, out));
        TextureDatasetConfig config = TextureDatasetConfig.imageFolder(in, out).withSize(16);
        STAND_IN.run(config.withLimits(1, 0));
        assertArrayEquals(new int[] {1, 2, 4, 5}, TextureDatasetJob.missing(source, out));
        STAND_IN.run(config);
        assertArrayEquals(new int[0], TextureDatasetJob.missing(source, out));
    }

    @Test
    void badInputsAreRefusedNamingThePath(@TempDir Path tmp) throws Exception {
        Path missing = tmp.resolve("no-such-dir");
        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> STAND_IN.run(TextureDatasetConfig.imageFolder(missing, tmp.resolve("o1"))));
        assertTrue(e.getMessage().startsWith(missing + ": missing"), e.getMessage());

        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        e = assertThrows(DatasetFormatException.class,
                () -> STAND_IN.run(TextureDatasetConfig.imageFolder(file, tmp.resolve("o2"))));
        assertTrue(e.getMessage().startsWith(file + ": not a folder"), e.getMessage());

        Path flat = Files.createDirectories(tmp.resolve("flat"));
        Files.copy(TextureTestFiles.imagenetSamples().get(0), flat.resolve("x.JPEG"));
        e = assertThrows(DatasetFormatException.class,
                () -> STAND_IN.run(TextureDatasetConfig.imageFolder(flat, tmp.resolve("o3"))));
        assertTrue(e.getMessage().startsWith(flat + ": expected one folder per class"), e.getMessage());

        Path noImages = Files.createDirectories(tmp.resolve("no-images").resolve("cat"));
        Files.writeString(noImages.resolve("readme.txt"), "x");
        e = assertThrows(DatasetFormatException.class,
                () -> STAND_IN.run(TextureDatasetConfig.imageFolder(noImages.getParent(), tmp.resolve("o4"))));
        assertTrue(e.getMessage().startsWith(noImages.getParent() + ": expected image files"), e.getMessage());

        Path in = cifarTree(tmp.resolve("in"), 2, 1);
        Path inside = in.resolve("texture");
        IllegalArgumentException inner = assertThrows(IllegalArgumentException.class,
                () -> STAND_IN.run(TextureDatasetConfig.imageFolder(in, inside)));
        assertTrue(inner.getMessage().contains(inside + ": the output folder is inside the input " + in),
                inner.getMessage());
        assertFalse(Files.exists(inside), "nothing was written inside the input");

        Path subset = Files.writeString(tmp.resolve("subset.txt"), "n99999999\n");
        e = assertThrows(DatasetFormatException.class, () -> STAND_IN.run(
                TextureDatasetConfig.imageFolder(in, tmp.resolve("o5")).withClassSubset(subset)));
        assertTrue(e.getMessage().startsWith(in.resolve("n99999999") + ": class folder listed in " + subset),
                e.getMessage());
        Path noSubset = tmp.resolve("no-subset.txt");
        e = assertThrows(DatasetFormatException.class, () -> STAND_IN.run(
                TextureDatasetConfig.imageFolder(in, tmp.resolve("o6")).withClassSubset(noSubset)));
        assertTrue(e.getMessage().startsWith(noSubset + ": missing"), e.getMessage());

        Path foreign = Files.createDirectories(tmp.resolve("foreign"));
        Files.writeString(foreign.resolve("thesis.tex"), "x");
        inner = assertThrows(IllegalArgumentException.class,
                () -> STAND_IN.run(TextureDatasetConfig.imageFolder(in, foreign)));
        assertTrue(inner.getMessage().startsWith(foreign + ": not empty and not a texture dataset"),
                inner.getMessage());

        TextureDatasetConfig small = TextureDatasetConfig.imageFolder(in, tmp.resolve("sized")).withSize(16);
        STAND_IN.run(small);
        inner = assertThrows(IllegalArgumentException.class, () -> STAND_IN.run(small.withSize(24)));
        assertTrue(inner.getMessage().contains("made with size 16 and seed 0"), inner.getMessage());
    }

    @Test
    void configValuesAreValidated(@TempDir Path tmp) {
        Path in = tmp.resolve("in");
        Path out = tmp.resolve("out");
        TextureDatasetConfig c = TextureDatasetConfig.imageFolder(in, out);
        assertEquals(224, c.size());
        assertEquals(Runtime.getRuntime().availableProcessors(), c.threads());
        assertEquals(32, TextureDatasetConfig.dataset("cifar10", Split.TRAIN, tmp, out).size());
        assertEquals(28, TextureDatasetConfig.dataset("Fashion-MNIST", Split.TEST, tmp, out).size());
        List<String> messages = Stream.<Runnable>of(
                () -> new TextureDatasetConfig(in, "cifar10", null, null, out, null, 0, 0, 0, 0, 0, false),
                () -> new TextureDatasetConfig(null, null, null, null, out, null, 0, 0, 0, 0, 0, false),
                () -> TextureDatasetConfig.dataset("imagenet100", Split.TRAIN, tmp, out),
                () -> TextureDatasetConfig.dataset("mnist", Split.TRAIN, tmp, out),
                () -> TextureDatasetConfig.dataset("cifar10", Split.UNLABELED, tmp, out),
                () -> new TextureDatasetConfig(in, null, Split.TEST, null, out, null, 0, 0, 0, 0, 0, false),
                () -> c.withSize(-1), () -> c.withSize(5000), () -> c.withThreads(-2), () -> c.withLimits(-1, 0),
                () -> c.withLimits(0, -1))
                .map(r -> assertThrows(IllegalArgumentException.class, r::run).getMessage()).toList();
        assertTrue(messages.get(0).contains("both"), messages.get(0));
        assertTrue(messages.get(1).contains("neither"), messages.get(1));
        assertTrue(messages.get(2).contains("data/imagenet100/train"), messages.get(2));
        assertTrue(messages.get(3).contains("unknown dataset 'mnist'"), messages.get(3));
        assertTrue(messages.get(4).contains("must be train or test"), messages.get(4));
        assertTrue(messages.get(5).contains("apply to a named dataset"), messages.get(5));
        assertTrue(messages.get(6).contains("size must be in [1, 4096]"), messages.get(6));
        assertTrue(messages.get(8).contains("threads"), messages.get(8));
        assertTrue(messages.get(9).contains("limit per class"), messages.get(9));
    }

    @Test
    void generatorFailuresAndWrongShapesAreRecordedPerImage(@TempDir Path tmp) throws Exception {
        Path in = cifarTree(tmp.resolve("in"), 1, 3);
        Map<Long, Boolean> seen = new ConcurrentHashMap<>();
        TextureDatasetJob flaky = new TextureDatasetJob((image, size, seed) -> {
            int n = seen.size();
            seen.put(seed, true);
            if (n == 0) {
                throw new IllegalArgumentException("patch larger than image");
            }
            return TextureTestFiles.standIn(image, n == 1 ? size + 1 : size, seed);
        });
        TextureDatasetJob.Summary s = flaky.run(TextureDatasetConfig.imageFolder(in, tmp.resolve("out"))
                .withSize(16).withThreads(1));
        assertEquals(1, s.written());
        assertEquals(2, s.failed());
        assertTrue(s.failures().stream().anyMatch(f -> f.reason().equals(
                "texture generation failed: java.lang.IllegalArgumentException: patch larger than image")),
                s.failures().toString());
        assertTrue(s.failures().stream().anyMatch(f -> f.reason().equals(
                "texture generation failed: expected 3x16x16, got ByteImage[3x17x17]")), s.failures().toString());
    }

    /**
     * The real texture negatives ({@link TextureNegatives#defaults()}) on two CIFAR-10 images. This fails until
     * {@link TextureSynthesizer#synthesize} is implemented.
     */
    @Test
    void realTextureNegativesWriteATextureForEachImage(@TempDir Path tmp) throws Exception {
        Path in = cifarTree(tmp.resolve("in"), 1, 2);
        Path out = tmp.resolve("out");
        TextureDatasetJob.Summary s = TextureDatasetJob.defaults().run(
                TextureDatasetConfig.imageFolder(in, out).withSize(32).withThreads(2));
        assertEquals(List.of(), s.failures());
        assertEquals(2, s.written());
        for (String name : pngs(out).keySet()) {
            ByteImage texture = readPng(out.resolve(name));
            assertEquals(List.of(3, 32, 32), List.of(texture.channels(), texture.height(), texture.width()), name);
        }
    }
}
