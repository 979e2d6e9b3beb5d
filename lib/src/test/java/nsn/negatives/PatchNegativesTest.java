package nsn.negatives;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;
import nsn.TestData;
import nsn.data.ByteImage;
import nsn.data.InMemoryImageDataset;
import nsn.negatives.PatchNegatives.Layout;
import nsn.negatives.PatchNegatives.SizeDistribution;
import nsn.train.Permutation;
import org.junit.jupiter.api.Test;

class PatchNegativesTest {

    /** The real ImageNet photo (500×375) that the image tests use. */
    static final String ROBIN = "n01558993_robin.JPEG";

    /** A view whose every pixel value encodes its own position: value = c·S² + y·S + x. */
    static float[] coordinateView(int channels, int size) {
        float[] v = new float[channels * size * size]; // (C, S, S)
        for (int i = 0; i < v.length; i++) {
            v[i] = i;
        }
        return v;
    }

    /** A real ImageNet sample ({@link TestData#imagenetSamplesDir}). */
    static ByteImage imagenetSample(String file) throws IOException {
        Path path = TestData.imagenetSamplesDir().resolve(file);
        if (!Files.exists(path)) {
            fail("real ImageNet sample " + path + " is missing (see shared/data/NOTES.md)");
        }
        return ByteImage.of(ImageIO.read(path.toFile()));
    }

    /** The centre 224×224 of the robin photo. */
    static ByteImage robin224() throws IOException {
        ByteImage img = imagenetSample(ROBIN);
        return img.crop((img.height() - 224) / 2, (img.width() - 224) / 2, 224, 224);
    }

    /**
     * For every output pixel (y·W + x), the index (sy·W + sx) of the input pixel it must hold, found by drawing the
     * random numbers again as the class documents, independently of its code.
     */
    static int[] replaySources(PatchNegatives.Config cfg, int h, int w, SplittableRandom rng) {
        int min = cfg.minPatch();
        int max = cfg.maxPatch();
        int d = cfg.sizeDistribution() == SizeDistribution.UNIFORM
                ? min + rng.nextInt(max - min + 1)
                : Math.min(max, (int) (min * Math.exp(rng.nextDouble() * Math.log((max + 1.0) / min))));
        int[] src = new int[h * w]; // (H, W)
        Arrays.fill(src, -1);
        if (cfg.layout() == Layout.RANDOM_CORNERS) {
            int ny = h / d + 1;
            int nx = w / d + 1;
            for (int ty = 0; ty < ny; ty++) {
                for (int tx = 0; tx < nx; tx++) {
                    int sy = h - d > 0 ? rng.nextInt(h - d) : 0;
                    int sx = w - d > 0 ? rng.nextInt(w - d) : 0;
                    paste(src, h, w, d, ty, tx, sy, sx);
                }
            }
        } else {
            int my = (h + d - 1) / d;
            int mx = (w + d - 1) / d;
            int[] perm = Permutation.of(my * mx, rng);
            for (int k = 0; k < perm.length; k++) {
                paste(src, h, w, d, k / mx, k % mx, Math.min(perm[k] / mx * d, h - d),
                        Math.min(perm[k] % mx * d, w - d));
            }
        }
        return src;
    }

    private static void paste(int[] src, int h, int w, int d, int ty, int tx, int sy, int sx) {
        for (int r = 0; r < d && ty * d + r < h; r++) {
            for (int c = 0; c < d && tx * d + c < w; c++) {
                src[(ty * d + r) * w + tx * d + c] = (sy + r) * w + sx + c;
            }
        }
    }

    /** Output equals the input at the replayed sources in every channel, and both streams end in the same state. */
    static void assertMatchesReplay(PatchNegatives gen, float[] view, int channels, int size, long seed) {
        float[] out = new float[view.length];
        SplittableRandom used = new SplittableRandom(seed);
        gen.generate(view, 0, channels, size, out, 0, used);
        SplittableRandom replay = new SplittableRandom(seed);
        int[] src = replaySources(gen.config(), size, size, replay);
        int plane = size * size;
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < plane; i++) {
                assertTrue(src[i] >= 0, "pixel " + i + " is covered");
                if (out[c * plane + i] != view[c * plane + src[i]]) {
                    fail(gen + " seed " + seed + ": channel " + c + " pixel (" + i / size + ", " + i % size + ") is "
                            + out[c * plane + i] + ", expected input pixel (" + src[i] / size + ", " + src[i] % size
                            + ") = " + view[c * plane + src[i]]);
                }
            }
        }
        assertEquals(replay.nextLong(), used.nextLong(), "the generator drew exactly the documented random numbers");
    }

    @Test
    void everyOutputPixelIsTheInputAtItsPatchPositionForBothLayoutsAndDistributions() {
        for (Layout layout : Layout.values()) {
            for (SizeDistribution dist : SizeDistribution.values()) {
                PatchNegatives paper = PatchNegatives.builder().optLayout(layout).optSizeDistribution(dist).build();
                PatchNegatives small = PatchNegatives.builder().optPatchRangeScaledTo(28).optLayout(layout)
                        .optSizeDistribution(dist).build();
                for (long seed = 0; seed < 30; seed++) {
                    assertMatchesReplay(paper, coordinateView(3, 224), 3, 224, seed);
                    assertMatchesReplay(small, coordinateView(2, 28), 2, 28, seed);
                }
            }
        }
    }

    @Test
    void realFashionMnistViewsAreTiledFromTheirOwnPixels() {
        InMemoryImageDataset data = TestData.fashionTrain(16);
        PatchNegatives gen = NonSemanticNegatives.patchesScaledTo(28);
        byte[] px = new byte[data.imageBytes()];
        for (int i = 0; i < data.size(); i++) {
            data.readImage(i, px, 0);
            float[] view = new float[px.length]; // (1, 28, 28), normalised as the loader does
            for (int j = 0; j < px.length; j++) {
                view[j] = ((px[j] & 0xFF) / 255f - 0.286f) / 0.353f;
            }
            assertMatchesReplay(gen, view, 1, 28, i);
        }
    }

    @Test
    void imagesOfAnyShapeGiveTheSameShapeAndTheirPixelsComeFromTheirPatches() throws IOException {
        ByteImage photo = imagenetSample(ROBIN);
        assertEquals(375, photo.height(), "the robin photo is 500x375");
        for (Layout layout : Layout.values()) {
            PatchNegatives gen = PatchNegatives.builder().optLayout(layout).build();
            for (long seed = 0; seed < 5; seed++) {
                ByteImage neg = gen.generate(photo, new SplittableRandom(seed));
                assertEquals(photo.channels(), neg.channels());
                assertEquals(photo.height(), neg.height());
                assertEquals(photo.width(), neg.width());
                int[] src = replaySources(gen.config(), photo.height(), photo.width(), new SplittableRandom(seed));
                for (int c = 0; c < 3; c++) {
                    for (int i = 0; i < src.length; i++) {
                        int y = i / photo.width();
                        int x = i % photo.width();
                        assertEquals(photo.get(c, src[i] / photo.width(), src[i] % photo.width()), neg.get(c, y, x),
                                layout + " seed " + seed + " channel " + c + " (" + y + ", " + x + ")");
                    }
                }
            }
        }
    }

    @Test
    void bytesAndFloatsGiveTheSameNegative() throws IOException {
        ByteImage img = robin224();
        float[] view = new float[img.pixels().length]; // (3, 224, 224)
        for (int i = 0; i < view.length; i++) {
            view[i] = img.pixels()[i] & 0xFF;
        }
        for (Layout layout : Layout.values()) {
            PatchNegatives gen = PatchNegatives.builder().optLayout(layout).build();
            ByteImage neg = gen.generate(img, new SplittableRandom(9));
            float[] out = new float[view.length];
            gen.generate(view, 0, 3, 224, out, 0, new SplittableRandom(9));
            for (int i = 0; i < out.length; i++) {
                assertEquals(neg.pixels()[i] & 0xFF, (int) out[i], layout + " value " + i);
            }
        }
    }

    @Test
    void outputFillsExactlyItsRegionAndOffsetsAreRespected() {
        int size = 32;
        float[] view = coordinateView(3, size);
        float[] padded = new float[view.length + 7];
        System.arraycopy(view, 0, padded, 7, view.length);
        float[] a = new float[view.length];
        float[] b = new float[view.length + 8];
        Arrays.fill(b, -1f);
        PatchNegatives gen = NonSemanticNegatives.patchesScaledTo(size);
        gen.generate(view, 0, 3, size, a, 0, new SplittableRandom(11));
        gen.generate(padded, 7, 3, size, b, 3, new SplittableRandom(11));
        assertArrayEquals(a, Arrays.copyOfRange(b, 3, 3 + view.length));
        for (int i : new int[] {0, 1, 2, b.length - 5, b.length - 1}) {
            assertEquals(-1f, b[i], "float " + i + " outside the negative is untouched");
        }
        for (float v : a) {
            assertTrue(v >= 0, "every output float was written");
        }
    }

    @Test
    void gridHasFloorSOverDPlusOnePatchesPerSideWithBoundariesAtMultiplesOfD() {
        assertEquals(15, PatchNegatives.tilesPerSide(Layout.RANDOM_CORNERS, 224, 16));
        assertEquals(4, PatchNegatives.tilesPerSide(Layout.RANDOM_CORNERS, 224, 72));
        assertEquals(5, PatchNegatives.tilesPerSide(Layout.RANDOM_CORNERS, 224, 56));
        assertEquals(2, PatchNegatives.tilesPerSide(Layout.RANDOM_CORNERS, 224, 224));
        assertEquals(14, PatchNegatives.tilesPerSide(Layout.SHUFFLED_CELLS, 224, 16));
        assertEquals(4, PatchNegatives.tilesPerSide(Layout.SHUFFLED_CELLS, 224, 72));
        assertEquals(1, PatchNegatives.tilesPerSide(Layout.SHUFFLED_CELLS, 224, 224));
        int size = 23;
        for (int d = 2; d <= 9; d++) {
            PatchNegatives gen = PatchNegatives.builder().optPatchSize(d).build();
            float[] view = coordinateView(1, size);
            float[] out = new float[view.length];
            SplittableRandom rng = new SplittableRandom(d);
            gen.generate(view, 0, 1, size, out, 0, rng);
            int n = size / d + 1;
            for (int ty = 0; ty * d < size; ty++) {
                for (int tx = 0; tx * d < size; tx++) {
                    int origin = (int) out[ty * d * size + tx * d];
                    for (int r = 0; r < d && ty * d + r < size; r++) {
                        for (int c = 0; c < d && tx * d + c < size; c++) {
                            assertEquals(origin + r * size + c, (int) out[(ty * d + r) * size + tx * d + c],
                                    "d=" + d + ": tile (" + ty + "," + tx + ") is one contiguous patch");
                        }
                    }
                }
            }
            // d, then two corners for each of the n^2 patches, the cropped ones included
            SplittableRandom replay = new SplittableRandom(d);
            replay.nextInt(1);
            for (int i = 0; i < 2 * n * n; i++) {
                replay.nextInt(size - d);
            }
            assertEquals(replay.nextLong(), rng.nextLong(), "d=" + d + ": 1 + 2n^2 draws with n = " + n);
        }
    }

    @Test
    void cornersAreUniformOverZeroToSMinusDMinusOneSoTheLastRowAndColumnAreNeverCopied() {
        int size = 12;
        int d = 4;
        PatchNegatives gen = PatchNegatives.builder().optPatchSize(d).build();
        float[] view = coordinateView(1, size);
        float[] out = new float[view.length];
        int[] cornerCounts = new int[size];
        for (long seed = 0; seed < 2000; seed++) {
            gen.generate(view, 0, 1, size, out, 0, new SplittableRandom(seed));
            for (int ty = 0; ty * d < size; ty++) {
                for (int tx = 0; tx * d < size; tx++) {
                    int origin = (int) out[ty * d * size + tx * d];
                    cornerCounts[origin / size]++;
                    cornerCounts[origin % size]++;
                }
            }
            for (float v : out) {
                assertNotEquals(size - 1, (int) v / size, "the last row is never copied");
                assertNotEquals(size - 1, (int) v % size, "the last column is never copied");
            }
        }
        for (int corner = 0; corner < size; corner++) {
            if (corner <= size - d - 1) {
                assertTrue(cornerCounts[corner] > 0, "corner " + corner + " is drawn");
            } else {
                assertEquals(0, cornerCounts[corner], "corner " + corner + " > S-d-1 is never drawn");
            }
        }
        // every allowed corner about equally often: 2000 negatives x 9 patches x 2 axes / 8 corners = 4500 each
        for (int corner = 0; corner <= size - d - 1; corner++) {
            assertEquals(4500, cornerCounts[corner], 300, "corner " + corner);
        }
        // d equal to the side: only corner 0, the negative is the view itself
        float[] same = new float[view.length];
        PatchNegatives.builder().optPatchSize(size).build().generate(view, 0, 1, size, same, 0,
                new SplittableRandom(1));
        assertArrayEquals(view, same);
    }

    @Test
    void shuffledCellsUseEveryCellOnce() {
        // d divides S: a pure rearrangement of the 6x6 cells of 4 px
        PatchNegatives exact = PatchNegatives.builder().optPatchSize(4).optLayout(Layout.SHUFFLED_CELLS).build();
        float[] view = coordinateView(1, 24);
        float[] out = new float[view.length];
        exact.generate(view, 0, 1, 24, out, 0, new SplittableRandom(3));
        float[] sorted = out.clone();
        Arrays.sort(sorted);
        assertArrayEquals(view, sorted, "every input pixel appears exactly once");
        assertFalse(Arrays.equals(view, out), "the cells were moved");
        // d does not divide S: cells at 0, 8, 16 and the last one pulled back to 20 (28 - 8)
        PatchNegatives partial = PatchNegatives.builder().optPatchSize(8).optLayout(Layout.SHUFFLED_CELLS).build();
        view = coordinateView(1, 28);
        out = new float[view.length];
        for (long seed = 0; seed < 20; seed++) {
            partial.generate(view, 0, 1, 28, out, 0, new SplittableRandom(seed));
            List<Integer> corners = new ArrayList<>();
            for (int ty = 0; ty < 4; ty++) {
                for (int tx = 0; tx < 4; tx++) {
                    corners.add((int) out[ty * 8 * 28 + tx * 8]);
                }
            }
            List<Integer> cells = new ArrayList<>();
            for (int cy : new int[] {0, 8, 16, 20}) {
                for (int cx : new int[] {0, 8, 16, 20}) {
                    cells.add(cy * 28 + cx);
                }
            }
            corners.sort(null);
            assertEquals(cells, corners, "seed " + seed + ": each of the 16 cells once");
        }
    }

    @Test
    void shuffledCellsKeepTheHistogramOfARealImageExactlyWhenDDividesS() throws IOException {
        ByteImage img = robin224();
        ByteImage neg = PatchNegatives.builder().optPatchSize(16).optLayout(Layout.SHUFFLED_CELLS).build()
                .generate(img, new SplittableRandom(5));
        for (int c = 0; c < 3; c++) {
            assertArrayEquals(histogram(img, c, 256), histogram(neg, c, 256), "channel " + c);
        }
        assertNotEquals(img, neg);
    }

    @Test
    void sameSeedSameNegativesDifferentSeedDifferentOnesAlsoAcrossThreads() throws Exception {
        ByteImage img = robin224();
        for (Layout layout : Layout.values()) {
            PatchNegatives gen = PatchNegatives.builder().optLayout(layout).build();
            assertEquals(gen.generate(img, new SplittableRandom(1)), gen.generate(img, new SplittableRandom(1)));
            assertNotEquals(gen.generate(img, new SplittableRandom(1)), gen.generate(img, new SplittableRandom(2)));
            List<ByteImage> sequential = gen.generate(img, 8, new SplittableRandom(4));
            SplittableRandom one = new SplittableRandom(4);
            for (int i = 0; i < 8; i++) {
                assertEquals(sequential.get(i), gen.generate(img, one), "negative " + i + " of the batch");
            }
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<List<ByteImage>>> parallel = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    parallel.add(pool.submit(() -> gen.generate(img, 8, new SplittableRandom(4))));
                }
                for (Future<List<ByteImage>> f : parallel) {
                    assertEquals(sequential, f.get(), layout + ": one generator shared by threads");
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void batchOfFloatNegativesEqualsOneAfterAnother() {
        float[] view = coordinateView(3, 32);
        PatchNegatives gen = NonSemanticNegatives.patchesScaledTo(32);
        float[] batch = new float[4 * view.length]; // (4, 3, 32, 32)
        gen.generate(view, 0, 3, 32, batch, 0, 4, new SplittableRandom(8));
        SplittableRandom rng = new SplittableRandom(8);
        for (int i = 0; i < 4; i++) {
            float[] one = new float[view.length];
            gen.generate(view, 0, 3, 32, one, 0, rng);
            assertArrayEquals(one, Arrays.copyOfRange(batch, i * view.length, (i + 1) * view.length), "negative " + i);
        }
    }

    @Test
    void theFloatPathAllocatesNothing() {
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        float[] view = coordinateView(3, 224);
        float[] out = new float[view.length];
        for (Layout layout : Layout.values()) {
            PatchNegatives gen = PatchNegatives.builder().optLayout(layout).build();
            SplittableRandom rng = new SplittableRandom(1);
            for (int i = 0; i < 200; i++) {
                gen.generate(view, 0, 3, 224, out, 0, rng);
            }
            long before = bean.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 1000; i++) {
                gen.generate(view, 0, 3, 224, out, 0, rng);
            }
            long bytes = bean.getCurrentThreadAllocatedBytes() - before;
            assertTrue(bytes < 4096, layout + ": 1000 negatives allocated " + bytes + " bytes");
        }
    }

    /**
     * Expected number of times each source pixel (y·S + x) appears in one negative of the default sampler: per axis
     * and patch side d, A_d(x) = Σ over output coordinates o of [0 <= x − (o mod d) <= S−d−1] / (S−d), since the
     * patch holding o has its corner uniform in [0, S−d−1]; rows and columns are independent given d, so the
     * pixel's weight is Σ_d P(d) A_d(y) A_d(x). The weights sum to S².
     */
    static double[] coverage(int size, PatchNegatives.Config cfg) {
        double[] w = new double[size * size]; // (S, S)
        for (int d = cfg.minPatch(); d <= cfg.maxPatch(); d++) {
            double p = cfg.sizeDistribution().probability(d, cfg.minPatch(), cfg.maxPatch());
            int corners = Math.max(1, size - d);
            double[] a = new double[size];
            for (int o = 0; o < size; o++) {
                for (int corner = 0; corner < corners; corner++) {
                    a[corner + o % d] += 1.0 / corners;
                }
            }
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    w[y * size + x] += p * a[y] * a[x];
                }
            }
        }
        return w;
    }

    @Test
    void eachSourcePixelAppearsAsOftenAsTheAnalyticCoverageSays() {
        int size = 32;
        for (SizeDistribution dist : SizeDistribution.values()) {
            PatchNegatives gen = PatchNegatives.builder().optPatchRange(4, 12).optSizeDistribution(dist).build();
            double[] expected = coverage(size, gen.config());
            assertEquals(size * size, Arrays.stream(expected).sum(), 1e-9, "weights sum to S^2");
            float[] view = coordinateView(1, size);
            float[] out = new float[view.length];
            int n = 20000;
            double[] sum = new double[view.length];
            double[] sumSq = new double[view.length];
            int[] counts = new int[view.length];
            SplittableRandom rng = new SplittableRandom(42);
            for (int k = 0; k < n; k++) {
                gen.generate(view, 0, 1, size, out, 0, rng);
                for (float v : out) {
                    counts[(int) v]++;
                }
                for (int i = 0; i < counts.length; i++) {
                    sum[i] += counts[i];
                    sumSq[i] += (double) counts[i] * counts[i];
                    counts[i] = 0;
                }
            }
            double worst = 0;
            for (int i = 0; i < view.length; i++) {
                double mean = sum[i] / n;
                double se = Math.sqrt(Math.max(0, sumSq[i] / n - mean * mean) / n);
                if (expected[i] == 0) {
                    assertEquals(0, sum[i], dist + ": pixel " + i + " can never be covered");
                    continue;
                }
                double z = Math.abs(mean - expected[i]) / se;
                worst = Math.max(worst, z);
                assertTrue(z < 5, dist + ": pixel (" + i / size + ", " + i % size + ") appears " + mean
                        + " times per negative, expected " + expected[i] + " (" + z + " standard errors)");
            }
            assertEquals(0, expected[size - 1], "the last column is never covered");
            assertTrue(expected[0] < expected[size + 1] && expected[size + 1] < expected[12 * size + 12],
                    "border pixels are under-represented");
            System.out.printf(Locale.ROOT, "coverage %s: worst pixel %.2f standard errors from analytic%n", dist,
                    worst);
        }
    }

    /** Counts of channel {@code c}'s values in {@code bins} equal bins of [0, 256). */
    static long[] histogram(ByteImage img, int c, int bins) {
        long[] h = new long[bins];
        int plane = img.height() * img.width();
        for (int i = 0; i < plane; i++) {
            h[(img.pixels()[c * plane + i] & 0xFF) * bins / 256]++;
        }
        return h;
    }

    @Test
    void colourHistogramOfARealImageMatchesTheCoverageWeightedInputInExpectation() throws IOException {
        ByteImage img = robin224();
        int size = 224;
        int bins = 16;
        int plane = size * size;
        PatchNegatives gen = PatchNegatives.builder().build();
        double[] w = coverage(size, gen.config());
        double[][] weighted = new double[3][bins];
        double[][] plain = new double[3][bins];
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < plane; i++) {
                int b = (img.pixels()[c * plane + i] & 0xFF) * bins / 256;
                weighted[c][b] += w[i] / plane;
                plain[c][b] += 1.0 / plane;
            }
        }
        int n = 4000;
        double[][] sum = new double[3][bins];
        double[][] sumSq = new double[3][bins];
        SplittableRandom rng = new SplittableRandom(7);
        for (int k = 0; k < n; k++) {
            ByteImage neg = gen.generate(img, rng);
            for (int c = 0; c < 3; c++) {
                long[] h = histogram(neg, c, bins);
                for (int b = 0; b < bins; b++) {
                    double f = (double) h[b] / plane;
                    sum[c][b] += f;
                    sumSq[c][b] += f * f;
                }
            }
        }
        for (int c = 0; c < 3; c++) {
            double tvWeighted = 0;
            double tvPlain = 0;
            double tvPlainWeighted = 0;
            for (int b = 0; b < bins; b++) {
                double mean = sum[c][b] / n;
                double se = Math.sqrt(Math.max(0, sumSq[c][b] / n - mean * mean) / n);
                assertTrue(Math.abs(mean - weighted[c][b]) <= 5 * se + 1e-6, "channel " + c + " bin " + b + ": mean "
                        + mean + ", coverage-weighted input " + weighted[c][b] + ", standard error " + se);
                tvWeighted += Math.abs(mean - weighted[c][b]) / 2;
                tvPlain += Math.abs(mean - plain[c][b]) / 2;
                tvPlainWeighted += Math.abs(weighted[c][b] - plain[c][b]) / 2;
            }
            System.out.printf(Locale.ROOT, "histogram channel %d: total variation of the mean of %d negatives from the"
                    + " coverage-weighted input %.4f, from the plain input %.4f (analytic weighted vs plain %.4f)%n",
                    c, n, tvWeighted, tvPlain, tvPlainWeighted);
            assertTrue(tvWeighted < 0.005, "channel " + c + ": " + tvWeighted);
            // Not 0: the sampler under-represents a band of about d pixels along the border (and never copies
            // the last row and column), and this photo's border (leaves) differs in colour from its centre (bird).
            assertTrue(tvPlain < 0.1, "channel " + c + ": the negatives' colours are close to the input's, "
                    + tvPlain);
            assertEquals(tvPlainWeighted, tvPlain, 0.01, "channel " + c + ": the distance to the plain input is the"
                    + " coverage weighting's");
        }
    }

    @Test
    void sizeDistributionsHaveTheirDocumentedProbabilities() {
        for (SizeDistribution dist : SizeDistribution.values()) {
            PatchNegatives gen = PatchNegatives.builder().optSizeDistribution(dist).build();
            int[] counts = new int[73];
            SplittableRandom rng = new SplittableRandom(2);
            int n = 200_000;
            for (int i = 0; i < n; i++) {
                counts[gen.samplePatchSize(rng)]++;
            }
            double total = 0;
            for (int d = 0; d <= 72; d++) {
                double p = dist.probability(d, 16, 72);
                total += p;
                if (d < 16) {
                    assertEquals(0, counts[d]);
                    continue;
                }
                double se = Math.sqrt(p * (1 - p) / n);
                assertEquals(p, (double) counts[d] / n, 5 * se, dist + " d=" + d);
            }
            assertEquals(1, total, 1e-12, dist + " sums to 1");
        }
        assertEquals(Math.log(17.0 / 16) / Math.log(73.0 / 16), SizeDistribution.LOG_UNIFORM.probability(16, 16, 72),
                1e-15);
        assertEquals(1, SizeDistribution.LOG_UNIFORM.probability(5, 5, 5), 1e-12, "a fixed size");
    }

    @Test
    void paperRangeScalesWithImageSize() {
        assertEquals("patches[16, 72]", NonSemanticNegatives.patchesScaledTo(224).toString());
        assertEquals("patches[2, 9]", NonSemanticNegatives.patchesScaledTo(28).toString());
        assertEquals("patches[2, 10]", NonSemanticNegatives.patchesScaledTo(32).toString());
        assertEquals("patches[7, 31]", NonSemanticNegatives.patchesScaledTo(96).toString());
        assertEquals("patches[1, 1]", NonSemanticNegatives.patchesScaledTo(3).toString());
        assertEquals("patches[16, 72, log_uniform, shuffled_cells]", PatchNegatives.builder()
                .optSizeDistribution(SizeDistribution.LOG_UNIFORM).optLayout(Layout.SHUFFLED_CELLS).build()
                .toString());
        assertEquals(new PatchNegatives.Config(16, 72, SizeDistribution.UNIFORM, Layout.RANDOM_CORNERS),
                PatchNegatives.builder().build().config(), "the defaults are the authors'");
    }

    @Test
    void badSettingsAreNamedWithTheirAllowedRange() {
        assertMessage("minPatch must be >= 1, got 0", () -> NonSemanticNegatives.patches(0, 3));
        assertMessage("maxPatch must be >= minPatch (5), got 3", () -> NonSemanticNegatives.patches(5, 3));
        assertMessage("imageSize must be >= 1, got 0", () -> PatchNegatives.builder().optPatchRangeScaledTo(0));
        assertThrows(NullPointerException.class, () -> PatchNegatives.builder().optLayout(null).build());
        PatchNegatives gen = PatchNegatives.builder().build();
        float[] view = coordinateView(3, 64);
        assertMessage("maxPatch (72) must be <= the image's shorter side, got a 64x64 image",
                () -> gen.generate(view, 0, 3, 64, new float[view.length], 0, new SplittableRandom(1)));
        assertMessage("maxPatch (72) must be <= the image's shorter side, got a 60x300 image",
                () -> gen.generate(new ByteImage(1, 60, 300, new byte[60 * 300]), new SplittableRandom(1)));
        PatchNegatives small = NonSemanticNegatives.patches(2, 9);
        float[] v = coordinateView(1, 28);
        assertMessage("dst must hold 784 floats from offset 1, but its length is 784",
                () -> small.generate(v, 0, 1, 28, new float[784], 1, new SplittableRandom(1)));
        assertMessage("view must hold 2352 floats from offset 0, but its length is 784",
                () -> small.generate(v, 0, 3, 28, new float[3 * 784], 0, new SplittableRandom(1)));
        assertMessage("count must be >= 0, got -1",
                () -> small.generate(v, 0, 1, 28, new float[784], 0, -1, new SplittableRandom(1)));
    }

    private static void assertMessage(String message, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertEquals(message, e.getMessage());
    }
}
