package nsn.shape;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShapeBiasTest {

    @TempDir
    Path tmp;

    private static void png(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), "png", file.toFile());
    }

    @Test
    void geirhosCategoriesAggregateTheModelsClassesByTheirMeanProbability() {
        assertEquals(16, CategoryMapping.geirhosTable().size());
        assertEquals(List.of("n02690373"), CategoryMapping.geirhosTable().get("airplane"));
        assertEquals(List.of("n03041632"), CategoryMapping.geirhosTable().get("knife"));
        // a model over: tabby cat, robin (bird), two dogs, a class in no category
        List<String> model = List.of("n02123045", "n01558993", "n02086240", "n02086910", "n04000000");
        CategoryMapping m = CategoryMapping.geirhos16(model);
        assertEquals(16, m.categories().size());
        int cat = m.indexOf("cat");
        int dog = m.indexOf("dog");
        int bird = m.indexOf("bird");
        assertArrayEquals(new int[] {0}, m.modelClasses().get(cat));
        assertArrayEquals(new int[] {2, 3}, m.modelClasses().get(dog));
        assertTrue(m.represented(bird));
        assertTrue(!m.represented(m.indexOf("airplane")));
        // dog's mean (0.3 + 0.3) / 2 = 0.3 loses to cat's 0.35 although dog's classes sum to more
        assertEquals(cat, m.decide(new float[] {0.35f, 0f, 0.3f, 0.3f, 0.05f}, 0));
        assertEquals(dog, m.decide(new float[] {0.1f, 0.1f, 0.4f, 0.3f, 0.1f}, 0));
    }

    @Test
    void shapeBiasCountsShapeAndTextureHitsAndLeavesOutSameAndUnknownCategories() throws IOException {
        Path root = tmp.resolve("stimuli");
        png(root.resolve("cat/cat1-dog2.png"));
        png(root.resolve("cat/cat3-bird4.png"));
        png(root.resolve("dog/dog5-cat6.png"));
        png(root.resolve("dog/dog7-bird8.png"));
        png(root.resolve("bird/bird9-bird10.png")); // same category: left out
        png(root.resolve("bird/bird11-knife12.png")); // knife: not a class of the model
        CueConflictSet set = CueConflictSet.read(root, 3, 8);
        assertEquals(List.of("bird", "cat", "dog", "knife"), set.categories());
        assertEquals(6, set.size());
        CategoryMapping m = CategoryMapping.identity(List.of("cat", "dog", "bird"));
        // stimuli are sorted by folder then file: bird9-bird10, bird11-knife12, cat1-dog2, cat3-bird4, dog5-cat6,
        // dog7-bird8; model classes: cat, dog, bird
        float[] p = {
            0.1f, 0.1f, 0.8f, // bird9-bird10: left out
            0.1f, 0.1f, 0.8f, // bird11-knife12: left out
            0.9f, 0.05f, 0.05f, // cat1-dog2: cat = shape hit
            0.1f, 0.1f, 0.8f, // cat3-bird4: bird = texture hit
            0.2f, 0.7f, 0.1f, // dog5-cat6: dog = shape hit
            0.6f, 0.3f, 0.1f, // dog7-bird8: cat = neither
        };
        ShapeBias b = ShapeBias.score(p, set, m);
        assertEquals(2, b.shapeHits());
        assertEquals(1, b.textureHits());
        assertEquals(4, b.evaluated());
        assertEquals(2, b.excluded());
        assertEquals(2.0 / 3.0, b.shapeBias(), 1e-12);
        assertEquals(0.5, b.shapeAccuracy(), 1e-12);
        assertEquals(0.25, b.textureAccuracy(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> ShapeBias.score(new float[5], set, m));
    }

    @Test
    void stimuliThatBreakTheLayoutAreNamed() throws IOException {
        Path root = tmp.resolve("bad");
        png(root.resolve("cat/cat1-dog2.png"));
        png(root.resolve("dog/cat3-bird4.png"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CueConflictSet.read(root, 3, 8));
        assertTrue(e.getMessage().contains("cat3-bird4.png") && e.getMessage().contains("'dog'"), e.getMessage());
        Path root2 = tmp.resolve("bad2");
        png(root2.resolve("cat/photo.png"));
        e = assertThrows(IllegalArgumentException.class, () -> CueConflictSet.read(root2, 3, 8));
        assertTrue(e.getMessage().contains("photo.png"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CueConflictSet.read(tmp.resolve("none"), 3, 8));
    }
}
