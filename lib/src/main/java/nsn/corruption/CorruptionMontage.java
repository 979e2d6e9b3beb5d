package nsn.corruption;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import nsn.data.ByteImage;
import nsn.report.AtomicFiles;

/**
 * A figure of corruptions: one row per corruption, the clean image then one column per severity, with the
 * corruption names on the left and the severities on top (e.g. {@code docs/figures/corruptions-imagenet-sample.png}).
 */
public final class CorruptionMontage {

    private static final int LABEL_WIDTH = 150;
    private static final int HEADER_HEIGHT = 26;
    private static final int GAP = 4;

    private CorruptionMontage() {}

    /**
     * Renders the montage.
     *
     * @param clean the image (any size; 224 px for ImageNet-C)
     * @param corruptions the rows
     * @param severities the columns after the clean one, each in [1, 5]
     * @param scale the parameter table
     * @param seed seed of every cell (cell (corruption, severity) uses the same random stream as
     *     {@link CorruptedDataset} image 0 with this seed)
     */
    public static BufferedImage render(ByteImage clean, List<Corruption> corruptions, List<Integer> severities,
            Scale scale, long seed) {
        for (int s : severities) {
            Corruption.checkSeverity(s);
        }
        int w = clean.width();
        int h = clean.height();
        int cols = severities.size() + 1;
        int width = LABEL_WIDTH + cols * (w + GAP);
        int height = HEADER_HEIGHT + corruptions.size() * (h + GAP);
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 15));
            g.drawString("clean", LABEL_WIDTH + w / 2 - 18, HEADER_HEIGHT - 8);
            for (int j = 0; j < severities.size(); j++) {
                g.drawString("severity " + severities.get(j), LABEL_WIDTH + (j + 1) * (w + GAP) + w / 2 - 32,
                        HEADER_HEIGHT - 8);
            }
            BufferedImage cleanImage = clean.toBufferedImage();
            for (int i = 0; i < corruptions.size(); i++) {
                Corruption c = corruptions.get(i);
                int y = HEADER_HEIGHT + i * (h + GAP);
                g.setColor(Color.BLACK);
                g.drawString(c.name(), 6, y + h / 2 + 5);
                g.drawImage(cleanImage, LABEL_WIDTH, y, null);
                for (int j = 0; j < severities.size(); j++) {
                    int s = severities.get(j);
                    SplittableRandom random = CorruptedDataset.randomFor(seed, c, s, 0);
                    ByteImage corrupted = c.apply(clean, s, scale, random);
                    g.drawImage(corrupted.toBufferedImage(), LABEL_WIDTH + (j + 1) * (w + GAP), y, null);
                }
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    /** Renders the montage and writes it to {@code target} as PNG, atomically. */
    public static void write(Path target, ByteImage clean, List<Corruption> corruptions, List<Integer> severities,
            Scale scale, long seed) throws IOException {
        BufferedImage img = render(clean, corruptions, severities, scale, seed);
        AtomicFiles.write(target, out -> ImageIO.write(img, "png", out));
    }
}
