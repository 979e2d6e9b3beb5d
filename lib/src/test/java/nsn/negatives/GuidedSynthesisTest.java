package nsn.negatives;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import nsn.data.ByteImage;
import org.junit.jupiter.api.Test;

/** Guided synthesis (style transfer by texture synthesis): the output takes the guide's shape, the style's pixels. */
class GuidedSynthesisTest {

    private static final TextureSynthesizer SYNTH = TextureSynthesizer.defaults();

    /** A colour texture with dark and bright speckles of every shade: noise over a slow gradient. */
    private static ByteImage speckles(int h, int w, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        byte[] px = new byte[3 * h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int base = r.nextInt(256);
                px[y * w + x] = (byte) base;
                px[h * w + y * w + x] = (byte) Math.min(255, base / 2 + r.nextInt(64));
                px[2 * h * w + y * w + x] = (byte) (255 - base);
            }
        }
        return new ByteImage(3, h, w, px);
    }

    /** A grayscale guide: a bright disc on a dark background. */
    private static ByteImage disc(int size) {
        byte[] px = new byte[size * size];
        double c = (size - 1) / 2.0;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                boolean in = (y - c) * (y - c) + (x - c) * (x - c) < size * size / 9.0;
                px[y * size + x] = (byte) (in ? 230 : 20);
            }
        }
        return new ByteImage(1, size, size, px);
    }

    private static double meanLuminance(ByteImage img, boolean inside) {
        int s = img.height();
        double c = (s - 1) / 2.0;
        double sum = 0;
        int n = 0;
        int[] lum = TextureSynthesizer.equalizedLuminance(img);
        for (int y = 0; y < s; y++) {
            for (int x = 0; x < s; x++) {
                boolean in = (y - c) * (y - c) + (x - c) * (x - c) < s * s / 9.0;
                if (in == inside) {
                    sum += lum[y * s + x];
                    n++;
                }
            }
        }
        return sum / n;
    }

    @Test
    void withoutGuideWeightItIsPlainSynthesisPixelForPixel() {
        ByteImage style = speckles(24, 24, 1);
        ByteImage plain = SYNTH.synthesize(List.of(style), 32, 32, 5);
        ByteImage unguided = SYNTH.transfer(style, disc(32), 0f, 5);
        assertArrayEquals(plain.pixels(), unguided.pixels());
    }

    @Test
    void theOutputFollowsTheGuidesShapeWithTheStylesPixels() {
        ByteImage style = speckles(24, 24, 2);
        ByteImage out = SYNTH.transfer(style, disc(32), 4f, 9);
        assertEquals(3, out.channels());
        assertEquals(32, out.height());
        double inside = meanLuminance(out, true);
        double outside = meanLuminance(out, false);
        assertTrue(inside - outside > 60, "guided: disc " + inside + " vs background " + outside);

        ByteImage free = SYNTH.transfer(style, disc(32), 0f, 9);
        double freeGap = meanLuminance(free, true) - meanLuminance(free, false);
        assertTrue(Math.abs(freeGap) < 40, "unguided output ignores the disc: gap " + freeGap);

        // every output pixel is a pixel of the style image (texture synthesis copies, never invents colours)
        java.util.Set<Integer> colours = new java.util.HashSet<>();
        int n = 24 * 24;
        for (int i = 0; i < n; i++) {
            colours.add(rgb(style, i, n));
        }
        for (int i = 0; i < 32 * 32; i++) {
            assertTrue(colours.contains(rgb(out, i, 32 * 32)), "pixel " + i + " is not a style colour");
        }
        assertArrayEquals(out.pixels(), SYNTH.transfer(style, disc(32), 4f, 9).pixels(), "deterministic by seed");
    }

    private static int rgb(ByteImage img, int i, int plane) {
        byte[] p = img.pixels();
        return ((p[i] & 0xFF) << 16) | ((p[plane + i] & 0xFF) << 8) | (p[2 * plane + i] & 0xFF);
    }

    @Test
    void equalizedLuminanceSpreadsValuesAndKeepsTheirOrder() {
        byte[] px = {10, 10, 12, 12, 14, 14, 16, 16};
        int[] eq = TextureSynthesizer.equalizedLuminance(new ByteImage(1, 2, 4, px));
        // mid-ranks 1, 3, 5, 7 of 8 → 255·(1/8, 3/8, 5/8, 7/8)
        assertArrayEquals(new int[] {32, 32, 96, 96, 159, 159, 223, 223}, eq);
        assertThrows(IllegalArgumentException.class, () -> SYNTH.transfer(speckles(4, 4, 1), disc(8), -1f, 1));
    }
}
