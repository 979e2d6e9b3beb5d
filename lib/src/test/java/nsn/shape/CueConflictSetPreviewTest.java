package nsn.shape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link CueConflictSet#preview}: which stimuli it shows, where, and at what size. */
class CueConflictSetPreviewTest {

    /** A stimulus filled with one colour. */
    private static void stimulus(Path root, String shape, int n, String texture, int m, Color colour)
            throws IOException {
        Path dir = Files.createDirectories(root.resolve(shape));
        BufferedImage img = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(colour);
        g.fillRect(0, 0, 16, 16);
        g.dispose();
        ImageIO.write(img, "png", dir.resolve(shape + n + "-" + texture + m + ".png").toFile());
    }

    @Test
    void roundRobinOverShapesScaledUpAndLaidOutInRows(@TempDir Path tmp) throws IOException {
        // files sort as cat1, cat2, dog3, dog4, frog5: indices 0..4, shape categories cat=0, dog=1, frog=2
        stimulus(tmp, "cat", 1, "dog", 9, Color.RED);
        stimulus(tmp, "cat", 2, "frog", 9, Color.GREEN);
        stimulus(tmp, "dog", 3, "cat", 9, Color.BLUE);
        stimulus(tmp, "dog", 4, "frog", 9, Color.YELLOW);
        stimulus(tmp, "frog", 5, "cat", 9, Color.MAGENTA);
        CueConflictSet set = CueConflictSet.read(tmp, 3, 16);

        assertEquals(List.of(0, 2, 4, 1, 3), set.previewOrder(10), "one of each shape first, then the second ones");
        assertEquals(List.of(0, 2), set.previewOrder(2));

        BufferedImage all = set.preview(10);
        // 16 px scaled by 6 to 96 px; 5 stimuli fit one row of PREVIEW_COLUMNS = 5: 5 * (96 + 16) + 16 wide,
        // one row of 96 + 30 (caption) + 16, plus the top gap
        assertEquals(5 * 112 + 16, all.getWidth());
        assertEquals(16 + 96 + 30 + 16, all.getHeight());
        Color[] expected = {Color.RED, Color.BLUE, Color.MAGENTA, Color.GREEN, Color.YELLOW};
        for (int k = 0; k < 5; k++) {
            int x = 16 + k * 112;
            assertEquals(expected[k].getRGB(), all.getRGB(x + 48, 16 + 48), "centre of cell " + k);
            assertEquals(expected[k].getRGB(), all.getRGB(x + 95, 16 + 95), "the cell is 96 px wide, " + k);
            assertEquals(Color.WHITE.getRGB(), all.getRGB(x + 96, 16 + 48), "gap after cell " + k);
        }

        BufferedImage two = set.preview(2);
        assertEquals(2 * 112 + 16, two.getWidth());
        assertThrows(IllegalArgumentException.class, () -> set.preview(0));
    }
}
