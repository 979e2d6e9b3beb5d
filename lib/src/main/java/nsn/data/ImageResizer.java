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

    /**
     * Resizes {@code src} ({@code channels × height × width}) to cover {@code targetHeight × targetWidth}, crops the
     * centre and writes the result to {@code dst[offset ..]} in CHW order.
     */
    static void resizeCenterCrop(byte[] src, int channels, int height, int width,
            int targetHeight, int targetWidth, byte[] dst, int offset) {
        double scale = Math.max(targetHeight / (double) height, targetWidth / (double) width);
        int resizedHeight = Math.max(targetHeight, (int) Math.round(height * scale));
        int resizedWidth = Math.max(targetWidth, (int) Math.round(width * scale));
        Taps rows = taps(height, resizedHeight, (int) Math.round((resizedHeight - targetHeight) / 2.0), targetHeight);
        Taps cols = taps(width, resizedWidth, (int) Math.round((resizedWidth - targetWidth) / 2.0), targetWidth);
        // Only the source rows some output row reads need the horizontal pass.
        int firstRow = rows.first[0];
        int lastRow = rows.first[targetHeight - 1] + rows.count[targetHeight - 1];
        float[] horizontal = new float[(lastRow - firstRow) * targetWidth];
        float[] accumulator = new float[targetWidth];
        for (int c = 0; c < channels; c++) {
            int plane = c * height * width;
            for (int y = firstRow; y < lastRow; y++) {
                int row = plane + y * width;
                int out = (y - firstRow) * targetWidth;
                for (int x = 0; x < targetWidth; x++) {
                    float sum = 0;
                    int w = x * cols.stride;
                    for (int k = 0, j = row + cols.first[x]; k < cols.count[x]; k++, j++) {
                        sum += cols.weights[w + k] * (src[j] & 0xff);
                    }
                    horizontal[out + x] = sum;
                }
            }
            int out = offset + c * targetHeight * targetWidth;
            for (int y = 0; y < targetHeight; y++) {
                Arrays.fill(accumulator, 0f);
                for (int k = 0; k < rows.count[y]; k++) {
                    float weight = rows.weights[y * rows.stride + k];
                    int source = (rows.first[y] + k - firstRow) * targetWidth;
                    for (int x = 0; x < targetWidth; x++) {
                        accumulator[x] += weight * horizontal[source + x];
                    }
                }
                for (int x = 0; x < targetWidth; x++) {
                    dst[out + y * targetWidth + x] = (byte) Math.min(255, Math.max(0, Math.round(accumulator[x])));
                }
            }
        }
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
