package nsn.augment;

/** Pixel kernels shared by the augmentations. Planes are CHW floats in [0, 1] unless stated otherwise. */
final class Pixels {

    private Pixels() {}

    /**
     * Bilinear resampling of the crop {@code (x0, y0, cw, ch)} of a byte image to {@code out × out}, into [0, 1]
     * floats; {@code flip} mirrors horizontally. Uses pixel-centre alignment (as PIL and torchvision do).
     */
    static void cropResize(byte[] src, int srcOffset, int channels, int height, int width, double x0, double y0,
            double cw, double ch, boolean flip, int out, float[] dst) {
        double sx = cw / out;
        double sy = ch / out;
        int plane = height * width;
        for (int oy = 0; oy < out; oy++) {
            double fy = y0 + (oy + 0.5) * sy - 0.5;
            fy = Math.min(Math.max(fy, 0), height - 1);
            int y1 = (int) fy;
            int y2 = Math.min(y1 + 1, height - 1);
            float wy = (float) (fy - y1);
            for (int ox = 0; ox < out; ox++) {
                int tx = flip ? out - 1 - ox : ox;
                double fx = x0 + (tx + 0.5) * sx - 0.5;
                fx = Math.min(Math.max(fx, 0), width - 1);
                int x1 = (int) fx;
                int x2 = Math.min(x1 + 1, width - 1);
                float wx = (float) (fx - x1);
                for (int c = 0; c < channels; c++) {
                    int base = srcOffset + c * plane;
                    float a = src[base + y1 * width + x1] & 0xFF;
                    float b = src[base + y1 * width + x2] & 0xFF;
                    float d = src[base + y2 * width + x1] & 0xFF;
                    float e = src[base + y2 * width + x2] & 0xFF;
                    float top = a + (b - a) * wx;
                    float bottom = d + (e - d) * wx;
                    dst[c * out * out + oy * out + ox] = (top + (bottom - top) * wy) * (1f / 255f);
                }
            }
        }
    }

    /** ITU-R 601 luma of RGB planes at pixel {@code i}. */
    static float luma(float[] img, int plane, int i) {
        return 0.299f * img[i] + 0.587f * img[plane + i] + 0.114f * img[2 * plane + i];
    }
}
