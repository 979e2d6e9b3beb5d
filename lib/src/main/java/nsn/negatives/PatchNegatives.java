package nsn.negatives;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import nsn.data.ByteImage;

/**
 * §2.3's patch-based negatives: square patches of side d cut from an image (the already augmented and normalised
 * query view, in pretraining) and tiled on a grid, so that colour and local statistics survive and global shape
 * does not. Made with {@link #builder()}, e.g.
 * {@code PatchNegatives.builder().optPatchRange(16, 72).optLayout(Layout.SHUFFLED_CELLS).build()}.
 *
 * <h2>Default: the authors' sampler ({@link Layout#RANDOM_CORNERS})</h2>
 *
 * This reproduces {@code NonSemanticAug} of the authors' {@code moco/loader.py}, which differs from the paper's
 * text. For an H×W image (S×S in the original, S = 224):
 * <ol>
 *   <li>d is drawn from the {@linkplain SizeDistribution size distribution} over [min, max] (default: uniform
 *       integer over [16, 72] inclusive, Python's {@code random.randint(16, 72)});
 *   <li>the grid has n<sub>y</sub> = ⌊H/d⌋ + 1 rows and n<sub>x</sub> = ⌊W/d⌋ + 1 columns of patches (n = S//d + 1
 *       per side in the original), so the n·d canvas always covers the image, by one patch more than needed when
 *       d divides the side;
 *   <li>for every patch, in raster order (row of patches by row, left to right), its top-left corner is drawn:
 *       first its row y uniform in [0, H−d−1], then its column x uniform in [0, W−d−1]. The upper bound is
 *       <em>exclusive</em> of H−d as in the original's {@code np.random.randint(0, 224 - d)}, so the image's last
 *       row and last column are never copied; when d equals the side there is only corner 0 (the original would
 *       fail there). Patches may overlap and repeat. Corners are drawn for all n<sub>y</sub>·n<sub>x</sub> patches,
 *       also for those that the crop below removes entirely;
 *   <li>patch (i, j) is pasted at (i·d, j·d) on a zero canvas of n<sub>y</sub>d × n<sub>x</sub>d, which is
 *       cropped to its top-left H×W. Nothing is applied after tiling.
 * </ol>
 * A source pixel at column x is therefore covered by a given patch with probability
 * |[x−d+1, x] ∩ [0, W−d−1]| / (W−d) (likewise for rows): pixels near the border are under-represented, and the
 * last column never appears, so a negative's expected colour histogram is the input's weighted by this coverage
 * (see {@code docs/NEGATIVES.md}).
 *
 * <h2>Option: the paper text's sampler ({@link Layout#SHUFFLED_CELLS})</h2>
 *
 * §2.3 says: patches of size d from ⌈224/d⌉² non-overlapping random locations that lie entirely in the image, tiled
 * and cropped to 224×224. Exactly ⌈S/d⌉ non-overlapping d-wide patches per side fit in S pixels only when d divides
 * S, so this class makes it precise as follows. After d is drawn as above, the image is cut into a grid of
 * m<sub>y</sub> = ⌈H/d⌉ rows and m<sub>x</sub> = ⌈W/d⌉ columns of cells; cell (r, c) is the d×d patch whose
 * top-left corner is (min(r·d, H−d), min(c·d, W−d)). That is, when d does not divide the side, the partial last
 * row (column) of cells, only H − (m<sub>y</sub>−1)·d pixels high, is extended upwards (leftwards) to a full patch
 * that ends at the image's last row (column) and overlaps its neighbour by m<sub>y</sub>·d − H pixels; every patch
 * lies entirely in the image and all other cells are disjoint. The m<sub>y</sub>·m<sub>x</sub> cells are shuffled by
 * a uniformly random permutation π (Fisher–Yates from the last position down: for i = N−1 … 1 swap i with
 * {@code rng.nextInt(i + 1)}), cell π(k) is pasted at the k-th grid position in raster order, and the
 * m<sub>y</sub>d × m<sub>x</sub>d tiling is cropped to its top-left H×W. Every cell is used exactly once; when d
 * divides both sides the output is a rearrangement of the input's pixels (same histogram exactly).
 *
 * <h2>Use</h2>
 *
 * The float method works on CHW views (the pretraining loader's path) and allocates nothing; {@link
 * #generate(ByteImage, SplittableRandom)} works on images of any shape. Both copy patch rows with
 * {@link System#arraycopy}. Results depend only on the configuration and the random numbers drawn from {@code rng};
 * the object is immutable and thread-safe (the shuffled layout keeps its permutation in a per-thread scratch
 * array). The largest patch side must not exceed the image's shorter side.
 */
public final class PatchNegatives implements NonSemanticNegatives {

    /** Smallest patch side of the paper at 224 px. */
    public static final int PAPER_MIN_PATCH = 16;

    /** Largest patch side of the paper at 224 px. */
    public static final int PAPER_MAX_PATCH = 72;

    /** Image side the paper's patch range refers to. */
    public static final int PAPER_IMAGE_SIZE = 224;

    /**
     * A patch side of the paper at 224 px scaled to {@code imageSize}, rounded and at least 1 (16 and 72 px become 2
     * and 10 at 32 px).
     */
    public static int scaledPatchSide(int paperSide, int imageSize) {
        return Math.max(1, Math.round((float) paperSide * imageSize / PAPER_IMAGE_SIZE));
    }

    /** Per-thread scratch for the cell permutation of {@link Layout#SHUFFLED_CELLS}; grows, never shrinks. */
    private static final ThreadLocal<int[]> CELLS = ThreadLocal.withInitial(() -> new int[0]);

    /** How the patches are chosen and placed. */
    public enum Layout {
        /** The authors' code (default): ⌊S/d⌋ + 1 patches per side, corners uniform in [0, S−d−1], may overlap. */
        RANDOM_CORNERS,
        /** The paper's text: the ⌈S/d⌉ × ⌈S/d⌉ grid of cells of the image, shuffled, each used once. */
        SHUFFLED_CELLS
    }

    /** Distribution of the patch side d over the integers [min, max]. */
    public enum SizeDistribution {
        /** P(d) = 1 / (max − min + 1), the paper's d ~ U(16, 72) (default). */
        UNIFORM {
            @Override
            int sample(int min, int max, SplittableRandom rng) {
                return min + rng.nextInt(max - min + 1);
            }

            @Override
            public double probability(int d, int min, int max) {
                return d < min || d > max ? 0 : 1.0 / (max - min + 1);
            }
        },
        /**
         * d = ⌊min · ((max + 1) / min)<sup>u</sup>⌋ with u ~ U[0, 1): a log-uniform side on [min, max + 1) rounded
         * down, so P(d) = ln((d + 1) / d) / ln((max + 1) / min), which favours small patches (at [16, 72]: 4.0 %
         * for d = 16, 0.9 % for d = 72, against 1.75 % each for the uniform).
         */
        LOG_UNIFORM {
            @Override
            int sample(int min, int max, SplittableRandom rng) {
                double d = min * Math.exp(rng.nextDouble() * Math.log((max + 1.0) / min));
                return Math.min(max, (int) d);
            }

            @Override
            public double probability(int d, int min, int max) {
                return d < min || d > max ? 0 : Math.log((d + 1.0) / d) / Math.log((max + 1.0) / min);
            }
        };

        /** One patch side in [min, max], drawn with one call to {@code rng}. */
        abstract int sample(int min, int max, SplittableRandom rng);

        /** P(d) under this distribution over [min, max] (0 outside). */
        public abstract double probability(int d, int min, int max);
    }

    /**
     * Configuration of the generator.
     *
     * @param minPatch smallest patch side d, pixels, at least 1
     * @param maxPatch largest patch side, pixels, at least {@code minPatch}; at most the side of every image given
     * @param sizeDistribution distribution of d over [minPatch, maxPatch]
     * @param layout how patches are chosen and placed
     */
    public record Config(int minPatch, int maxPatch, SizeDistribution sizeDistribution, Layout layout) {

        /** Validates each field. */
        public Config {
            if (minPatch < 1) {
                throw new IllegalArgumentException("minPatch must be >= 1, got " + minPatch);
            }
            if (maxPatch < minPatch) {
                throw new IllegalArgumentException(
                        "maxPatch must be >= minPatch (" + minPatch + "), got " + maxPatch);
            }
            Objects.requireNonNull(sizeDistribution, "sizeDistribution");
            Objects.requireNonNull(layout, "layout");
        }
    }

    /** Builder with the defaults of the authors' code: d ~ U{16, …, 72}, random corners. */
    public static final class Builder {
        private int minPatch = PAPER_MIN_PATCH;
        private int maxPatch = PAPER_MAX_PATCH;
        private SizeDistribution sizeDistribution = SizeDistribution.UNIFORM;
        private Layout layout = Layout.RANDOM_CORNERS;

        private Builder() {}

        /** Patch sides from {@code min} to {@code max} pixels, inclusive (default 16 to 72). */
        public Builder optPatchRange(int min, int max) {
            this.minPatch = min;
            this.maxPatch = max;
            return this;
        }

        /** One fixed patch side: the range [d, d]. */
        public Builder optPatchSize(int d) {
            return optPatchRange(d, d);
        }

        /**
         * The paper's range 16–72 at 224 px scaled to {@code imageSize}, each end rounded and at least 1 (2–9 px at
         * 28 px, 2–10 px at 32 px, 7–31 px at 96 px).
         */
        public Builder optPatchRangeScaledTo(int imageSize) {
            if (imageSize < 1) {
                throw new IllegalArgumentException("imageSize must be >= 1, got " + imageSize);
            }
            int min = scaledPatchSide(PAPER_MIN_PATCH, imageSize);
            int max = Math.max(min, scaledPatchSide(PAPER_MAX_PATCH, imageSize));
            return optPatchRange(min, max);
        }

        /** Distribution of d (default {@link SizeDistribution#UNIFORM}). */
        public Builder optSizeDistribution(SizeDistribution distribution) {
            this.sizeDistribution = distribution;
            return this;
        }

        /** Layout (default {@link Layout#RANDOM_CORNERS}, the authors' code). */
        public Builder optLayout(Layout layout) {
            this.layout = layout;
            return this;
        }

        /** The generator; throws {@link IllegalArgumentException} naming the first invalid setting. */
        public PatchNegatives build() {
            return new PatchNegatives(new Config(minPatch, maxPatch, sizeDistribution, layout));
        }
    }

    private final Config config;

    /** A generator with {@code config}. */
    public PatchNegatives(Config config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** A builder with the authors' defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The configuration. */
    public Config config() {
        return config;
    }

    /**
     * Patches per side of the grid for a side of {@code side} pixels and patch side {@code d}: ⌊side/d⌋ + 1 for
     * {@link Layout#RANDOM_CORNERS}, ⌈side/d⌉ for {@link Layout#SHUFFLED_CELLS}.
     */
    public static int tilesPerSide(Layout layout, int side, int d) {
        return layout == Layout.RANDOM_CORNERS ? side / d + 1 : (side + d - 1) / d;
    }

    /** Draws the patch side d, the first number every negative takes from {@code rng}. */
    public int samplePatchSize(SplittableRandom rng) {
        return config.sizeDistribution.sample(config.minPatch, config.maxPatch, rng);
    }

    @Override
    public void generate(float[] view, int viewOffset, int channels, int size, float[] dst, int dstOffset,
            SplittableRandom rng) {
        checkShape(channels, size, size);
        checkRange("view", view.length, viewOffset, channels * size * size);
        checkRange("dst", dst.length, dstOffset, channels * size * size);
        tile(view, viewOffset, dst, dstOffset, channels, size, size, rng);
    }

    /**
     * One negative of {@code image}, of the same shape. The same random numbers give the same negative as the
     * float method on a square image.
     */
    public ByteImage generate(ByteImage image, SplittableRandom rng) {
        int c = image.channels();
        int h = image.height();
        int w = image.width();
        checkShape(c, h, w);
        byte[] out = new byte[c * h * w]; // (C, H, W)
        tile(image.pixels(), 0, out, 0, c, h, w, rng);
        return new ByteImage(c, h, w, out);
    }

    /** {@code count} negatives of {@code image}, drawn one after the other from {@code rng}. */
    public List<ByteImage> generate(ByteImage image, int count, SplittableRandom rng) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, got " + count);
        }
        List<ByteImage> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(generate(image, rng));
        }
        return out;
    }

    private void checkShape(int channels, int height, int width) {
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException(
                    "image shape must be positive, got " + channels + "x" + height + "x" + width);
        }
        if (config.maxPatch > Math.min(height, width)) {
            throw new IllegalArgumentException("maxPatch (" + config.maxPatch + ") must be <= the image's shorter"
                    + " side, got a " + height + "x" + width + " image");
        }
    }

    private static void checkRange(String name, int length, int offset, int floats) {
        if (offset < 0 || offset > length - floats) {
            throw new IllegalArgumentException(name + " must hold " + floats + " floats from offset " + offset
                    + ", but its length is " + length);
        }
    }

    /**
     * Tiles one negative of the (C, H, W) image at {@code src[srcOffset]} into the (C, H, W) region at
     * {@code dst[dstOffset]}; {@code src} and {@code dst} are arrays of the same primitive type.
     */
    private void tile(Object src, int srcOffset, Object dst, int dstOffset, int channels, int h, int w,
            SplittableRandom rng) {
        int d = samplePatchSize(rng);
        if (config.layout == Layout.RANDOM_CORNERS) {
            int ny = tilesPerSide(Layout.RANDOM_CORNERS, h, d);
            int nx = tilesPerSide(Layout.RANDOM_CORNERS, w, d);
            for (int ty = 0; ty < ny; ty++) {
                for (int tx = 0; tx < nx; tx++) {
                    int sy = h > d ? rng.nextInt(h - d) : 0; // [0, H-d-1], as np.random.randint(0, H - d)
                    int sx = w > d ? rng.nextInt(w - d) : 0;
                    copyPatch(src, srcOffset, dst, dstOffset, channels, h, w, d, sy, sx, ty, tx);
                }
            }
        } else {
            int my = tilesPerSide(Layout.SHUFFLED_CELLS, h, d);
            int mx = tilesPerSide(Layout.SHUFFLED_CELLS, w, d);
            int cells = my * mx;
            int[] perm = CELLS.get();
            if (perm.length < cells) {
                perm = new int[cells];
                CELLS.set(perm);
            }
            for (int i = 0; i < cells; i++) {
                perm[i] = i;
            }
            for (int i = cells - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = perm[i];
                perm[i] = perm[j];
                perm[j] = t;
            }
            for (int k = 0; k < cells; k++) {
                int sy = Math.min(perm[k] / mx * d, h - d);
                int sx = Math.min(perm[k] % mx * d, w - d);
                copyPatch(src, srcOffset, dst, dstOffset, channels, h, w, d, sy, sx, k / mx, k % mx);
            }
        }
    }

    /**
     * Copies the d×d patch at (sy, sx) of every channel to grid position (ty, tx) of the output, clipped to the
     * H×W crop (nothing when the position lies wholly outside it).
     */
    private static void copyPatch(Object src, int srcOffset, Object dst, int dstOffset, int channels, int h, int w,
            int d, int sy, int sx, int ty, int tx) {
        int rows = Math.min(d, h - ty * d);
        int cols = Math.min(d, w - tx * d);
        if (rows <= 0 || cols <= 0) {
            return;
        }
        int plane = h * w;
        int from = srcOffset + sy * w + sx;
        int to = dstOffset + ty * d * w + tx * d;
        // A statically typed arraycopy is markedly faster on rows this short than an untyped one, so the float
        // path (the loader's) gets its own loop.
        if (src instanceof float[] fs && dst instanceof float[] fd) {
            for (int c = 0; c < channels; c++) {
                for (int r = 0; r < rows; r++) {
                    System.arraycopy(fs, from + c * plane + r * w, fd, to + c * plane + r * w, cols);
                }
            }
        } else {
            for (int c = 0; c < channels; c++) {
                for (int r = 0; r < rows; r++) {
                    System.arraycopy(src, from + c * plane + r * w, dst, to + c * plane + r * w, cols);
                }
            }
        }
    }

    @Override
    public String toString() {
        String extra = (config.sizeDistribution == SizeDistribution.UNIFORM ? ""
                : ", " + config.sizeDistribution.name().toLowerCase(java.util.Locale.ROOT))
                + (config.layout == Layout.RANDOM_CORNERS ? ""
                        : ", " + config.layout.name().toLowerCase(java.util.Locale.ROOT));
        return "patches[" + config.minPatch + ", " + config.maxPatch + extra + "]";
    }
}
