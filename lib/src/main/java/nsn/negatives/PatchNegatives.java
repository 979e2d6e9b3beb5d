package nsn.negatives;

import java.util.SplittableRandom;

/**
 * §2.3's patch-based negatives: draw a patch size d, take ⌊S/d⌋ + 1 patches per side from random locations
 * that lie entirely in the S×S view (overlap between patches is allowed, as in the authors' sampler), tile them
 * on a grid and crop the tiling to S×S.
 */
final class PatchNegatives implements NonSemanticNegatives {

    private final int minPatch;
    private final int maxPatch;

    PatchNegatives(int minPatch, int maxPatch) {
        if (minPatch < 1 || maxPatch < minPatch) {
            throw new IllegalArgumentException(
                    "patch sizes must satisfy 1 <= min <= max, got [" + minPatch + ", " + maxPatch + "]");
        }
        this.minPatch = minPatch;
        this.maxPatch = maxPatch;
    }

    @Override
    public void generate(float[] view, int viewOffset, int channels, int size, float[] dst, int dstOffset,
            SplittableRandom rng) {
        int d = Math.min(size, minPatch + rng.nextInt(maxPatch - minPatch + 1));
        int tiles = size / d + 1;
        int plane = size * size;
        for (int ty = 0; ty < tiles; ty++) {
            for (int tx = 0; tx < tiles; tx++) {
                int sx = rng.nextInt(size - d + 1);
                int sy = rng.nextInt(size - d + 1);
                int rows = Math.min(d, size - ty * d);
                int cols = Math.min(d, size - tx * d);
                if (rows <= 0 || cols <= 0) {
                    continue; // this tile lies beyond the crop
                }
                for (int c = 0; c < channels; c++) {
                    int srcBase = viewOffset + c * plane;
                    int dstBase = dstOffset + c * plane;
                    for (int r = 0; r < rows; r++) {
                        System.arraycopy(view, srcBase + (sy + r) * size + sx, dst,
                                dstBase + (ty * d + r) * size + tx * d, cols);
                    }
                }
            }
        }
    }

    @Override
    public String toString() {
        return "patches[" + minPatch + ", " + maxPatch + "]";
    }
}
