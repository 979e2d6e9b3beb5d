package nsn.augment;

import java.util.SplittableRandom;

/**
 * torchvision's {@code RandomGrayscale(p)}: with probability {@code p} an RGB image becomes its ITU-R 601 luma
 * (0.299 R + 0.587 G + 0.114 B) in all three channels. A one-channel image is left alone and costs no draw.
 */
final class RandomGrayscale {

    private final float p;

    RandomGrayscale(float p) {
        this.p = p;
    }

    /** Draws whether to convert and converts {@code img} ({@code channels} planes of {@code plane}) in place. */
    void apply(float[][] img, int channels, int plane, SplittableRandom rng) {
        if (channels == 3 && rng.nextDouble() < p) {
            toGray(img, plane);
        }
    }

    /** Replaces each RGB pixel by its luma in all three channels. */
    static void toGray(float[][] img, int plane) {
        float[] r = img[0];
        float[] g = img[1];
        float[] b = img[2];
        for (int i = 0; i < plane; i++) {
            float y = Pixels.luma(r, g, b, i);
            r[i] = y;
            g[i] = y;
            b[i] = y;
        }
    }
}
