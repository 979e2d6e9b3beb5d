package nsn.corruption;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import nsn.data.ByteImage;
import nsn.report.AtomicFiles;
import nsn.report.Charts;

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
        return render(clean, corruptions, severities, scale, seed, Math.max(clean.height(), clean.width()));
    }

    /**
     * Renders the montage with every cell shown at {@code cellSize} px on its longer side (area-averaged when
     * smaller than the image): the corruptions still act on the full-size image, only the display is scaled, which
     * keeps a 15-row figure of photographs to a few megabytes.
     */
    public static BufferedImage render(ByteImage clean, List<Corruption> corruptions, List<Integer> severities,
            Scale scale, long seed, int cellSize) {
        for (int s : severities) {
            Corruption.checkSeverity(s);
        }
        if (cellSize < 8) {
            throw new IllegalArgumentException("cellSize must be >= 8, got " + cellSize);
        }
        double zoom = (double) cellSize / Math.max(clean.height(), clean.width());
        int w = (int) Math.round(clean.width() * zoom);
        int h = (int) Math.round(clean.height() * zoom);
        int cols = severities.size() + 1;
        int width = LABEL_WIDTH + cols * (w + GAP);
        int height = HEADER_HEIGHT + corruptions.size() * (h + GAP);
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = Charts.whiteCanvas(out);
        try {
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 15));
            java.awt.FontMetrics fm = g.getFontMetrics();
            for (int j = 0; j <= severities.size(); j++) {
                String head = j == 0 ? "clean" : "severity " + severities.get(j - 1);
                if (fm.stringWidth(head) > w && j > 0) {
                    head = "s" + severities.get(j - 1);
                }
                int x = LABEL_WIDTH + j * (w + GAP) + (w - fm.stringWidth(head)) / 2;
                g.drawString(head, x, HEADER_HEIGHT - 8);
            }
            java.awt.Image cleanImage = cell(clean, w, h);
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
                    g.drawImage(cell(corrupted, w, h), LABEL_WIDTH + (j + 1) * (w + GAP), y, null);
                }
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    private static java.awt.Image cell(ByteImage image, int w, int h) {
        BufferedImage full = image.toBufferedImage();
        if (w == image.width() && h == image.height()) {
            return full;
        }
        java.awt.Image scaled = full.getScaledInstance(w, h, java.awt.Image.SCALE_AREA_AVERAGING);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.drawImage(scaled, 0, 0, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    /** {@link #render(ByteImage, List, List, Scale, long, int)} written to {@code target} as PNG, atomically. */
    public static void write(Path target, ByteImage clean, List<Corruption> corruptions, List<Integer> severities,
            Scale scale, long seed, int cellSize) throws IOException {
        BufferedImage img = render(clean, corruptions, severities, scale, seed, cellSize);
        AtomicFiles.write(target, out -> ImageIO.write(img, "png", out));
    }
}
