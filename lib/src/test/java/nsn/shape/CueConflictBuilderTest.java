package nsn.shape;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import nsn.data.ImageDataset;
import nsn.data.ImageFolderDataset;
import nsn.data.InMemoryImageDataset;
import nsn.report.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CueConflictBuilderTest {

    @TempDir
    Path tmp;

    /** Three classes of four 16-px colour images: noise in a class-specific colour range. */
    private static ImageDataset tiny() {
        int n = 12;
        int plane = 16 * 16;
        byte[] px = new byte[n * 3 * plane];
        int[] labels = new int[n];
        SplittableRandom r = new SplittableRandom(4);
        for (int i = 0; i < n; i++) {
            labels[i] = i % 3;
            for (int k = 0; k < 3 * plane; k++) {
                px[i * 3 * plane + k] = (byte) (labels[i] * 80 + r.nextInt(80));
            }
        }
        return new InMemoryImageDataset("tiny", 3, 16, 16, List.of("Ankle boot", "cat", "T-shirt/top"), px, labels);
    }

    @Test
    void cueConflictStimuliPairEveryShapeWithAnotherClassesTextureAndResume() throws Exception {
        ImageDataset data = tiny();
        Path out = tmp.resolve("cc");
        CueConflictBuilder.Summary s = CueConflictBuilder.writeCueConflict(data, out, 2, 3f, 7, 2,
                Progress.silent());
        assertEquals(6, s.written());
        CueConflictSet set = CueConflictSet.read(out, 3, 16);
        assertEquals(List.of("ankle_boot", "cat", "t_shirt_top"), set.categories());
        assertEquals(6, set.size());
        int[] perShape = new int[3];
        for (int i = 0; i < set.size(); i++) {
            assertNotEquals(set.shapeCategory(i), set.textureCategory(i), set.file(i).toString());
            perShape[set.shapeCategory(i)]++;
            // the file name's shape image really has that class
            String name = set.file(i).getFileName().toString();
            int shapeIndex = Integer.parseInt(name.replaceAll("^[a-z_]+(\\d+)-.*$", "$1"));
            int textureIndex = Integer.parseInt(name.replaceAll("^.*-[a-z_]+(\\d+)\\.png$", "$1"));
            assertEquals(data.label(shapeIndex), set.shapeCategory(i));
            assertEquals(data.label(textureIndex), set.textureCategory(i));
        }
        assertArrayEquals(new int[] {2, 2, 2}, perShape);
        CategoryMapping m = CategoryMapping.identity(data.classes());
        assertEquals(set.categories(), m.categories());

        CueConflictBuilder.Summary again = CueConflictBuilder.writeCueConflict(data, out, 2, 3f, 7, 1,
                Progress.silent());
        assertEquals(0, again.written());
        assertEquals(6, again.kept());
        List<Path> before;
        try (var files = Files.walk(out)) {
            before = files.sorted().toList();
        }
        IllegalArgumentException otherSeed = assertThrows(IllegalArgumentException.class,
                () -> CueConflictBuilder.writeCueConflict(data, out, 2, 3f, 8, 1, Progress.silent()));
        assertTrue(otherSeed.getMessage().startsWith(out + " holds files made with seed 7, not 8 (see "
                + out.resolve(CueConflictBuilder.SETTINGS_FILE) + ")"), otherSeed.getMessage());
        IllegalArgumentException otherWeight = assertThrows(IllegalArgumentException.class,
                () -> CueConflictBuilder.writeCueConflict(data, out, 2, 2f, 7, 1, Progress.silent()));
        assertTrue(otherWeight.getMessage().contains("guideWeight 3.0, not 2.0"), otherWeight.getMessage());
        try (var files = Files.walk(out)) {
            assertEquals(before, files.sorted().toList(), "a refused rerun adds no stimuli to the folder");
        }

        Path other = tmp.resolve("cc2");
        CueConflictBuilder.writeCueConflict(data, other, 2, 3f, 7, 1, Progress.silent());
        for (int i = 0; i < set.size(); i++) {
            Path f = set.file(i);
            assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(other.resolve(out.relativize(f))),
                    "deterministic whatever the workers: " + f);
        }
        assertThrows(IllegalArgumentException.class,
                () -> CueConflictBuilder.writeCueConflict(data, tmp.resolve("x"), 5, 3f, 7, 1, Progress.silent()));
    }

    @Test
    void theStylisedSetIsAnImageFolderWithTheDatasetsClasses() {
        ImageDataset plain = new InMemoryImageDataset("plain", 3, 16, 16, List.of("bird", "cat", "dog"),
                new byte[12 * 3 * 256], new int[] {0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2});
        Path out = tmp.resolve("stylised");
        CueConflictBuilder.Summary s = CueConflictBuilder.writeStylized(plain, out, 0, 3f, 1, 2, Progress.silent());
        assertEquals(12, s.written());
        ImageFolderDataset read = ImageFolderDataset.builder().setRoot(out).build();
        assertEquals(plain.classes(), read.classes());
        assertEquals(12, read.size());
        assertThrows(IllegalArgumentException.class, () -> CueConflictBuilder.writeStylized(tiny(),
                tmp.resolve("bad"), 0, 3f, 1, 1, Progress.silent()), "T-shirt/top cannot be a folder");
    }

    @Test
    void sketchesAreDarkLinesOnWhiteAlongTheEdges() {
        // a 16-px grey image with a bright square in the middle: edges on the square's border only
        byte[] px = new byte[3 * 256];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 16; y++) {
                for (int x = 0; x < 16; x++) {
                    px[c * 256 + y * 16 + x] = (byte) (y >= 5 && y < 11 && x >= 5 && x < 11 ? 220 : 60);
                }
            }
        }
        nsn.data.ByteImage sketch = Sketch.render(new nsn.data.ByteImage(3, 16, 16, px));
        assertEquals(255, sketch.get(0, 0, 0), "flat background is white paper");
        assertEquals(255, sketch.get(0, 8, 8), "the flat inside of the square is white too");
        assertTrue(sketch.get(0, 5, 8) < 128, "the square's border is inked: " + sketch.get(0, 5, 8));
        assertEquals(sketch.get(0, 5, 8), sketch.get(2, 5, 8), "no colour");

        ImageDataset plain = new InMemoryImageDataset("plain", 3, 16, 16, List.of("bird", "cat"),
                new byte[4 * 3 * 256], new int[] {0, 1, 0, 1});
        CueConflictBuilder.Summary s = CueConflictBuilder.writeSketches(plain, tmp.resolve("sketch"), 1,
                Progress.silent());
        assertEquals(4, s.written());
        assertEquals(plain.classes(), ImageFolderDataset.builder().setRoot(tmp.resolve("sketch")).build().classes());
    }
}
