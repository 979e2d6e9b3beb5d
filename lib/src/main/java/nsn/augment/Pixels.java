package nsn.augment;

/**
 * Pixel kernels shared by the augmentations. Working images are planes: one {@code float[]} of {@code size²} per
 * channel, values in [0, 1] unless stated otherwise. Separate arrays rather than one CHW array let the JIT vectorise
 * the per-pixel loops: on Java 17 a loop stays scalar when it reads one float array and writes another (or the same)
 * at indexes that differ by a variable offset, since the JIT cannot rule out that the arrays are one; the kernels
 * therefore index every array of a loop with the loop variable alone, copying a shifted window into an array of its
 * own where they need one (BENCHMARKS.md, "Input pipeline").
 */
final class Pixels {

    /** Scratch slots: the working image's planes, then the hue's three buffers. */
    static final int IMAGE = 0;
    static final int HUE = 3;
    private static final int SLOTS = 6;

    /** Per-thread scratch arrays, by slot; see {@link #scratch}. */
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[SLOTS][0]);

    private Pixels() {}

    /**
     * This thread's scratch array of slot {@code slot}, exactly {@code length} floats, contents undefined. A loader
     * thread reuses them from view to view instead of allocating.
     */
    static float[] scratch(int slot, int length) {
        float[][] slots = SCRATCH.get();
        if (slots[slot].length != length) {
            slots[slot] = new float[length];
        }
        return slots[slot];
    }

    /** {@code channels} scratch planes of {@code plane} floats from slots {@code first ..}. */
    static float[][] scratchPlanes(int first, int channels, int plane) {
        float[][] planes = new float[channels][];
        for (int c = 0; c < channels; c++) {
            planes[c] = scratch(first + c, plane);
        }
        return planes;
    }

    /**
     * Bilinear resampling of the crop {@code (x0, y0, cw, ch)} of a byte image to {@code out × out}, into [0, 1]
     * float planes; {@code flip} mirrors horizontally. Uses pixel-centre alignment (as PIL and torchvision do).
     * Each output pixel is {@code (top + (bottom − top)·wy) / 255}, where top and bottom interpolate two source rows
     * horizontally; the columns and weights are computed once per crop, and each source row's horizontal
     * interpolation once per channel (upscaled crops share rows between output rows), from the row's columns that
     * the crop reads converted to floats first (half the time of converting each byte as it is gathered), then the
     * vertical pass runs over whole rows.
     */
    static void cropResize(byte[] src, int srcOffset, int channels, int height, int width, double x0, double y0,
            double cw, double ch, boolean flip, int out, float[][] dst) {
        double sx = cw / out;
        double sy = ch / out;
        int plane = height * width;
        int[] left = new int[out];
        int[] right = new int[out];
        float[] weight = new float[out];
        int first = width - 1;
        int last = 0;
        for (int ox = 0; ox < out; ox++) {
            int tx = flip ? out - 1 - ox : ox;
            double fx = x0 + (tx + 0.5) * sx - 0.5;
            fx = Math.min(Math.max(fx, 0), width - 1);
            int x1 = (int) fx;
            left[ox] = x1;
            right[ox] = Math.min(x1 + 1, width - 1);
            weight[ox] = (float) (fx - x1);
            first = Math.min(first, x1);
            last = Math.max(last, right[ox]);
        }
        for (int ox = 0; ox < out; ox++) {
            left[ox] -= first;
            right[ox] -= first;
        }
        float[] line = new float[last - first + 1];
        float[][] rows = {new float[out], new float[out]};
        float[] mixed = new float[out];
        int[] rowOf = new int[2];
        for (int c = 0; c < channels; c++) {
            rowOf[0] = -1;
            rowOf[1] = -1;
            int base = srcOffset + c * plane + first;
            float[] target = dst[c];
            for (int oy = 0; oy < out; oy++) {
                double fy = y0 + (oy + 0.5) * sy - 0.5;
                fy = Math.min(Math.max(fy, 0), height - 1);
                int y1 = (int) fy;
                int y2 = Math.min(y1 + 1, height - 1);
                float wy = (float) (fy - y1);
                int s1 = row(src, base + y1 * width, y1, -1, rows, rowOf, left, right, weight, line);
                int s2 = row(src, base + y2 * width, y2, s1, rows, rowOf, left, right, weight, line);
                float[] top = rows[s1];
                float[] bottom = rows[s2];
                for (int ox = 0; ox < out; ox++) {
                    mixed[ox] = (top[ox] + (bottom[ox] - top[ox]) * wy) * (1f / 255f);
                }
                System.arraycopy(mixed, 0, target, oy * out, out);
            }
        }
    }

    /**
     * The slot of {@code rows} holding source row {@code y} (whose first read column is at {@code src[start]})
     * interpolated horizontally, computing it into a slot other than {@code keep} (the older row) when neither
     * holds it. Rows only move down as output rows do.
     */
    private static int row(byte[] src, int start, int y, int keep, float[][] rows, int[] rowOf,
            int[] left, int[] right, float[] weight, float[] line) {
        if (rowOf[0] == y) {
            return 0;
        }
        if (rowOf[1] == y) {
            return 1;
        }
        int slot = keep >= 0 ? 1 - keep : (rowOf[0] <= rowOf[1] ? 0 : 1);
        for (int x = 0; x < line.length; x++) {
            line[x] = src[start + x] & 0xFF;
        }
        float[] r = rows[slot];
        for (int ox = 0; ox < r.length; ox++) {
            float a = line[left[ox]];
            float b = line[right[ox]];
            r[ox] = a + (b - a) * weight[ox];
        }
        rowOf[slot] = y;
        return slot;
    }

    /** ITU-R 601 luma of RGB planes at pixel {@code i}. */
    static float luma(float[] r, float[] g, float[] b, int i) {
        return 0.299f * r[i] + 0.587f * g[i] + 0.114f * b[i];
    }

    /** {@code min(max(v, 0), 1)}. */
    static float clamp(float v) {
        return Math.min(Math.max(v, 0f), 1f);
    }
}
