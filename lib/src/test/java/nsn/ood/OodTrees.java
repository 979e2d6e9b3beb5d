package nsn.ood;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;

/** Tiny on-disk trees in the released benchmarks' layouts, each class a colour, for the tests. */
public final class OodTrees {

    /** Three wnids, in sorted (ImageNet-100 label) order. */
    public static final List<String> WNIDS = List.of("n01000001", "n01000002", "n01000003");

    /** A wnid outside {@link #WNIDS}, standing for the benchmark's other ImageNet classes. */
    public static final String OTHER = "n09999999";

    /** The colour of each class: red, green, blue; the other class grey. */
    static int[] color(String wnid) {
        return switch (WNIDS.indexOf(wnid)) {
            case 0 -> new int[] {220, 30, 30};
            case 1 -> new int[] {30, 200, 40};
            case 2 -> new int[] {40, 40, 210};
            default -> new int[] {128, 128, 128};
        };
    }

    private OodTrees() {}

    /**
     * Writes {@code n} images of class {@code wnid} into {@code dir/<wnid>/}: its colour with seeded noise of ±12,
     * {@code size} × {@code size}, as {@code ext} (jpg or png); file names {@code <prefix><i>.<EXT>}.
     */
    public static void writeClass(Path dir, String wnid, int n, int size, String ext, String prefix, long seed)
            throws IOException {
        writeClassAs(dir, wnid, wnid, n, size, ext, prefix, seed);
    }

    /** Like {@link #writeClass} but in the colour of class {@code colourOf}: images a colour probe gets wrong. */
    public static void writeClassAs(Path dir, String wnid, String colourOf, int n, int size, String ext,
            String prefix, long seed) throws IOException {
        Path classDir = Files.createDirectories(dir.resolve(wnid));
        Random rng = new Random(seed ^ wnid.hashCode());
        int[] c = color(colourOf);
        for (int i = 0; i < n; i++) {
            BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    int r = clamp(c[0] + rng.nextInt(25) - 12);
                    int g = clamp(c[1] + rng.nextInt(25) - 12);
                    int b = clamp(c[2] + rng.nextInt(25) - 12);
                    image.setRGB(x, y, (r << 16) | (g << 8) | b);
                }
            }
            String upper = ext.equals("jpg") ? "JPEG" : ext;
            ImageIO.write(image, ext.equals("jpg") ? "jpeg" : ext, classDir.resolve(prefix + i + "." + upper)
                    .toFile());
        }
    }

    /** Writes {@code n} images of each of {@code wnids} into {@code dir}. */
    public static void writeClasses(Path dir, List<String> wnids, int n, int size, String ext, long seed)
            throws IOException {
        for (String w : wnids) {
            writeClass(dir, w, n, size, ext, "img", seed);
        }
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }
}
