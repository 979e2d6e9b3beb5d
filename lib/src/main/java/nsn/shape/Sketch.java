package nsn.shape;

import nsn.data.ByteImage;

/**
 * A sketch-like rendering of an image, the small-scale counterpart of ImageNet-Sketch's black-and-white drawings:
 * dark lines where the luminance has edges, white elsewhere, no colour and no texture. Steps: luminance (ITU-R 601),
 * a 3×3 binomial blur, the Sobel gradient magnitude, divided by its 95th percentile over the image (so faint and
 * strong images get lines of similar weight) and clipped to [0, 1] as ink; pixel = 255 · (1 − ink), copied to every
 * channel. Deterministic, no parameters to tune per dataset. An analogue for small data, not the benchmark: real
 * sketches are drawn by people and omit or exaggerate parts.
 */
public final class Sketch {

    private Sketch() {}

    /** The sketch of {@code image}, same size and channels. */
    public static ByteImage render(ByteImage image) {
        int h = image.height();
        int w = image.width();
        int n = h * w;
        byte[] px = image.pixels();
        float[] lum = new float[n];
        for (int i = 0; i < n; i++) {
            lum[i] = image.channels() == 1 ? px[i] & 0xFF
                    : 0.299f * (px[i] & 0xFF) + 0.587f * (px[n + i] & 0xFF) + 0.114f * (px[2 * n + i] & 0xFF);
        }
        float[] blurred = new float[n];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float s = 0;
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        float k = (dy == 0 ? 2 : 1) * (dx == 0 ? 2 : 1);
                        s += k * at(lum, h, w, y + dy, x + dx);
                    }
                }
                blurred[y * w + x] = s / 16f;
            }
        }
        float[] mag = new float[n];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float gx = at(blurred, h, w, y - 1, x + 1) + 2 * at(blurred, h, w, y, x + 1)
                        + at(blurred, h, w, y + 1, x + 1) - at(blurred, h, w, y - 1, x - 1)
                        - 2 * at(blurred, h, w, y, x - 1) - at(blurred, h, w, y + 1, x - 1);
                float gy = at(blurred, h, w, y + 1, x - 1) + 2 * at(blurred, h, w, y + 1, x)
                        + at(blurred, h, w, y + 1, x + 1) - at(blurred, h, w, y - 1, x - 1)
                        - 2 * at(blurred, h, w, y - 1, x) - at(blurred, h, w, y - 1, x + 1);
                mag[y * w + x] = (float) Math.sqrt(gx * gx + gy * gy);
            }
        }
        float[] sorted = mag.clone();
        java.util.Arrays.sort(sorted);
        float p95 = sorted[Math.min(n - 1, (int) (0.95 * n))];
        byte[] out = new byte[image.channels() * n];
        for (int i = 0; i < n; i++) {
            float ink = p95 > 0 ? Math.min(1f, mag[i] / p95) : 0f;
            byte v = (byte) Math.round(255f * (1f - ink));
            for (int c = 0; c < image.channels(); c++) {
                out[c * n + i] = v;
            }
        }
        return new ByteImage(image.channels(), h, w, out);
    }

    /** Value at (y, x) with edge replication. */
    private static float at(float[] img, int h, int w, int y, int x) {
        int yy = Math.max(0, Math.min(h - 1, y));
        int xx = Math.max(0, Math.min(w - 1, x));
        return img[yy * w + xx];
    }
}
