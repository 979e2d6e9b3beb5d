package nsn.augment;

import java.util.function.Consumer;

/** Runs the plane-based kernels on the flat CHW arrays the tests write out. */
final class TestPlanes {

    private TestPlanes() {}

    /** {@code channels} planes copied out of a flat CHW array. */
    static float[][] split(float[] flat, int channels) {
        int plane = flat.length / channels;
        float[][] planes = new float[channels][plane];
        for (int c = 0; c < channels; c++) {
            System.arraycopy(flat, c * plane, planes[c], 0, plane);
        }
        return planes;
    }

    /** The planes written back, one after the other, into {@code flat}. */
    static void join(float[][] planes, float[] flat) {
        int plane = flat.length / planes.length;
        for (int c = 0; c < planes.length; c++) {
            System.arraycopy(planes[c], 0, flat, c * plane, plane);
        }
    }

    /** {@code op} applied to the planes of {@code flat}, the result written back into it. */
    static void inPlace(float[] flat, int channels, Consumer<float[][]> op) {
        float[][] planes = split(flat, channels);
        op.accept(planes);
        join(planes, flat);
    }
}
