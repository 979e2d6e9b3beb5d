package nsn.ood;

import static nsn.ood.OodTrees.WNIDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import nsn.data.ImageDataset;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data-scripts of the four benchmarks, run with {@code --from} on tiny archives in the released layouts, lay
 * the data out where the readers of this package find it; ImageNet-C's archive is refused on an MD5 mismatch.
 */
class OodDataScriptsTest {

    private static final Path SCRIPTS = Path.of("../data-scripts").toAbsolutePath().normalize();

    @BeforeAll
    static void needsTheScriptsAndTools() {
        Assumptions.assumeTrue(Files.isRegularFile(SCRIPTS.resolve("imagenet-c.sh")), "data-scripts not found");
        for (String tool : List.of("bash", "tar", "unzip", "md5sum")) {
            Assumptions.assumeTrue(Stream.of(System.getenv("PATH").split(":"))
                    .anyMatch(d -> Files.isExecutable(Path.of(d, tool))), tool + " not installed");
        }
    }

    /** Runs a command in {@code dir}; returns its exit code and output. */
    private static Object[] run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Object[] {p.waitFor(), out};
    }

    private static String script(String name) {
        return SCRIPTS.resolve(name).toString();
    }

    private static void assertOk(Object[] result) {
        assertEquals(0, (int) result[0], (String) result[1]);
    }

    @Test
    void imageNetCArchiveIsVerifiedAndExtracted(@TempDir Path tmp) throws Exception {
        List<String> noise = List.of("gaussian_noise", "impulse_noise", "shot_noise");
        for (String c : noise) {
            for (int s = 1; s <= 5; s++) {
                OodTrees.writeClasses(tmp.resolve("src").resolve(c).resolve(Integer.toString(s)), WNIDS, 1, 16,
                        "jpg", s);
            }
        }
        List<String> tar = new ArrayList<>(List.of("tar", "-cf", "../noise.tar"));
        tar.addAll(noise);
        assertOk(run(tmp.resolve("src"), tar.toArray(String[]::new)));
        Object[] refused = run(tmp, "bash", script("imagenet-c.sh"), "--dest", tmp.resolve("c0").toString(),
                "--from", "noise.tar");
        assertEquals(1, (int) refused[0]);
        assertTrue(((String) refused[1]).contains("checksum mismatch for noise.tar: expected md5"
                + " e80562d7f6c3f8834afb1ecf27252745"), (String) refused[1]);
        assertTrue(!Files.exists(tmp.resolve("c0/gaussian_noise")), "nothing laid out before verification");

        String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(Files.readAllBytes(
                tmp.resolve("noise.tar"))));
        Files.writeString(tmp.resolve("mine.md5"), md5 + "  noise.tar\n");
        Object[] ok = run(tmp, "bash", script("imagenet-c.sh"), "--dest", tmp.resolve("c").toString(), "--from",
                "noise.tar", "--checksums", "mine.md5");
        assertOk(ok);
        assertTrue(((String) ok[1]).contains("12 of the 15 standard corruptions are absent"), (String) ok[1]);
        ImageNetC c = ImageNetC.at(tmp.resolve("c"));
        assertEquals(15, c.sets().size());
        assertEquals("gaussian_noise/1", c.sets().get(0).id());
        ImageDataset set = c.open(c.sets().get(14), WNIDS, 3, 16, "imagenet-c");
        assertEquals(3, set.size());
        assertEquals("imagenet-c/impulse_noise/5", set.name());
    }

    @Test
    void sketchRenditionsAndStylizedAreLaidOutForTheReaders(@TempDir Path tmp) throws Exception {
        OodTrees.writeClasses(tmp.resolve("zip/sketch"), WNIDS, 1, 16, "jpg", 1);
        try (OutputStream f = Files.newOutputStream(tmp.resolve("ImageNet-Sketch.zip"));
                ZipOutputStream zip = new ZipOutputStream(f); Stream<Path> files = Files.walk(tmp.resolve("zip"))) {
            for (Path p : files.filter(Files::isRegularFile).sorted().toList()) {
                zip.putNextEntry(new ZipEntry(tmp.resolve("zip").relativize(p).toString()));
                zip.write(Files.readAllBytes(p));
                zip.closeEntry();
            }
        }
        assertOk(run(tmp, "bash", script("imagenet-sketch.sh"), "--dest", tmp.resolve("sketch").toString(),
                "--from", "ImageNet-Sketch.zip"));
        assertEquals(3, OodBenchmark.IMAGENET_SKETCH.open(tmp.resolve("sketch"), WNIDS, 3, 16, 16, "s").size());

        OodTrees.writeClasses(tmp.resolve("r/imagenet-r"), List.of(WNIDS.get(2), OodTrees.OTHER), 2, 16, "jpg", 2);
        assertOk(run(tmp.resolve("r"), "tar", "-cf", "../imagenet-r.tar", "imagenet-r"));
        assertOk(run(tmp, "bash", script("imagenet-r.sh"), "--dest", tmp.resolve("rendition").toString(), "--from",
                "imagenet-r.tar"));
        MappedImageFolder r = OodBenchmark.IMAGENET_R.open(tmp.resolve("rendition"), WNIDS, 3, 16, 16, "r");
        assertEquals(2, r.size());
        assertEquals(2, r.label(0));

        OodTrees.writeClasses(tmp.resolve("created/val"), WNIDS, 1, 16, "png", 3);
        assertOk(run(tmp, "bash", script("stylized-imagenet.sh"), "--dest", tmp.resolve("stylized").toString(),
                "--from", "created"));
        assertTrue(Files.isSymbolicLink(tmp.resolve("stylized")), "a folder is linked, not copied");
        assertEquals(3, OodBenchmark.STYLIZED_IMAGENET.open(tmp.resolve("stylized"), WNIDS, 3, 16, 16, "st").size());
        Object[] none = run(tmp, "bash", script("stylized-imagenet.sh"), "--dest", tmp.resolve("none").toString());
        assertEquals(1, (int) none[0]);
        assertTrue(((String) none[1]).contains("rgeirhos/Stylized-ImageNet"), (String) none[1]);
    }
}
