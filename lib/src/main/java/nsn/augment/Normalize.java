package nsn.augment;

/**
 * torchvision's {@code Normalize(mean, std)}: {@code (v − mean[c]) / std[c]} per channel, after clamping to
 * [0, 1] as {@code ToTensor} would leave the pixels. One mean and std apply to every channel.
 */
final class Normalize {

    private final float[] mean;
    private final float[] std;

    Normalize(float[] mean, float[] std) {
        this.mean = mean.clone();
        this.std = std.clone();
    }

    /**
     * Normalises {@code channels} planes of {@code plane} floats from {@code img} into {@code dst}, CHW from
     * {@code dstOffset}. The planes are overwritten with the result on the way.
     */
    void apply(float[][] img, int channels, int plane, float[] dst, int dstOffset) {
        for (int c = 0; c < channels; c++) {
            float m = mean[mean.length == 1 ? 0 : c];
            float inv = 1f / std[std.length == 1 ? 0 : c];
            float[] v = img[c];
            for (int i = 0; i < plane; i++) {
                v[i] = (Pixels.clamp(v[i]) - m) * inv;
            }
            System.arraycopy(v, 0, dst, dstOffset + c * plane, plane);
        }
    }
}
