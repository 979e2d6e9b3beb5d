package nsn.augment;

/** Pixel kernels shared by the augmentations. Planes are CHW floats in [0, 1] unless stated otherwise. */
final class Pixels {

    private Pixels() {}

    /**
     * Bilinear resampling of the crop {@code (x0, y0, cw, ch)} of a byte image to {@code out × out}, into [0, 1]
     * floats; {@code flip} mirrors horizontally. Uses pixel-centre alignment (as PIL and torchvision do). The
     * columns and weights of each output column are computed once for all rows and channels.
     */
    static void cropResize(byte[] src, int srcOffset, int channels, int height, int width, double x0, double y0,
            double cw, double ch, boolean flip, int out, float[] dst) {
        double sx = cw / out;
        double sy = ch / out;
        int plane = height * width;
        int[] left = new int[out];
        int[] right = new int[out];
        float[] weight = new float[out];
        for (int ox = 0; ox < out; ox++) {
            int tx = flip ? out - 1 - ox : ox;
            double fx = x0 + (tx + 0.5) * sx - 0.5;
            fx = Math.min(Math.max(fx, 0), width - 1);
            int x1 = (int) fx;
            left[ox] = x1;
            right[ox] = Math.min(x1 + 1, width - 1);
            weight[ox] = (float) (fx - x1);
        }
        for (int oy = 0; oy < out; oy++) {
            double fy = y0 + (oy + 0.5) * sy - 0.5;
            fy = Math.min(Math.max(fy, 0), height - 1);
            int y1 = (int) fy;
            int y2 = Math.min(y1 + 1, height - 1);
            float wy = (float) (fy - y1);
            for (int c = 0; c < channels; c++) {
                int r1 = srcOffset + c * plane + y1 * width;
                int r2 = srcOffset + c * plane + y2 * width;
                int o = c * out * out + oy * out;
                for (int ox = 0; ox < out; ox++) {
                    int x1 = left[ox];
                    int x2 = right[ox];
                    float wx = weight[ox];
                    float a = src[r1 + x1] & 0xFF;
                    float b = src[r1 + x2] & 0xFF;
                    float d = src[r2 + x1] & 0xFF;
                    float e = src[r2 + x2] & 0xFF;
                    float top = a + (b - a) * wx;
                    float bottom = d + (e - d) * wx;
                    dst[o + ox] = (top + (bottom - top) * wy) * (1f / 255f);
                }
            }
        }
    }

    /** ITU-R 601 luma of RGB planes at pixel {@code i}. */
    static float luma(float[] img, int plane, int i) {
        return 0.299f * img[i] + 0.587f * img[plane + i] + 0.114f * img[2 * plane + i];
    }
}
