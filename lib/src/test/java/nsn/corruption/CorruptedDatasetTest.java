package nsn.corruption;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import nsn.cli.Main;
import nsn.data.ByteImage;
import nsn.data.ImageDataset;
import nsn.data.ImageFolderDataset;
import nsn.data.InMemoryImageDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The corrupted dataset view, the ImageNet-C style writer and {@code make-corrupted-dataset}. */
class CorruptedDatasetTest {

    /** Six synthetic 32 px RGB images in two classes. */
    static InMemoryImageDataset tiny(int channels, int side) {
        int n = 6;
        int bytes = channels * side * side;
        byte[] px = new byte[n * bytes];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            byte[] img = CorruptionBenchmark.syntheticImage(channels, side, side, 50 + i).pixels();
            System.arraycopy(img, 0, px, i * bytes, bytes);
            labels[i] = i % 2;
        }
        return new InMemoryImageDataset("tiny", channels, side, side, List.of("cat", "dog"), px, labels);
    }

    @Test
    void viewReadsTheSameBytesTwiceAndKeepsLabelsAndShape() throws Exception {
        InMemoryImageDataset clean = tiny(3, 32);
        Corruption noise = Corruption.of("gaussian_noise");
        ImageDataset view = Corruption.corrupted(clean, noise, 3, 42L);
        assertEquals("tiny-C/gaussian_noise/3", view.name());
        assertEquals(clean.size(), view.size());
        assertEquals(clean.classes(), view.classes());
        assertEquals(3, view.channels());
        assertEquals(32, view.height());
        byte[] first = new byte[view.imageBytes() * view.size()];
        byte[] second = new byte[first.length];
        for (int i = 0; i < view.size(); i++) {
            assertEquals(clean.label(i), view.label(i));
            view.readImage(i, first, i * view.imageBytes());
        }
        // read again in reverse order and from two threads: same bytes
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> parts = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                int start = t;
                parts.add(pool.submit(() -> {
                    for (int i = view.size() - 1 - start; i >= 0; i -= 2) {
                        view.readImage(i, second, i * view.imageBytes());
                    }
                }));
            }
            for (Future<?> f : parts) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertArrayEquals(first, second);
        // each image differs from its clean version, and images get independent noise
        byte[] cleanPx = new byte[first.length];
        for (int i = 0; i < clean.size(); i++) {
            clean.readImage(i, cleanPx, i * clean.imageBytes());
        }
        assertFalse(java.util.Arrays.equals(cleanPx, first));
        ByteImage a = ((CorruptedDataset) view).image(0);
        ByteImage expected = noise.apply(ByteImage.of(clean, 0), 3, Scale.CIFAR,
                CorruptedDataset.randomFor(42L, noise, 3, 0));
        assertArrayEquals(expected.pixels(), a.pixels());
        // another seed or severity gives other bytes and another fingerprint
        ImageDataset other = Corruption.corrupted(clean, noise, 3, 43L);
        assertFalse(java.util.Arrays.equals(a.pixels(), ByteImage.of(other, 0).pixels()));
        assertNotEquals(view.fingerprint(), other.fingerprint());
        assertEquals(view.fingerprint(), Corruption.corrupted(clean, noise, 3, 42L).fingerprint());
    }

    @Test
    void viewOfGrayscaleDatasetStaysGrayscale() {
        ImageDataset view = Corruption.corrupted(tiny(1, 28), Corruption.of("snow"), 5, 1L);
        ByteImage img = ByteImage.of(view, 2);
        assertEquals(1, img.channels());
        assertEquals(28, img.height());
        assertEquals(Scale.CIFAR, ((CorruptedDataset) view).scale());
    }

    @Test
    void viewRejectsBadSeverity() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Corruption.corrupted(tiny(3, 32), Corruption.of("fog"), 6, 0L));
        assertEquals("severity must be in [1, 5], got 6", e.getMessage());
    }

    @Test
    void writerLaysOutImageNetCTreesAndResumes(@TempDir Path tmp) throws Exception {
        InMemoryImageDataset clean = tiny(3, 32);
        List<Corruption> chosen = List.of(Corruption.of("contrast"), Corruption.of("impulse_noise"));
        CorruptedDatasetWriter writer = CorruptedDatasetWriter.builder().setSource(clean).setOutput(tmp)
                .optCorruptions(chosen).optSeverities(List.of(1, 5)).optSeed(9L).optLimit(4).optThreads(2).build();
        CorruptedDatasetWriter.Summary first = writer.run();
        assertEquals(2 * 2 * 4, first.written());
        assertEquals(0, first.skipped());
        Path file = tmp.resolve("impulse_noise/5/dog/000001.png");
        assertTrue(Files.isRegularFile(file), "layout <corruption>/<severity>/<class>/<index>.png");
        assertFalse(Files.exists(tmp.resolve("contrast/1/cat/000004.png")), "--limit 4 stops before image 4");
        // the PNG holds exactly the view's bytes
        ByteImage png = ByteImage.of(ImageIO.read(file.toFile()));
        ByteImage view = new CorruptedDataset(clean, Corruption.of("impulse_noise"), 5, Scale.CIFAR, 9L).image(1);
        assertArrayEquals(view.pixels(), png.pixels());
        // each tree reads back as an ImageFolder with the source's classes
        ImageFolderDataset back = ImageFolderDataset.builder().setRoot(tmp.resolve("contrast/5")).build();
        assertEquals(List.of("cat", "dog"), back.classes());
        assertEquals(4, back.size());
        // rerun: nothing to do; remove one file: only it is rewritten
        CorruptedDatasetWriter.Summary again = writer.run();
        assertEquals(0, again.written());
        assertEquals(16, again.skipped());
        Files.delete(file);
        CorruptedDatasetWriter.Summary resumed = writer.run();
        assertEquals(1, resumed.written());
        assertArrayEquals(view.pixels(), ByteImage.of(ImageIO.read(file.toFile())).pixels());
        try (Stream<Path> all = Files.walk(tmp)) {
            assertTrue(all.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary file left");
        }
        // resuming with another seed would mix two variants: refused, naming the seed
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CorruptedDatasetWriter
                .builder().setSource(clean).setOutput(tmp).optCorruptions(chosen).optSeed(10L).build().run());
        assertTrue(e.getMessage().contains("seed 9, not 10"), e.getMessage());
    }

    @Test
    void commandWritesTheRequestedCorruptionsFromAnImageFolder(@TempDir Path tmp) throws IOException {
        Path data = tmp.resolve("in");
        InMemoryImageDataset clean = tiny(3, 32);
        for (int i = 0; i < 4; i++) {
            Path f = data.resolve(clean.classes().get(clean.label(i))).resolve("img" + i + ".png");
            Files.createDirectories(f.getParent());
            ImageIO.write(ByteImage.of(clean, i).toBufferedImage(), "png", f.toFile());
        }
        Path out = tmp.resolve("out");
        StringWriter text = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(text));
        cl.setErr(new PrintWriter(text));
        int rc = cl.execute("make-corrupted-dataset", "--data", data.toString(), "--out", out.toString(),
                "--corruptions", "brightness,motion_blur", "--severities", "2-3", "--seed", "5", "--limit", "3",
                "--quiet");
        assertEquals(0, rc, text.toString());
        assertTrue(Files.isRegularFile(out.resolve("brightness/2/cat/img0.png")));
        assertTrue(Files.isRegularFile(out.resolve("motion_blur/3/dog/img1.png")));
        try (Stream<Path> pngs = Files.walk(out)) {
            assertEquals(2 * 2 * 3, pngs.filter(p -> p.toString().endsWith(".png")).count());
        }
        assertTrue(text.toString().contains("12 written"), text.toString());

        StringWriter err = new StringWriter();
        CommandLine bad = Main.commandLine();
        bad.setOut(new PrintWriter(err));
        bad.setErr(new PrintWriter(err));
        int badRc = bad.execute("make-corrupted-dataset", "--data", data.toString(), "--out", out.toString(),
                "--severities", "0,1");
        assertNotEquals(0, badRc);
        assertTrue(err.toString().contains("--severities must be in [1, 5], got 0"), err.toString());
    }

    @Test
    void montageHasOneRowPerCorruptionAndAColumnPerSeverityPlusClean() {
        ByteImage img = CorruptionBenchmark.syntheticImage(3, 40, 40, 1);
        var fig = CorruptionMontage.render(img, List.of(Corruption.of("fog"), Corruption.of("contrast")),
                List.of(1, 3, 5), Scale.CIFAR, 0L);
        assertEquals(150 + 4 * (40 + 4), fig.getWidth());
        assertEquals(26 + 2 * (40 + 4), fig.getHeight());
        // the clean cell of row 0 is the image itself
        assertEquals(img.toBufferedImage().getRGB(5, 7) & 0xFFFFFF, fig.getRGB(150 + 5, 26 + 7) & 0xFFFFFF);
    }

    @Test
    void benchCorruptionsTimesMeasuresDistortionAndDrawsTheMontage(@TempDir Path tmp) throws IOException {
        StringWriter text = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(text));
        cl.setErr(new PrintWriter(text));
        assertEquals(0, cl.execute("bench", "corruptions", "--sizes", "32", "--corruptions", "contrast,fog",
                "--seconds", "0.05", "--warmup", "0"), text.toString());
        List<String> lines = text.toString().lines().filter(l -> l.startsWith("contrast") || l.startsWith("fog"))
                .toList();
        assertEquals(2, lines.size(), text.toString());
        for (String line : lines) {
            String[] f = line.trim().split("\\s+");
            assertEquals("32", f[1]);
            assertEquals("cifar", f[2]);
            assertTrue(Long.parseLong(f[3]) >= 5, line);
            assertTrue(Double.parseDouble(f[4]) > 0, line);
        }

        Path dir = tmp.resolve("imgs");
        Files.createDirectories(dir);
        for (int i = 0; i < 3; i++) {
            ImageIO.write(CorruptionBenchmark.syntheticImage(3, 40, 40, i).toBufferedImage(), "png",
                    dir.resolve("s" + i + ".png").toFile());
        }
        StringWriter dist = new StringWriter();
        CommandLine d = Main.commandLine();
        d.setOut(new PrintWriter(dist));
        d.setErr(new PrintWriter(dist));
        assertEquals(0, d.execute("bench", "corruptions", "--distortion", dir.toString(), "--size", "32",
                "--corruptions", "brightness", "--seeds", "1"), dist.toString());
        assertTrue(dist.toString().contains("3 images of"), dist.toString());
        String row = dist.toString().lines().filter(l -> l.startsWith("brightness")).findFirst().orElseThrow();
        String[] mad = row.split("\\|")[1].trim().split("\\s+");
        assertEquals(5, mad.length, row);
        assertTrue(Double.parseDouble(mad[4]) > Double.parseDouble(mad[0]), row);

        Path fig = tmp.resolve("fig.png");
        StringWriter m = new StringWriter();
        CommandLine mc = Main.commandLine();
        mc.setOut(new PrintWriter(m));
        mc.setErr(new PrintWriter(m));
        assertEquals(0, mc.execute("bench", "corruptions", "--montage", dir.resolve("s0.png").toString(),
                "--montage-out", fig.toString(), "--corruptions", "contrast,pixelate", "--montage-cell", "64"),
                m.toString());
        var png = ImageIO.read(fig.toFile());
        assertEquals(150 + 4 * (64 + 4), png.getWidth());
        assertEquals(26 + 2 * (64 + 4), png.getHeight());
    }
}
