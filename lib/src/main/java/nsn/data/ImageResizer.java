package nsn.data;

import java.util.Arrays;

/**
 * Resizes CHW byte images so the target is covered (the shorter side, relative to the target's aspect, matches)
 * and crops the centre, like torchvision's {@code Resize} followed by {@code CenterCrop}. Resampling is separable
 * bilinear (triangle filter) whose support widens with the reduction factor when downscaling, so large reductions
 * average every source pixel instead of aliasing (the antialiased bilinear filter of Pillow and torchvision).
 */
final class ImageResizer {

    private ImageResizer() {
    }

    /**
     * Per-output-pixel taps along one axis: output pixel {@code i} is the sum over {@code k < count[i]} of
     * {@code weights[i * stride + k]} times source pixel {@code first[i] + k}.
     */
    private record Taps(int[] first, int[] count, float[] weights, int stride) {
    }

    /** Vertical sums transposed together into the column arrays; see {@link #resizeCenterCrop}. */
    private static final int BLOCK = 8;

    /**
     * Resizes {@code src} ({@code channels × height × width}) to cover {@code targetHeight × targetWidth}, crops the
     * centre and writes the result to {@code dst[offset ..]} in CHW order.
     *
     * <p>The vertical pass runs first, one output row at a time over only the source columns the crop reads, then
     * the horizontal pass. Both are written so that Java 17's JIT vectorises them: it vectorises {@code a[x] +=
     * w · b[x]} but not {@code a[x] += w · b[x + offset]} for a variable offset (it cannot rule out that the two
     * arrays are one), so each source row is first converted to floats in an array of its own, and the vertical
     * sums are transposed, eight rows at a time, into one array per source column; the horizontal pass then adds
     * whole columns, and its result is transposed back while it is rounded to bytes. Every sum is formed in the same
     * order as a per-pixel loop over the vertical taps, then the horizontal ones, so the bytes are that loop's (about
     * 0.8 against 1.2 ms per ImageNet photo for the former row loops: BENCHMARKS.md, "Input pipeline"). The
     * vertical-first order differs from horizontal-first by float rounding only, which moved 316 of the 15 million
     * output bytes of the 100 ImageNet samples by one.
     */
    static void resizeCenterCrop(byte[] src, int channels, int height, int width,
            int targetHeight, int targetWidth, byte[] dst, int offset) {
        double scale = Math.max(targetHeight / (double) height, targetWidth / (double) width);
        int resizedHeight = Math.max(targetHeight, (int) Math.round(height * scale));
        int resizedWidth = Math.max(targetWidth, (int) Math.round(width * scale));
        Taps rows = taps(height, resizedHeight, (int) Math.round((resizedHeight - targetHeight) / 2.0), targetHeight);
        Taps cols = taps(width, resizedWidth, (int) Math.round((resizedWidth - targetWidth) / 2.0), targetWidth);
        int firstCol = cols.first[0];
        int lastCol = cols.first[targetWidth - 1] + cols.count[targetWidth - 1];
        int span = lastCol - firstCol;
        // source rows as floats, source row r in slot r % ring: an output row's taps are at most ring consecutive rows
        int ring = rows.stride;
        float[][] sourceRows = new float[ring][span];
        int[] rowInSlot = new int[ring];
        float[][] block = new float[BLOCK][span];
        float[][] columns = new float[span][targetHeight];
        float[] sum = new float[targetHeight];
        for (int c = 0; c < channels; c++) {
            int plane = c * height * width;
            int o = offset + c * targetHeight * targetWidth;
            Arrays.fill(rowInSlot, -1);
            for (int y0 = 0; y0 < targetHeight; y0 += BLOCK) {
                int n = Math.min(BLOCK, targetHeight - y0);
                for (int b = 0; b < n; b++) {
                    int y = y0 + b;
                    float[] vertical = block[b];
                    Arrays.fill(vertical, 0f);
                    for (int k = 0; k < rows.count[y]; k++) {
                        int r = rows.first[y] + k;
                        float[] row = sourceRows[r % ring];
                        if (rowInSlot[r % ring] != r) {
                            int source = plane + r * width + firstCol;
                            for (int x = 0; x < span; x++) {
                                row[x] = src[source + x] & 0xff;
                            }
                            rowInSlot[r % ring] = r;
                        }
                        float weight = rows.weights[y * rows.stride + k];
                        for (int x = 0; x < span; x++) {
                            vertical[x] += weight * row[x];
                        }
                    }
                }
                for (int x = 0; x < span; x++) {
                    float[] column = columns[x];
                    for (int b = 0; b < n; b++) {
                        column[y0 + b] = block[b][x];
                    }
                }
            }
            for (int x = 0; x < targetWidth; x++) {
                Arrays.fill(sum, 0f);
                for (int k = 0; k < cols.count[x]; k++) {
                    float weight = cols.weights[x * cols.stride + k];
                    float[] column = columns[cols.first[x] - firstCol + k];
                    for (int y = 0; y < targetHeight; y++) {
                        sum[y] += weight * column[y];
                    }
                }
                for (int y = 0, d = o + x; y < targetHeight; y++, d += targetWidth) {
                    dst[d] = toByte(sum[y]);
                }
            }
        }
    }

    /**
     * {@code Math.round(v)} clamped to [0, 255]. {@code (int) (v + 0.5f)} is that for every float (checked over all
     * of them from −2 to 300) but 0.49999997f, whose sum rounds up to 1.
     */
    static byte toByte(float v) {
        int rounded = v == 0.49999997f ? 0 : (int) (v + 0.5f);
        return (byte) Math.min(255, Math.max(0, rounded));
    }

    /**
     * The taps for output pixels {@code start .. start + count} of an axis resized from {@code in} to {@code out}
     * pixels. Output pixel {@code i} is centred on source coordinate {@code (i + 0.5) · in / out}.
     */
    private static Taps taps(int in, int out, int start, int count) {
        double ratio = in / (double) out;
        double filterScale = Math.max(ratio, 1.0);
        int stride = (int) Math.ceil(2 * filterScale) + 1;
        int[] first = new int[count];
        int[] length = new int[count];
        float[] weights = new float[count * stride];
        double[] w = new double[stride];
        for (int i = 0; i < count; i++) {
            double center = (start + i + 0.5) * ratio;
            int lo = Math.max(0, (int) Math.floor(center - filterScale + 0.5));
            int hi = Math.min(in, (int) Math.floor(center + filterScale + 0.5));
            double total = 0;
            for (int j = lo; j < hi; j++) {
                w[j - lo] = Math.max(0, 1 - Math.abs((j + 0.5 - center) / filterScale));
                total += w[j - lo];
            }
            for (int j = lo; j < hi; j++) {
                weights[i * stride + j - lo] = (float) (w[j - lo] / total);
            }
            first[i] = lo;
            length[i] = hi - lo;
        }
        return new Taps(first, length, weights, stride);
    }
}
