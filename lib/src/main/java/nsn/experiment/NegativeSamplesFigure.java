package nsn.experiment;

import ai.djl.Device;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Image;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import nsn.augment.AugmentConfig;
import nsn.augment.SemanticAugmentation;
import nsn.data.ByteImage;
import nsn.data.DatasetFormatException;
import nsn.negatives.NonSemanticNegatives;
import nsn.negatives.TextureNegatives;
import nsn.negatives.TextureSynthesizer;
import nsn.report.AtomicFiles;
import nsn.report.Charts;
import nsn.report.Provenance;
import nsn.report.RunDirectory;

/**
 * Paper Figure 1 on real ImageNet images: for each image (a) the input, (b, c) two positive views made by MoCo-v2's
 * semantic augmentation, (d) the texture-based negative of §2.2 and (e) patch-based negatives of §2.3, one per
 * patch size d.
 *
 * <p>As in the authors' code, the patch-based negatives are cut from the query view (b): for a patch size d,
 * ⌊S/d⌋ + 1 patches per side are taken from random, possibly overlapping, positions inside the S×S view and tiled
 * ({@link NonSemanticNegatives#patches}). The texture-based negative is synthesized from the input image's centre
 * patch and a random patch (96×96 at ImageNet scale) by the non-parametric sampler of {@link TextureNegatives}. Views
 * are shown without normalisation (mean 0, std 1); the patch negatives copy pixels, so they look the same as when
 * cut from a normalised view.
 *
 * <p>{@link #run} also measures what each kind of negative costs: the texture synthesis of each image, run on the
 * calling thread (wall and CPU time; the first image's includes the JVM's warm-up), and the mean time of one
 * patch-based negative over {@value #PATCH_TIMING_REPEATS} repetitions per patch size, after as many untimed ones.
 * It writes {@code figure1.png}, {@code timings.csv} and
 * {@code provenance.json} to the output folder.
 */
public final class NegativeSamplesFigure {

    /** Pixels between tiles and around the figure. */
    public static final int MARGIN = 6;

    /** Repetitions of each patch-based negative when timing it. */
    public static final int PATCH_TIMING_REPEATS = 50;

    /** The figure's file in the output folder. */
    public static final String FIGURE_FILE = "figure1.png";

    /** The timings' file in the output folder. */
    public static final String TIMINGS_FILE = "timings.csv";

    private static final float[] ZERO = {0f, 0f, 0f};
    private static final float[] ONE = {1f, 1f, 1f};

    /**
     * One row of the figure: one image and its views and negatives, all RGB (grayscale inputs are replicated to three
     * channels).
     *
     * @param name the image's file name without extension, e.g. {@code n02085620_Chihuahua}
     * @param input the decoded image at its own size
     * @param query the first positive view, {@code outputSize²}; the patch negatives are cut from it
     * @param key the second positive view
     * @param texture the texture-based negative, {@link TextureNegatives#generate} of {@code input} with
     *     {@code textureSeed}
     * @param patchNegatives one patch-based negative per configured patch size, in order
     * @param textureSeed the seed the texture negative was generated with
     * @param textureSeconds wall time of the texture synthesis on one thread
     * @param textureCpuSeconds CPU time of that thread during the synthesis
     * @param patchMicros mean wall time of one patch-based negative, in microseconds
     */
    public record Row(String name, ByteImage input, ByteImage query, ByteImage key, ByteImage texture,
            List<ByteImage> patchNegatives, long textureSeed, double textureSeconds, double textureCpuSeconds,
            double patchMicros) {

        /** Copies the list. */
        public Row {
            patchNegatives = List.copyOf(patchNegatives);
        }
    }

    /**
     * Where the tiles of a figure are: a header of column titles, then one row of square tiles per image.
     *
     * @param rows rows of tiles
     * @param columns columns of tiles
     * @param tileSize side of a tile in pixels
     * @param headerHeight height of the title header in pixels
     */
    public record Layout(int rows, int columns, int tileSize, int headerHeight) {

        /** Width of the figure. */
        public int width() {
            return MARGIN + columns * (tileSize + MARGIN);
        }

        /** Height of the figure. */
        public int height() {
            return headerHeight + MARGIN + rows * (tileSize + MARGIN);
        }

        /** The tile of {@code row} and {@code column} (from 0). */
        public Rectangle tile(int row, int column) {
            if (row < 0 || row >= rows || column < 0 || column >= columns) {
                throw new IndexOutOfBoundsException("tile (" + row + ", " + column + ") of " + rows + "x" + columns);
            }
            return new Rectangle(MARGIN + column * (tileSize + MARGIN), headerHeight + MARGIN
                    + row * (tileSize + MARGIN), tileSize, tileSize);
        }
    }

    /**
     * What {@link #run} made.
     *
     * @param config the configuration
     * @param rows one row per image, in the figure's order
     * @param columnTitles the figure's column titles (a line break separates a title's two lines)
     * @param figure the composed figure
     * @param layout where each tile of {@code figure} is
     */
    public record Result(NegativeSamplesConfig config, List<Row> rows, List<String> columnTitles,
            BufferedImage figure, Layout layout) {

        /** Copies the lists. */
        public Result {
            rows = List.copyOf(rows);
            columnTitles = List.copyOf(columnTitles);
        }

        /** Mean texture-synthesis wall time per image, in seconds. */
        public double meanTextureSeconds() {
            return rows.stream().mapToDouble(Row::textureSeconds).average().orElse(Double.NaN);
        }

        /** Mean time of one patch-based negative, in microseconds. */
        public double meanPatchMicros() {
            return rows.stream().mapToDouble(Row::patchMicros).average().orElse(Double.NaN);
        }
    }

    private NegativeSamplesFigure() {}

    /**
     * Draws the figure: selects and decodes the images, makes each row, composes the figure and writes
     * {@code provenance.json}, {@code figure1.png} and {@code timings.csv} to the output folder.
     *
     * @throws DatasetFormatException naming the folder (and the data script) when it holds no images, or a file
     *     that cannot be decoded
     * @throws IllegalArgumentException naming an image that matches no file or several
     */
    public static Result run(NegativeSamplesConfig config) {
        List<Path> files = select(config);
        RunDirectory out = RunDirectory.open(config.outputDir());
        out.checkSameConfig(null, config);
        MessageDigest digest = sha256();
        List<ByteImage> inputs = new ArrayList<>();
        for (Path file : files) {
            byte[] bytes = read(file);
            digest.update((file.getFileName() + "\t").getBytes(StandardCharsets.UTF_8));
            digest.update(bytes);
            inputs.add(decodeRgb(file, bytes));
        }
        Path folder = config.imagesDir().toAbsolutePath().normalize();
        out.writeProvenance(Provenance.collect("negative-samples", config.seed(), config,
                Map.of(String.valueOf(folder.getFileName()) + " (" + files.size() + " images)",
                        HexFormat.of().formatHex(digest.digest())), Device.cpu()));

        TextureNegatives textures = new TextureNegatives(new TextureSynthesizer(config.texture()));
        SplittableRandom seeds = new SplittableRandom(config.seed());
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            rows.add(row(baseName(files.get(i)), inputs.get(i), config, textures, seeds.nextLong()));
        }
        List<String> titles = columnTitles(config.patchSizes());
        List<List<BufferedImage>> cells = new ArrayList<>();
        for (Row row : rows) {
            List<ByteImage> images = new ArrayList<>(List.of(row.input(), row.query(), row.key(), row.texture()));
            images.addAll(row.patchNegatives());
            cells.add(images.stream().map(ByteImage::toBufferedImage).toList());
        }
        Layout layout = layout(titles, rows.size(), config.outputSize());
        Result result = new Result(config, rows, titles, draw(titles, cells, layout), layout);
        write(result, out);
        System.err.printf(Locale.ROOT, "Figure 1: %d images at %d px -> %s; texture negative %.2f s per image (one"
                + " thread), patch negative %.0f µs%n", rows.size(), config.outputSize(),
                out.resolve(FIGURE_FILE).toAbsolutePath(), result.meanTextureSeconds(), result.meanPatchMicros());
        return result;
    }

    /**
     * The column titles of a figure with these patch sizes: {@code (a) input}, {@code (b) positive / query view},
     * {@code (c) positive / key view}, {@code (d) texture-based / negative}, then {@code (e) patch-based / d = …}
     * per patch size, where {@code /} is a line break.
     */
    public static List<String> columnTitles(List<Integer> patchSizes) {
        List<String> titles = new ArrayList<>(List.of("(a) input", "(b) positive\nquery view",
                "(c) positive\nkey view", "(d) texture-based\nnegative"));
        patchSizes.forEach(d -> titles.add("(e) patch-based\nd = " + d));
        return titles;
    }

    /**
     * §2.2's recipe for one row, as an image: the two example patches the texture negative was synthesized from
     * (the centre one, then the random one, at their own size) and the texture itself.
     */
    public static BufferedImage textureSources(Row row) {
        List<ByteImage> examples = TextureNegatives.examples(row.input(), new SplittableRandom(row.textureSeed()));
        List<String> titles = List.of("centre patch\n" + examples.get(0).width() + "×" + examples.get(0).height(),
                "random patch\n" + examples.get(1).width() + "×" + examples.get(1).height(),
                "texture-based\nnegative");
        List<BufferedImage> cells = List.of(examples.get(0).toBufferedImage(), examples.get(1).toBufferedImage(),
                row.texture().toBufferedImage());
        int tile = Math.max(row.texture().width(), examples.get(0).width());
        return draw(titles, List.of(cells), layout(titles, 1, tile));
    }

    /** The images of the folder in file-name order, or the named ones in the given order. */
    static List<Path> select(NegativeSamplesConfig config) {
        Path dir = config.imagesDir();
        String howToLayOut = "run `data-scripts/imagenet-samples.sh --from DIR --dest " + dir + "` (DIR: the 100"
                + " ImageNet sample images, see data-scripts/README.md) or choose another images folder";
        if (!Files.isDirectory(dir)) {
            throw new DatasetFormatException(dir, "missing: the ImageNet sample images are not laid out here; "
                    + howToLayOut);
        }
        List<Path> all;
        try (Stream<Path> list = Files.list(dir)) {
            all = list.filter(f -> Files.isRegularFile(f) && isImage(f))
                    .sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString())).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        if (all.isEmpty()) {
            throw new DatasetFormatException(dir, "holds no .JPEG, .jpg or .png images; " + howToLayOut);
        }
        if (config.images().isEmpty()) {
            if (config.count() > all.size()) {
                throw new IllegalArgumentException("count (" + config.count() + ") exceeds the " + all.size()
                        + " images in " + dir);
            }
            List<Path> chosen = new ArrayList<>();
            for (int i = 0; i < config.count(); i++) {
                chosen.add(all.get(i * all.size() / config.count()));
            }
            return chosen;
        }
        List<Path> chosen = new ArrayList<>();
        for (String name : config.images()) {
            List<Path> matches = all.stream().filter(f -> matches(f, name.trim())).toList();
            if (matches.size() != 1) {
                throw new IllegalArgumentException("images: '" + name + "' matches " + (matches.isEmpty()
                        ? "no image" : matches.size() + " images (" + String.join(", ", matches.stream()
                                .map(f -> f.getFileName().toString()).toList()) + ")") + " in " + dir
                        + "; give a file name, a wnid or a class name, e.g. " + baseName(all.get(0)));
            }
            chosen.add(matches.get(0));
        }
        return chosen;
    }

    private static boolean isImage(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".jpeg") || n.endsWith(".jpg") || n.endsWith(".png");
    }

    /** Whether {@code name} is the file's name, its name without extension, its wnid prefix or its class suffix. */
    private static boolean matches(Path file, String name) {
        String full = file.getFileName().toString().toLowerCase(Locale.ROOT);
        String base = baseName(file).toLowerCase(Locale.ROOT);
        String n = name.toLowerCase(Locale.ROOT);
        return full.equals(n) || base.equals(n) || base.startsWith(n + "_") || base.endsWith("_" + n);
    }

    private static String baseName(Path file) {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The image as RGB: grayscale images are replicated to three channels. */
    private static ByteImage decodeRgb(Path file, byte[] bytes) {
        BufferedImage image;
        try {
            image = ImageIO.read(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new DatasetFormatException(file, "undecodable: " + e.getMessage(), e);
        }
        if (image == null) {
            throw new DatasetFormatException(file, "not an image format Java can decode (expected JPEG or PNG)");
        }
        ByteImage decoded = ByteImage.of(image);
        if (decoded.channels() == 3) {
            return decoded;
        }
        byte[] plane = decoded.pixels();
        byte[] rgb = new byte[3 * plane.length];
        for (int c = 0; c < 3; c++) {
            System.arraycopy(plane, 0, rgb, c * plane.length, plane.length);
        }
        return new ByteImage(3, decoded.height(), decoded.width(), rgb);
    }

    /** One row: the views and patch negatives from a generator seeded with {@code rowSeed}, then the texture. */
    private static Row row(String name, ByteImage input, NegativeSamplesConfig config, TextureNegatives textures,
            long rowSeed) {
        int size = config.outputSize();
        int viewFloats = 3 * size * size;
        SplittableRandom rng = new SplittableRandom(rowSeed);
        long textureSeed = rng.nextLong();
        SemanticAugmentation augmentation = SemanticAugmentation.mocoV2(AugmentConfig.mocoV2(size, ZERO, ONE));
        float[] query = new float[viewFloats];
        float[] key = new float[viewFloats];
        augmentation.apply(input.pixels(), 0, 3, input.height(), input.width(), query, 0, rng);
        augmentation.apply(input.pixels(), 0, 3, input.height(), input.width(), key, 0, rng);

        List<NonSemanticNegatives> patchers = config.patchSizes().stream()
                .<NonSemanticNegatives>map(d -> NonSemanticNegatives.patches(d, d)).toList();
        List<ByteImage> patchNegatives = new ArrayList<>();
        float[] negative = new float[viewFloats];
        for (NonSemanticNegatives patcher : patchers) {
            patcher.generate(query, 0, 3, size, negative, 0, rng);
            patchNegatives.add(toBytes(negative, size));
        }
        SplittableRandom timingRng = rng.split();
        repeatPatches(patchers, query, size, negative, timingRng); // warm-up, not timed
        long t0 = System.nanoTime();
        repeatPatches(patchers, query, size, negative, timingRng);
        double patchMicros = (System.nanoTime() - t0) / 1e3 / (PATCH_TIMING_REPEATS * patchers.size());

        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpu0 = threads.getCurrentThreadCpuTime();
        long t1 = System.nanoTime();
        ByteImage texture = textures.generate(input, size, textureSeed);
        double textureSeconds = (System.nanoTime() - t1) / 1e9;
        double textureCpuSeconds = cpu0 < 0 ? Double.NaN : (threads.getCurrentThreadCpuTime() - cpu0) / 1e9;
        return new Row(name, input, toBytes(query, size), toBytes(key, size), texture, patchNegatives, textureSeed,
                textureSeconds, textureCpuSeconds, patchMicros);
    }

    private static void repeatPatches(List<NonSemanticNegatives> patchers, float[] query, int size, float[] dst,
            SplittableRandom rng) {
        for (int r = 0; r < PATCH_TIMING_REPEATS; r++) {
            for (NonSemanticNegatives patcher : patchers) {
                patcher.generate(query, 0, 3, size, dst, 0, rng);
            }
        }
    }

    /** A CHW view of floats in [0, 1] as bytes (rounded, clamped). */
    private static ByteImage toBytes(float[] view, int size) {
        byte[] px = new byte[view.length];
        for (int i = 0; i < view.length; i++) {
            px[i] = (byte) Math.round(Math.min(1f, Math.max(0f, view[i])) * 255f);
        }
        return new ByteImage(3, size, size, px);
    }

    private static Font titleFont(int size) {
        return new Font(Font.SANS_SERIF, Font.PLAIN, size);
    }

    /** The layout of a figure: the title font is shrunk until the widest title line fits a tile. */
    private static Layout layout(List<String> titles, int rows, int tileSize) {
        BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scratch.createGraphics();
        try {
            FontMetrics fm = g.getFontMetrics(titleFont(fontSize(g, titles, tileSize)));
            int lines = titles.stream().mapToInt(t -> t.split("\n").length).max().orElse(1);
            return new Layout(rows, titles.size(), tileSize, MARGIN + lines * fm.getHeight());
        } finally {
            g.dispose();
        }
    }

    private static int fontSize(Graphics2D g, List<String> titles, int tileSize) {
        int size = Math.max(10, Math.min(18, tileSize / 12));
        while (size > 6) {
            FontMetrics fm = g.getFontMetrics(titleFont(size));
            int widest = titles.stream().flatMap(t -> Stream.of(t.split("\n"))).mapToInt(fm::stringWidth).max()
                    .orElse(0);
            if (widest <= tileSize - 2) {
                break;
            }
            size--;
        }
        return size;
    }

    /**
     * Draws a grid on white: centred titles above the columns, each image centred in its tile, scaled down (keeping
     * its aspect ratio, area-averaged) when larger than the tile and shown at its own size otherwise.
     */
    private static BufferedImage draw(List<String> titles, List<List<BufferedImage>> cells, Layout layout) {
        BufferedImage figure = new BufferedImage(layout.width(), layout.height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = Charts.whiteCanvas(figure);
        try {
            g.setFont(titleFont(fontSize(g, titles, layout.tileSize())));
            g.setColor(Color.BLACK);
            FontMetrics fm = g.getFontMetrics();
            for (int c = 0; c < titles.size(); c++) {
                Rectangle tile = layout.tile(0, c);
                String[] lines = titles.get(c).split("\n");
                for (int l = 0; l < lines.length; l++) {
                    g.drawString(lines[l], tile.x + (tile.width - fm.stringWidth(lines[l])) / 2,
                            MARGIN + l * fm.getHeight() + fm.getAscent());
                }
            }
            for (int r = 0; r < cells.size(); r++) {
                for (int c = 0; c < cells.get(r).size(); c++) {
                    drawFitted(g, cells.get(r).get(c), layout.tile(r, c));
                }
            }
        } finally {
            g.dispose();
        }
        return figure;
    }

    private static void drawFitted(Graphics2D g, BufferedImage image, Rectangle tile) {
        double scale = Math.min(1.0, Math.min(tile.width / (double) image.getWidth(),
                tile.height / (double) image.getHeight()));
        int w = Math.max(1, (int) Math.round(image.getWidth() * scale));
        int h = Math.max(1, (int) Math.round(image.getHeight() * scale));
        Image scaled = scale < 1.0 ? image.getScaledInstance(w, h, Image.SCALE_AREA_AVERAGING) : image;
        g.drawImage(scaled, tile.x + (tile.width - w) / 2, tile.y + (tile.height - h) / 2, w, h, null);
    }

    private static void write(Result result, RunDirectory out) {
        Path figure = out.resolve(FIGURE_FILE);
        Path timings = out.resolve(TIMINGS_FILE);
        StringBuilder csv = new StringBuilder(
                "image,height,width,output_size,texture_seconds,texture_cpu_seconds,patch_microseconds\n");
        for (Row row : result.rows()) {
            csv.append(String.format(Locale.ROOT, "%s,%d,%d,%d,%.4f,%.4f,%.2f\n", row.name(), row.input().height(),
                    row.input().width(), result.config().outputSize(), row.textureSeconds(), row.textureCpuSeconds(),
                    row.patchMicros()));
        }
        try {
            AtomicFiles.write(figure, stream -> {
                if (!ImageIO.write(result.figure(), "png", stream)) {
                    throw new IOException("no PNG writer");
                }
            });
            AtomicFiles.writeString(timings, csv.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + figure + " and " + timings, e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }
}
