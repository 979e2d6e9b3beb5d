package nsn.negatives;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import nsn.data.ByteImage;

/**
 * Non-parametric, multi-resolution texture synthesis by pixel-wise neighbourhood matching — the family of the
 * EmbarkStudios {@code texture-synthesis} tool the paper used for its texture-based negatives (§2.2), itself after
 * Opara and Stachowiak's "More like this, please!" (2019). Pure Java, single-threaded per image and deterministic:
 * the output depends only on the examples, the size, the {@link TextureSynthesisConfig} and the seed. Run several
 * images on several threads for throughput (the {@code make-texture-dataset} job does).
 *
 * <h2>Algorithm</h2>
 * <ol>
 *   <li>Each example gets a pyramid of {@code L = backtrackStages} levels at full resolution: downsampled by 2^(L−1),
 *       …, 4, 2 and resized back (blurred), then the sharp image.</li>
 *   <li>Output pixels are visited in a seeded random order. Stage {@code s} runs from {@code L} down to 0 and brings
 *       the number of resolved pixels to ⌊pˢ · H · W⌋ ({@code p = backtrackPercent}): it first re-resolves every
 *       pixel resolved so far (backtracking), then resolves new ones. Stage {@code i} (counting from 0) compares
 *       colours at pyramid level min(i, L − 1), so coarse structure is settled on blurred examples and refined on
 *       sharper ones.</li>
 *   <li>A pixel's neighbourhood is its {@code k} nearest resolved output pixels (Euclidean, in normalised
 *       coordinates; a pixel being re-resolved is its own nearest neighbour). Neighbour {@code j} at squared distance
 *       {@code dⱼ} gets the weight exp(−dⱼ / mean(d)).</li>
 *   <li>Candidates: for each neighbour, the example location it was copied from, shifted by the pixel's offset to that
 *       neighbour (coherence: continuing the neighbour's copy), if inside its example; plus {@code m} uniformly random
 *       example locations. Duplicates are tried once.</li>
 *   <li>A candidate's cost is Σⱼ wⱼ Σ_c ln(1 + ((aⱼc − bⱼc)/255)² / σ²), where {@code a} is the neighbour's output colour
 *       and {@code b} the example colour at the candidate shifted by the neighbour's offset (black outside the
 *       example). The lowest cost wins (ties: the first tried); evaluation stops early once a partial sum exceeds
 *       the best so far. A pixel without resolved neighbours copies a random example location.</li>
 * </ol>
 *
 * <p>Differences from the EmbarkStudios implementation: there the pyramid levels are Gaussian resamplings, here
 * area-average downsampling followed by bilinear upsampling; there worker threads resolve pixels of one image
 * concurrently (the result depends on thread timing), here one image is resolved sequentially so it is
 * reproducible; duplicate candidates are skipped (same result, less work). The neighbourhood search is exact here
 * (brute force while few pixels are resolved, then a search over offsets sorted by distance) where Embark uses
 * a grid of R*-trees.
 */
public final class TextureSynthesizer {

    /** Sorted neighbourhood offsets per output size, shared by all runs. */
    private static final java.util.Map<Long, int[]> OFFSETS = new java.util.concurrent.ConcurrentHashMap<>();

    private final TextureSynthesisConfig config;
    private final float[] cauchy = new float[256];

    /** A synthesizer with {@code config}. */
    public TextureSynthesizer(TextureSynthesisConfig config) {
        if (config == null) {
            throw new IllegalArgumentException("config is required");
        }
        this.config = config;
        double sigma2 = (double) config.cauchyDispersion() * config.cauchyDispersion();
        for (int d = 0; d < 256; d++) {
            double x = d / 255.0;
            cauchy[d] = (float) Math.log1p(x * x / sigma2);
        }
    }

    /** A synthesizer with the EmbarkStudios defaults. */
    public static TextureSynthesizer defaults() {
        return new TextureSynthesizer(TextureSynthesisConfig.defaults());
    }

    /** Parameters. */
    public TextureSynthesisConfig config() {
        return config;
    }

    /**
     * Guided synthesis (EmbarkStudios' {@code transfer-style} mode): an image of {@code guide}'s size made of
     * {@code style}'s pixels whose light and dark regions follow {@code guide}'s — the shape of one image in the
     * texture of another, as Stylized-ImageNet and Geirhos' cue-conflict stimuli make them by neural style transfer.
     *
     * <p>Each candidate's cost gets a second term, {@code guideWeight} times the same robust distance between the
     * guide maps over the pixel and its neighbourhood: the target map is {@code guide}'s luminance, the example's
     * map {@code style}'s luminance at the candidate, both histogram-equalised so that a dark style can still follow
     * a bright guide. A pixel without resolved neighbours takes the best of {@code m} random example locations by
     * the guide term alone. With {@code guideWeight = 0} this is {@link #synthesize} with one example, pixel for
     * pixel.
     *
     * @param style the example whose texture is copied
     * @param guide the image whose shape the output follows; its size is the output's; channels may differ
     * @param guideWeight weight of the guide term, at least 0
     * @param seed seed
     */
    public ByteImage transfer(ByteImage style, ByteImage guide, float guideWeight, long seed) {
        if (style == null || guide == null) {
            throw new IllegalArgumentException("style and guide images are required");
        }
        if (!(guideWeight >= 0f) || Float.isInfinite(guideWeight)) {
            throw new IllegalArgumentException("guideWeight must be finite and >= 0, got " + guideWeight);
        }
        if ((long) guide.height() * guide.width() > (1 << 26)) {
            throw new IllegalArgumentException("output size must be at most 2^26 pixels, got " + guide.height() + "x"
                    + guide.width());
        }
        Run run = new Run(List.of(style), style.channels(), guide.height(), guide.width(), seed);
        if (guideWeight > 0f) {
            run.setGuides(equalizedLuminance(guide), equalizedLuminance(style), guideWeight);
        }
        return run.resolve().image();
    }

    /** Luminance (ITU-R 601 weights for colour) of an image, histogram-equalised to 0–255, row-major. */
    static int[] equalizedLuminance(ByteImage img) {
        int n = img.height() * img.width();
        int[] lum = new int[n];
        byte[] px = img.pixels();
        for (int i = 0; i < n; i++) {
            lum[i] = img.channels() == 1 ? px[i] & 0xFF
                    : (int) Math.round(0.299 * (px[i] & 0xFF) + 0.587 * (px[n + i] & 0xFF)
                            + 0.114 * (px[2 * n + i] & 0xFF));
        }
        int[] hist = new int[256];
        for (int v : lum) {
            hist[v]++;
        }
        int[] cdf = new int[256];
        int acc = 0;
        for (int v = 0; v < 256; v++) {
            acc += hist[v];
            cdf[v] = acc;
        }
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            // mid-rank of the value, scaled to 0..255
            double rank = cdf[lum[i]] - hist[lum[i]] / 2.0;
            out[i] = (int) Math.min(255, Math.max(0, Math.round(255.0 * rank / n)));
        }
        return out;
    }

    /**
     * A synthesized texture and, for each output pixel, where it was copied from.
     *
     * @param image the texture
     * @param sourceExample example index of each output pixel, row-major {@code (H·W)}
     * @param sourceY row in that example
     * @param sourceX column in that example
     */
    public record Result(ByteImage image, int[] sourceExample, int[] sourceY, int[] sourceX) {}

    /**
     * Synthesizes a {@code height × width} texture from the example images, on the calling thread. All examples
     * must have the same number of channels, which the output gets.
     */
    public ByteImage synthesize(List<ByteImage> examples, int height, int width, long seed) {
        return synthesizeWithSources(examples, height, width, seed).image();
    }

    /** As {@link #synthesize}, also returning the source location of every output pixel. */
    public Result synthesizeWithSources(List<ByteImage> examples, int height, int width, long seed) {
        if (examples == null || examples.isEmpty()) {
            throw new IllegalArgumentException("at least one example image is required");
        }
        int channels = examples.get(0).channels();
        for (int e = 0; e < examples.size(); e++) {
            if (examples.get(e).channels() != channels) {
                throw new IllegalArgumentException("example " + e + " has " + examples.get(e).channels()
                        + " channels, example 0 has " + channels);
            }
        }
        if (height < 1 || width < 1 || (long) height * width > (1 << 26)) {
            throw new IllegalArgumentException("output size must be positive and at most 2^26 pixels, got "
                    + height + "x" + width);
        }
        return new Run(examples, channels, height, width, seed).resolve();
    }

    /** The state of one synthesis. */
    private final class Run {
        private final int channels;
        private final int height;
        private final int width;
        private final int total;
        private final int numExamples;
        private final int[] exH;
        private final int[] exW;
        /** levels[e][l]: example e at pyramid level l, HWC values 0–255. */
        private final int[][][] levels;
        private final SplittableRandom rng;
        private final int k;
        private final int m;

        /** Source of each output pixel: example, y, x; -1 when unresolved. */
        private final int[] srcE;
        private final int[] srcY;
        private final int[] srcX;
        /** Output colours at the current level, HWC. */
        private final byte[] color;
        private final boolean[] isResolved;
        /** Resolved pixels in the order they were first resolved. */
        private final int[] resolvedList;
        private int resolvedCount;

        /** Candidate de-duplication: stamp per example pixel. */
        private final int[][] stamps;
        private int stamp;

        // per-pixel scratch
        private final int[] nbr;
        private final long[] nbrKey;
        private final int[] nbrDy;
        private final int[] nbrDx;
        private final float[] nbrW;
        private final int[] pattern;
        private final int[] candE;
        private final int[] candY;
        private final int[] candX;
        private final double[] dist;
        private final int[] nbrOff;

        /** Offsets (dy, dx) sorted by distance, for the neighbourhood search once many pixels are resolved. */
        private int[] spiral;

        /** Guided synthesis: target and example guide maps (row-major, 0–255) and the guide term's weight. */
        private int[] targetGuide;
        private int[] exampleGuide;
        private float guideWeight;

        void setGuides(int[] target, int[] example, float weight) {
            this.targetGuide = target;
            this.exampleGuide = example;
            this.guideWeight = weight;
        }

        Run(List<ByteImage> examples, int channels, int height, int width, long seed) {
            this.channels = channels;
            this.height = height;
            this.width = width;
            this.total = height * width;
            this.numExamples = examples.size();
            this.exH = new int[numExamples];
            this.exW = new int[numExamples];
            int numLevels = config.backtrackStages();
            this.levels = new int[numExamples][][];
            this.stamps = new int[numExamples][];
            for (int e = 0; e < numExamples; e++) {
                ByteImage ex = examples.get(e);
                exH[e] = ex.height();
                exW[e] = ex.width();
                byte[][] bytes = pyramid(ex, numLevels);
                levels[e] = new int[numLevels][];
                for (int l = 0; l < numLevels; l++) {
                    levels[e][l] = new int[bytes[l].length];
                    for (int i = 0; i < bytes[l].length; i++) {
                        levels[e][l][i] = bytes[l][i] & 0xFF;
                    }
                }
                stamps[e] = new int[ex.height() * ex.width()];
            }
            this.rng = new SplittableRandom(seed);
            this.k = config.nearestNeighbors();
            this.m = config.randomSampleLocations();
            this.srcE = new int[total];
            this.srcY = new int[total];
            this.srcX = new int[total];
            Arrays.fill(srcE, -1);
            this.color = new byte[total * channels];
            this.isResolved = new boolean[total];
            this.resolvedList = new int[total];
            this.nbr = new int[k];
            this.nbrKey = new long[k];
            this.nbrDy = new int[k];
            this.nbrDx = new int[k];
            this.nbrW = new float[k];
            this.pattern = new int[k * channels];
            this.candE = new int[k + m];
            this.candY = new int[k + m];
            this.candX = new int[k + m];
            this.dist = new double[k];
            this.nbrOff = new int[k];
        }

        Result resolve() {
            int[] order = new int[total]; // random visiting order (seeded Fisher–Yates)
            for (int i = 0; i < total; i++) {
                order[i] = i;
            }
            for (int i = total - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            int next = 0;
            int stages = config.backtrackStages();
            double p = config.backtrackPercent();
            for (int stage = stages, index = 0; stage >= 0; stage--, index++) {
                int level = Math.min(index, stages - 1);
                if (index > 0) {
                    recolour(level);
                }
                int target = stage == 0 ? total : Math.max(1, (int) (Math.pow(p, stage) * total));
                int redo = resolvedCount;
                for (int i = 0; i < target; i++) {
                    if (i < redo) {
                        resolvePixel(resolvedList[i], level);
                    } else {
                        int px = order[next++];
                        resolvePixel(px, level);
                        isResolved[px] = true;
                        resolvedList[resolvedCount++] = px;
                    }
                }
            }
            // the last stage ran at the sharpest level, so colours are final
            byte[] chw = new byte[channels * total];
            for (int i = 0; i < total; i++) {
                for (int c = 0; c < channels; c++) {
                    chw[c * total + i] = color[i * channels + c];
                }
            }
            return new Result(new ByteImage(channels, height, width, chw), srcE, srcY, srcX);
        }

        /** Re-reads the colour of every resolved pixel from pyramid level {@code level}. */
        private void recolour(int level) {
            for (int r = 0; r < resolvedCount; r++) {
                int px = resolvedList[r];
                setColour(px, level);
            }
        }

        private void setColour(int px, int level) {
            int e = srcE[px];
            int o = (srcY[px] * exW[e] + srcX[px]) * channels;
            for (int c = 0; c < channels; c++) {
                color[px * channels + c] = (byte) levels[e][level][o + c];
            }
        }

        private void resolvePixel(int px, int level) {
            int py = px / width;
            int pxx = px - py * width;
            int n = findNeighbours(py, pxx);
            if (n == 0 && targetGuide != null) {
                resolveByGuide(px, py, pxx, level);
                return;
            }
            if (n == 0) {
                int e = rng.nextInt(numExamples);
                srcE[px] = e;
                srcY[px] = rng.nextInt(exH[e]);
                srcX[px] = rng.nextInt(exW[e]);
                setColour(px, level);
                return;
            }
            // weights exp(-d / mean d) with d in normalised coordinates, and the neighbours' colours
            double sum = 0;
            double[] d = dist;
            for (int j = 0; j < n; j++) {
                double dy = (double) nbrDy[j] / height;
                double dx = (double) nbrDx[j] / width;
                d[j] = dy * dy + dx * dx;
                sum += d[j];
            }
            double mean = sum / n;
            for (int j = 0; j < n; j++) {
                nbrW[j] = mean > 0 ? (float) Math.exp(-d[j] / mean) : 1f;
                for (int c = 0; c < channels; c++) {
                    pattern[j * channels + c] = color[nbr[j] * channels + c] & 0xFF;
                }
            }
            int candidates = gatherCandidates(n);
            int minDy = 0;
            int maxDy = 0;
            int minDx = 0;
            int maxDx = 0;
            for (int j = 0; j < n; j++) {
                minDy = Math.min(minDy, nbrDy[j]);
                maxDy = Math.max(maxDy, nbrDy[j]);
                minDx = Math.min(minDx, nbrDx[j]);
                maxDx = Math.max(maxDx, nbrDx[j]);
            }
            int offsetsFor = -1; // example width the flat offsets were computed for
            float best = Float.MAX_VALUE;
            int bestIndex = 0;
            for (int ci = 0; ci < candidates; ci++) {
                int e = candE[ci];
                int cy = candY[ci];
                int cx = candX[ci];
                int eh = exH[e];
                int ew = exW[e];
                int[] img = levels[e][level];
                float start = targetGuide == null ? 0f : guideWeight * guideCost(py, pxx, cy, cx, ew, eh, n);
                float cost;
                if (start >= best) {
                    cost = start;
                } else if (cy + minDy >= 0 && cx + minDx >= 0 && cy + maxDy < eh && cx + maxDx < ew) {
                    // the whole neighbourhood lies inside the example: no bounds checks
                    if (offsetsFor != ew) {
                        for (int j = 0; j < n; j++) {
                            nbrOff[j] = (nbrDy[j] * ew + nbrDx[j]) * channels;
                        }
                        offsetsFor = ew;
                    }
                    cost = channels == 3 ? costInside3(img, (cy * ew + cx) * 3, n, best, start)
                            : costInside(img, (cy * ew + cx) * channels, n, best, start);
                } else {
                    cost = costAtBorder(img, cy, cx, eh, ew, n, best, start);
                }
                if (cost < best) {
                    best = cost;
                    bestIndex = ci;
                }
            }
            srcE[px] = candE[bestIndex];
            srcY[px] = candY[bestIndex];
            srcX[px] = candX[bestIndex];
            setColour(px, level);
        }

        /**
         * The guide term of example location (cy, cx) for output pixel (py, px): the robust distance between the
         * target and example guide maps at the pixel and at each of its {@code n} neighbours' offsets, weighted as
         * the colour term; offsets falling outside either map are skipped.
         */
        private float guideCost(int py, int px, int cy, int cx, int ew, int eh, int n) {
            float cost = cauchy[Math.abs(targetGuide[py * width + px] - exampleGuide[cy * ew + cx])];
            for (int j = 0; j < n; j++) {
                int ty = py + nbrDy[j];
                int tx = px + nbrDx[j];
                int ey = cy + nbrDy[j];
                int ex = cx + nbrDx[j];
                if (ty < 0 || tx < 0 || ty >= height || tx >= width || ey < 0 || ex < 0 || ey >= eh || ex >= ew) {
                    continue;
                }
                cost += cauchy[Math.abs(targetGuide[ty * width + tx] - exampleGuide[ey * ew + ex])] * nbrW[j];
            }
            return cost;
        }

        /** A pixel without resolved neighbours in guided synthesis: the best of m random locations by guide. */
        private void resolveByGuide(int px, int py, int pxx, int level) {
            int ew = exW[0];
            int eh = exH[0];
            float best = Float.MAX_VALUE;
            int by = 0;
            int bx = 0;
            for (int r = 0; r < Math.max(1, m); r++) {
                int y = rng.nextInt(eh);
                int x = rng.nextInt(ew);
                float c = cauchy[Math.abs(targetGuide[py * width + pxx] - exampleGuide[y * ew + x])];
                if (c < best) {
                    best = c;
                    by = y;
                    bx = x;
                }
            }
            srcE[px] = 0;
            srcY[px] = by;
            srcX[px] = bx;
            setColour(px, level);
        }

        /** Cost of an RGB candidate whose neighbourhood is inside its example; stops once it reaches best. */
        private float costInside3(int[] img, int base, int n, float best, float start) {
            float cost = start;
            for (int j = 0; j < n; j++) {
                int o = base + nbrOff[j];
                int p = j * 3;
                cost += (cauchy[Math.abs(pattern[p] - img[o])] + cauchy[Math.abs(pattern[p + 1] - img[o + 1])]
                        + cauchy[Math.abs(pattern[p + 2] - img[o + 2])]) * nbrW[j];
                if (cost >= best) {
                    return cost;
                }
            }
            return cost;
        }

        /** As {@link #costInside3} for any number of channels. */
        private float costInside(int[] img, int base, int n, float best, float start) {
            float cost = start;
            for (int j = 0; j < n; j++) {
                int o = base + nbrOff[j];
                float pc = 0;
                for (int c = 0; c < channels; c++) {
                    pc += cauchy[Math.abs(pattern[j * channels + c] - img[o + c])];
                }
                cost += pc * nbrW[j];
                if (cost >= best) {
                    return cost;
                }
            }
            return cost;
        }

        /** Cost of a candidate near its example's border: neighbours falling outside compare with black. */
        private float costAtBorder(int[] img, int cy, int cx, int eh, int ew, int n, float best, float start) {
            float cost = start;
            for (int j = 0; j < n; j++) {
                int y = cy + nbrDy[j];
                int x = cx + nbrDx[j];
                boolean inside = y >= 0 && x >= 0 && y < eh && x < ew;
                int o = (y * ew + x) * channels;
                float pc = 0;
                for (int c = 0; c < channels; c++) {
                    pc += cauchy[Math.abs(pattern[j * channels + c] - (inside ? img[o + c] : 0))];
                }
                cost += pc * nbrW[j];
                if (cost >= best) {
                    return cost;
                }
            }
            return cost;
        }

        /** Coherent candidates from the neighbours, then {@code m} random ones; returns their number. */
        private int gatherCandidates(int n) {
            if (++stamp == Integer.MAX_VALUE) {
                for (int[] s : stamps) {
                    Arrays.fill(s, 0);
                }
                stamp = 1;
            }
            int count = 0;
            for (int j = 0; j < n; j++) {
                int q = nbr[j];
                int e = srcE[q];
                // the neighbour sits at offset (dy, dx) from the pixel: continue its copy backwards by that offset
                int y = srcY[q] - nbrDy[j];
                int x = srcX[q] - nbrDx[j];
                if (y < 0 || x < 0 || y >= exH[e] || x >= exW[e]) {
                    continue;
                }
                count = addCandidate(count, e, y, x);
            }
            for (int r = 0; r < m; r++) {
                int e = numExamples == 1 ? 0 : rng.nextInt(numExamples);
                int y = rng.nextInt(exH[e]);
                int x = rng.nextInt(exW[e]);
                count = addCandidate(count, e, y, x);
            }
            return count;
        }

        /** Appends example location (e, y, x) as candidate {@code count} unless it is already one; new count. */
        private int addCandidate(int count, int e, int y, int x) {
            int flat = y * exW[e] + x;
            if (stamps[e][flat] == stamp) {
                return count;
            }
            stamps[e][flat] = stamp;
            candE[count] = e;
            candY[count] = y;
            candX[count] = x;
            return count + 1;
        }

        /**
         * The (at most) k nearest resolved pixels of (py, px), nearest first, into {@code nbr}, with their offsets
         * from the pixel; returns how many.
         */
        private int findNeighbours(int py, int px) {
            if (resolvedCount == 0) {
                return 0;
            }
            // brute force costs resolvedCount; the sorted-offset search about k·total/resolvedCount
            if ((long) resolvedCount * resolvedCount < (long) k * total) {
                return bruteForceNeighbours(py, px);
            }
            return spiralNeighbours(py, px);
        }

        private int bruteForceNeighbours(int py, int px) {
            int n = 0;
            for (int r = 0; r < resolvedCount; r++) {
                int q = resolvedList[r];
                int qy = q / width;
                int qx = q - qy * width;
                long key = key(distance(qy - py, qx - px, height, width), q); // ties: by pixel index
                if (n < k) {
                    int i = n++;
                    while (i > 0 && nbrKey[i - 1] > key) {
                        nbrKey[i] = nbrKey[i - 1];
                        i--;
                    }
                    nbrKey[i] = key;
                } else if (key < nbrKey[k - 1]) {
                    int i = k - 1;
                    while (i > 0 && nbrKey[i - 1] > key) {
                        nbrKey[i] = nbrKey[i - 1];
                        i--;
                    }
                    nbrKey[i] = key;
                }
            }
            for (int j = 0; j < n; j++) {
                int q = (int) nbrKey[j];
                setNeighbour(j, q, py, px);
            }
            return n;
        }

        private int spiralNeighbours(int py, int px) {
            if (spiral == null) {
                spiral = OFFSETS.computeIfAbsent(((long) height << 32) | width, key -> sortedOffsets(height, width));
            }
            int n = 0;
            int[] s = spiral;
            for (int i = 0; i < s.length && n < k; i += 2) {
                int y = py + s[i];
                int x = px + s[i + 1];
                if (y < 0 || x < 0 || y >= height || x >= width) {
                    continue;
                }
                int q = y * width + x;
                if (isResolved[q]) {
                    nbr[n] = q;
                    nbrDy[n] = s[i];
                    nbrDx[n] = s[i + 1];
                    n++;
                }
            }
            return n;
        }

        private void setNeighbour(int j, int q, int py, int px) {
            int qy = q / width;
            nbr[j] = q;
            nbrDy[j] = qy - py;
            nbrDx[j] = q - qy * width - px;
        }
    }

    /** Squared distance of an offset in coordinates normalised by the output size. */
    static float distance(int dy, int dx, int h, int w) {
        float y = (float) dy / h;
        float x = (float) dx / w;
        return y * y + x * x;
    }

    /** A sort key: the distance's bits (monotone for non-negative floats), then a non-negative tie-breaker. */
    static long key(float distance, int tieBreak) {
        return ((long) Float.floatToIntBits(distance) << 32) | tieBreak;
    }

    /**
     * Every offset (dy, dx) with |dy| &lt; h and |dx| &lt; w, flattened as pairs and sorted by the same
     * aspect-corrected squared distance as the brute-force search (ties by the resulting pixel order).
     */
    static int[] sortedOffsets(int h, int w) {
        int count = (2 * h - 1) * (2 * w - 1);
        long[] keys = new long[count];
        int i = 0;
        for (int dy = -(h - 1); dy < h; dy++) {
            for (int dx = -(w - 1); dx < w; dx++) {
                int order = (dy + h - 1) * (2 * w - 1) + (dx + w - 1); // tie-break: row-major offset
                keys[i++] = key(distance(dy, dx, h, w), order);
            }
        }
        Arrays.sort(keys);
        int[] out = new int[2 * count];
        for (int j = 0; j < count; j++) {
            int order = (int) keys[j];
            out[2 * j] = order / (2 * w - 1) - (h - 1);
            out[2 * j + 1] = order % (2 * w - 1) - (w - 1);
        }
        return out;
    }

    /**
     * The example's pyramid, HWC bytes: levels 0 … L−2 downsampled by 2^(L−1−l) (area average) and resized back
     * bilinearly, level L−1 the image itself.
     */
    static byte[][] pyramid(ByteImage ex, int numLevels) {
        int c = ex.channels();
        int h = ex.height();
        int w = ex.width();
        byte[] hwc = new byte[c * h * w];
        byte[] chw = ex.pixels();
        for (int i = 0; i < h * w; i++) {
            for (int ch = 0; ch < c; ch++) {
                hwc[i * c + ch] = chw[ch * h * w + i];
            }
        }
        byte[][] out = new byte[numLevels][];
        out[numLevels - 1] = hwc;
        for (int l = 0; l < numLevels - 1; l++) {
            int factor = 1 << (numLevels - 1 - l);
            out[l] = blurByResampling(hwc, c, h, w, factor);
        }
        return out;
    }

    /** Area-average downsampling by {@code factor} (at least 1×1) followed by bilinear upsampling to h × w. */
    static byte[] blurByResampling(byte[] hwc, int c, int h, int w, int factor) {
        int sh = Math.max(1, h / factor);
        int sw = Math.max(1, w / factor);
        float[] small = new float[sh * sw * c];
        for (int y = 0; y < sh; y++) {
            int y0 = y * h / sh;
            int y1 = (y + 1) * h / sh;
            for (int x = 0; x < sw; x++) {
                int x0 = x * w / sw;
                int x1 = (x + 1) * w / sw;
                for (int ch = 0; ch < c; ch++) {
                    float acc = 0;
                    for (int yy = y0; yy < y1; yy++) {
                        for (int xx = x0; xx < x1; xx++) {
                            acc += hwc[(yy * w + xx) * c + ch] & 0xFF;
                        }
                    }
                    small[(y * sw + x) * c + ch] = acc / ((y1 - y0) * (x1 - x0));
                }
            }
        }
        byte[] out = new byte[hwc.length];
        for (int y = 0; y < h; y++) {
            float fy = Math.min(Math.max((y + 0.5f) * sh / h - 0.5f, 0f), sh - 1);
            int ya = (int) fy;
            int yb = Math.min(ya + 1, sh - 1);
            float wy = fy - ya;
            for (int x = 0; x < w; x++) {
                float fx = Math.min(Math.max((x + 0.5f) * sw / w - 0.5f, 0f), sw - 1);
                int xa = (int) fx;
                int xb = Math.min(xa + 1, sw - 1);
                float wx = fx - xa;
                for (int ch = 0; ch < c; ch++) {
                    float top = small[(ya * sw + xa) * c + ch] * (1 - wx) + small[(ya * sw + xb) * c + ch] * wx;
                    float bot = small[(yb * sw + xa) * c + ch] * (1 - wx) + small[(yb * sw + xb) * c + ch] * wx;
                    out[(y * w + x) * c + ch] = (byte) Math.round(top * (1 - wy) + bot * wy);
                }
            }
        }
        return out;
    }
}
