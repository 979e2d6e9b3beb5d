package nsn.analysis;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import nsn.augment.SemanticAugmentation;
import nsn.data.ImageDataset;
import nsn.model.Encoder;
import nsn.negatives.NonSemanticNegatives;
import nsn.report.Charts;
import nsn.report.Progress;
import nsn.train.MoCo;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

/**
 * §2.4, "How hard are the texture-based and patch-based negative samples?" (paper Figures 2 and 3): the cosine
 * similarity between the embedding of a query view and the embeddings of
 * <ol>
 *   <li>its positive key, another MoCo-v2 view of the same image;
 *   <li>standard negatives, the keys of the other images in the same batch (every ordered pair i ≠ j);
 *   <li>its texture-based non-semantic negative (§2.2), the image's pre-generated texture augmented with the query
 *       view's random parameters, as pretraining pairs them;
 *   <li>its patch-based non-semantic negative (§2.3), cut from the query view, as pretraining makes it.
 * </ol>
 * As MoCo uses them, queries go through the query encoder and keys and negatives through the key (momentum)
 * encoder; embeddings are the projection head's L2-normalised outputs. Both encoders run in inference mode
 * (BatchNorm with its running statistics), so that an image's embedding does not depend on its batch.
 *
 * <p>Every image draws its views from its own random source seeded by {@code (seed, image index)}, in the order
 * pretraining draws them (the query view from a generator seeded by the source's first number, then the key view,
 * then the patch negative), so the positive, texture and patch similarities do not depend on the batch size.
 */
public final class Hardness {

    /** The kinds of pair whose similarity is measured, in the paper's panel order (Figure 2a–d). */
    public enum Kind {
        /** Query and its positive key. */
        POSITIVE("positive"),
        /** Query and the keys of the other images of its batch. */
        NEGATIVE("standard negative"),
        /** Query and its texture-based negative. */
        TEXTURE("texture-based NS"),
        /** Query and its patch-based negative. */
        PATCH("patch-based NS");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        /** The name used in tables, CSV files and charts. */
        public String label() {
            return label;
        }
    }

    /**
     * The similarities measured for one model.
     *
     * @param model name of the model (e.g. {@code alpha=2})
     * @param similarities per kind, every pair's cosine similarity; kinds that were not measured (texture without a
     *     texture dataset) are absent
     */
    public record Result(String model, Map<Kind, float[]> similarities) {

        /** Copies the map (the arrays are shared, not copied). */
        public Result {
            Objects.requireNonNull(model, "model");
            EnumMap<Kind, float[]> copy = new EnumMap<>(Kind.class);
            copy.putAll(similarities);
            similarities = Collections.unmodifiableMap(copy);
        }

        /** The kinds measured, in {@link Kind} order. */
        public List<Kind> kinds() {
            return List.copyOf(similarities.keySet());
        }

        /** The similarities of {@code kind}; throws if it was not measured. */
        public float[] values(Kind kind) {
            float[] v = similarities.get(kind);
            if (v == null) {
                throw new IllegalArgumentException(kind.label() + " similarities were not measured for " + model);
            }
            return v;
        }

        /** Mean similarity of {@code kind} (NaN if not measured or empty), summed in double precision. */
        public double mean(Kind kind) {
            float[] v = similarities.get(kind);
            if (v == null || v.length == 0) {
                return Double.NaN;
            }
            double sum = 0;
            for (float x : v) {
                sum += x;
            }
            return sum / v.length;
        }
    }

    /**
     * What to compare: the encoders and how views and negatives are made.
     *
     * @param query query encoder
     * @param key key (momentum) encoder; the query encoder itself for methods without one
     * @param augmentation MoCo-v2's augmentation (the pretraining recipe) making the query and key views
     * @param patches patch-based negative generator
     * @param textures texture image of each analysed image, aligned with it; {@code null} to leave the texture kind
     *     out
     */
    public record Setup(Encoder query, Encoder key, SemanticAugmentation augmentation, NonSemanticNegatives patches,
            ImageDataset textures) {

        /** Checks that the required parts are present and the encoders share an architecture. */
        public Setup {
            Objects.requireNonNull(query, "query encoder");
            Objects.requireNonNull(key, "key encoder");
            Objects.requireNonNull(augmentation, "augmentation");
            Objects.requireNonNull(patches, "patches");
            if (!query.config().equals(key.config())) {
                throw new IllegalArgumentException("query and key encoders differ: " + query.config() + " vs "
                        + key.config());
            }
        }
    }

    /** Histogram bins over [−1, 1] by default: 0.02 wide. */
    public static final int DEFAULT_BINS = 100;

    private Hardness() {}

    /**
     * Measures the similarities of every image of {@code images}.
     *
     * @param model name of the model in the result
     * @param setup encoders, augmentation and negatives
     * @param images the images, whose channels match the encoder's
     * @param batchSize images per forward pass; also the group within which standard negatives are paired (at
     *     least 2, so that there are negatives)
     * @param seed seed of the views and negatives
     * @param manager manager on the evaluation device
     * @param progress progress reporter
     * @throws IllegalArgumentException if the channels, the texture alignment or the batch size do not fit
     */
    public static Result measure(String model, Setup setup, ImageDataset images, int batchSize, long seed,
            NDManager manager, Progress progress) {
        int c = images.channels();
        if (c != setup.query().config().channels()) {
            throw new IllegalArgumentException(images.name() + " has " + c + " channels, the encoder expects "
                    + setup.query().config().channels());
        }
        if (batchSize < 2) {
            throw new IllegalArgumentException("hardness batch size must be at least 2 (standard negatives are the"
                    + " other images of a batch), got " + batchSize);
        }
        ImageDataset textures = setup.textures();
        if (textures != null && (textures.size() != images.size() || textures.channels() != c)) {
            throw new IllegalArgumentException("the textures " + textures.name() + " (" + textures.size()
                    + " images) are not aligned with " + images.name() + " (" + images.size() + " images)");
        }
        SemanticAugmentation aug = setup.augmentation();
        int s = aug.outputSize();
        int view = c * s * s;
        int n = images.size();
        float[] positive = new float[n];
        float[] patch = new float[n];
        float[] texture = textures == null ? null : new float[n];
        long negatives = 0;
        for (int start = 0; start < n; start += batchSize) {
            int b = Math.min(batchSize, n - start);
            negatives += (long) b * (b - 1);
        }
        if (negatives > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("too many standard-negative pairs (" + negatives + "); lower the batch"
                    + " size or the number of images");
        }
        float[] negative = new float[(int) negatives];
        int negAt = 0;
        byte[] pixels = new byte[images.imageBytes()];
        byte[] texturePixels = textures == null ? null : new byte[textures.imageBytes()];
        ParameterStore store = new ParameterStore(manager, false);
        progress.start("hardness " + model, n);
        for (int start = 0; start < n; start += batchSize) {
            int b = Math.min(batchSize, n - start);
            float[] q = new float[b * view];
            float[] k = new float[b * view];
            float[] p = new float[b * view];
            float[] t = textures == null ? null : new float[b * view];
            for (int i = 0; i < b; i++) {
                int index = start + i;
                images.readImage(index, pixels, 0);
                SplittableRandom rng = new SplittableRandom(mix(seed, index));
                long querySeed = rng.nextLong();
                aug.apply(pixels, 0, c, images.height(), images.width(), q, i * view, new SplittableRandom(querySeed));
                aug.apply(pixels, 0, c, images.height(), images.width(), k, i * view, rng);
                setup.patches().generate(q, i * view, c, s, p, i * view, rng);
                if (t != null) {
                    textures.readImage(index, texturePixels, 0);
                    aug.apply(texturePixels, 0, c, textures.height(), textures.width(), t, i * view,
                            new SplittableRandom(querySeed));
                }
            }
            try (NDManager step = manager.newSubManager()) {
                Shape shape = new Shape(b, c, s, s);
                NDArray eq = embed(setup.query(), store, step.create(q, shape));
                NDArray ek = embed(setup.key(), store, step.create(k, shape));
                NDArray ep = embed(setup.key(), store, step.create(p, shape));
                copyRowDots(eq, ek, positive, start);
                copyRowDots(eq, ep, patch, start);
                if (t != null) {
                    copyRowDots(eq, embed(setup.key(), store, step.create(t, shape)), texture, start);
                }
                float[] all = eq.matMul(ek.transpose()).toFloatArray(); // (b, b)
                for (int i = 0; i < b; i++) {
                    for (int j = 0; j < b; j++) {
                        if (i != j) {
                            negative[negAt++] = all[i * b + j];
                        }
                    }
                }
            }
            progress.update(start + b, "");
        }
        progress.finish("");
        Map<Kind, float[]> out = new EnumMap<>(Kind.class);
        out.put(Kind.POSITIVE, positive);
        out.put(Kind.NEGATIVE, negative);
        if (texture != null) {
            out.put(Kind.TEXTURE, texture);
        }
        out.put(Kind.PATCH, patch);
        return new Result(model, out);
    }

    /** The projection head's output, L2-normalised, in inference mode: {@code (N, D)}. */
    private static NDArray embed(Encoder encoder, ParameterStore store, NDArray images) {
        return MoCo.l2Normalize(encoder.forward(store, images, false));
    }

    private static void copyRowDots(NDArray a, NDArray b, float[] dst, int offset) {
        float[] v = a.mul(b).sum(new int[] {1}).toFloatArray();
        System.arraycopy(v, 0, dst, offset, v.length);
    }

    /** A per-image seed from the run's seed and the image's index (SplitMix64's finaliser). */
    static long mix(long seed, long index) {
        long z = seed * 0x9E3779B97F4A7C15L + index + 0x632BE59BD9B4E019L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * The mean similarity of each kind per model, one row per model, printed with 5 decimals as the paper reports
     * them (0.94257 and 0.00018 for the official MoCo-v2's positive and standard-negative pairs). A kind measured
     * for no model has no column; one missing for some models is missing (printed empty) in their rows.
     */
    public static Table table(String title, List<Result> results) {
        StringColumn model = StringColumn.create("model");
        List<Kind> kinds = kindsOf(results);
        List<DoubleColumn> columns = new ArrayList<>();
        for (Kind kind : kinds) {
            DoubleColumn col = DoubleColumn.create(kind.label());
            col.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(5));
            columns.add(col);
        }
        for (Result r : results) {
            model.append(r.model());
            for (int i = 0; i < kinds.size(); i++) {
                double m = r.mean(kinds.get(i));
                if (Double.isNaN(m)) {
                    columns.get(i).appendMissing();
                } else {
                    columns.get(i).append(m);
                }
            }
        }
        Table table = Table.create(title).addColumns(model);
        columns.forEach(table::addColumns);
        return table;
    }

    /** Kinds measured for at least one of {@code results}, in {@link Kind} order. */
    static List<Kind> kindsOf(List<Result> results) {
        List<Kind> kinds = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            if (results.stream().anyMatch(r -> r.similarities().containsKey(kind))) {
                kinds.add(kind);
            }
        }
        return kinds;
    }

    /**
     * Counts of {@code values} in {@code bins} equal bins over [−1, 1]: bin i holds [−1 + i·w, −1 + (i+1)·w) with
     * w = 2 / bins, the last bin also 1 itself; values outside [−1, 1] (rounding) go to the first or last bin.
     */
    public static long[] histogram(float[] values, int bins) {
        if (bins < 1) {
            throw new IllegalArgumentException("histogram bins must be at least 1, got " + bins);
        }
        long[] counts = new long[bins];
        for (float v : values) {
            int i = (int) Math.floor((v + 1.0) / 2.0 * bins);
            counts[Math.max(0, Math.min(bins - 1, i))]++;
        }
        return counts;
    }

    /**
     * The histograms as CSV, one row per model, kind and bin: {@code model,kind,bin_low,bin_high,count}; the counts
     * of one model and kind sum to its number of pairs.
     */
    public static String histogramCsv(List<Result> results, int bins) {
        StringBuilder sb = new StringBuilder("model,kind,bin_low,bin_high,count\n");
        for (Result r : results) {
            for (Kind kind : r.kinds()) {
                long[] counts = histogram(r.values(kind), bins);
                for (int i = 0; i < bins; i++) {
                    sb.append(csv(r.model())).append(',').append(kind.label()).append(',')
                            .append(String.format(Locale.ROOT, "%.4f,%.4f,%d", edge(i, bins), edge(i + 1, bins),
                                    counts[i]))
                            .append('\n');
                }
            }
        }
        return sb.toString();
    }

    private static double edge(int i, int bins) {
        return -1.0 + 2.0 * i / bins;
    }

    private static String csv(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    /**
     * One panel of Figures 2–3: the histogram of {@code kind} for each model, overlaid as frequency polygons
     * (fraction of the model's pairs per bin at the bin centres), with each model's mean in its legend entry.
     */
    public static XYChart chart(Kind kind, List<Result> results, int bins) {
        XYChart chart = new XYChartBuilder().width(Charts.WIDTH).height(Charts.HEIGHT)
                .title("Cosine similarity: query vs " + kind.label())
                .xAxisTitle("cosine similarity").yAxisTitle("fraction of pairs").build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setXAxisMin(-1.0).setXAxisMax(1.0);
        chart.getStyler().setXAxisDecimalPattern("0.0");
        double[] centres = new double[bins];
        for (int i = 0; i < bins; i++) {
            centres[i] = (edge(i, bins) + edge(i + 1, bins)) / 2;
        }
        boolean any = false;
        for (Result r : results) {
            float[] v = r.similarities().get(kind);
            if (v == null || v.length == 0) {
                continue;
            }
            long[] counts = histogram(v, bins);
            double[] fraction = new double[bins];
            for (int i = 0; i < bins; i++) {
                fraction[i] = (double) counts[i] / v.length;
            }
            XYSeries series = chart.addSeries(String.format(Locale.ROOT, "%s (mean %.5f)", r.model(),
                    r.mean(kind)), centres, fraction);
            series.setMarker(SeriesMarkers.NONE);
            any = true;
        }
        if (!any) {
            throw new IllegalArgumentException(kind.label() + " similarities were measured for no model");
        }
        return chart;
    }

    /** Figures 2–3 in one image: one {@link #chart} per measured kind, two per row. */
    public static BufferedImage figure(List<Result> results, int bins) {
        List<Kind> kinds = kindsOf(results);
        int cols = Math.min(2, kinds.size());
        int rows = (kinds.size() + 1) / 2;
        BufferedImage out = new BufferedImage(cols * Charts.WIDTH, rows * Charts.HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, out.getWidth(), out.getHeight());
            for (int i = 0; i < kinds.size(); i++) {
                BufferedImage panel = Charts.toImage(chart(kinds.get(i), results, bins));
                g.drawImage(panel, (i % 2) * Charts.WIDTH, (i / 2) * Charts.HEIGHT, null);
            }
        } finally {
            g.dispose();
        }
        return out;
    }
}
