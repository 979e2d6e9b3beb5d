package nsn.shape;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import nsn.data.ByteImage;
import nsn.data.Fingerprints;
import nsn.data.ImageDataset;
import nsn.data.ImageFolderDataset;
import nsn.report.Charts;

/**
 * Cue-conflict stimuli in Geirhos et al.'s layout ({@code rgeirhos/texture-vs-shape},
 * {@code stimuli/style-transfer-preprocessed-512}): {@code root/<shape>/<shape><n>-<texture><m>.png}, the shape of
 * image {@code n} of category {@code shape} in the texture of image {@code m} of category {@code texture}. nsn's
 * small-scale stimuli ({@link CueConflictBuilder}) use the same layout. As an {@link ImageDataset} the label of a
 * stimulus is its shape category (in {@link #categories()} order) and every image is decoded at the size and
 * channels given.
 */
public final class CueConflictSet implements ImageDataset {

    /** {@code <shape><n>-<texture><m>.<ext>}: category names are letters, spaces, '_' or '-'-free words. */
    private static final Pattern NAME = Pattern.compile("([A-Za-z_ ]+?)(\\d+)-([A-Za-z_ ]+?)(\\d+)\\.(png|jpe?g|bmp)",
            Pattern.CASE_INSENSITIVE);

    /** Stimuli per row of {@link #preview}. */
    public static final int PREVIEW_COLUMNS = 5;
    /** Smallest side of a stimulus in {@link #preview}, in pixels. */
    public static final int PREVIEW_CELL = 96;

    private final Path root;
    private final List<String> categories;
    private final Path[] files;
    private final int[] shape;
    private final int[] texture;
    private final int channels;
    private final int size;
    private volatile String fingerprint;

    private CueConflictSet(Path root, List<String> categories, Path[] files, int[] shape, int[] texture,
            int channels, int size) {
        this.root = root;
        this.categories = categories;
        this.files = files;
        this.shape = shape;
        this.texture = texture;
        this.channels = channels;
        this.size = size;
    }

    /**
     * Reads the stimuli under {@code root}.
     *
     * @param root folder with one sub-folder per shape category
     * @param channels channels to decode to (1 or 3)
     * @param size height and width to decode to (centre-cropped and resized)
     * @throws IllegalArgumentException naming the folder or the file whose name does not follow the layout, or a
     *     file in the folder of another shape category
     */
    public static CueConflictSet read(Path root, int channels, int size) {
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException("cue-conflict stimuli: " + root + " is not a folder");
        }
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
        }
        if (size < 1) {
            throw new IllegalArgumentException("size must be positive, got " + size);
        }
        record Entry(Path file, String shape, String texture) {}
        List<Entry> entries = new ArrayList<>();
        TreeSet<String> names = new TreeSet<>();
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                String folder = dir.getFileName().toString();
                try (Stream<Path> images = Files.list(dir)) {
                    for (Path f : images.filter(Files::isRegularFile).sorted().toList()) {
                        String fileName = f.getFileName().toString();
                        if (fileName.startsWith(".")) {
                            continue;
                        }
                        Matcher m = NAME.matcher(fileName);
                        if (!m.matches()) {
                            throw new IllegalArgumentException("cue-conflict stimulus " + f + ": the name must be"
                                    + " <shape><n>-<texture><m>.png, e.g. cat3-elephant7.png");
                        }
                        String s = m.group(1).toLowerCase(Locale.ROOT);
                        String t = m.group(3).toLowerCase(Locale.ROOT);
                        if (!s.equals(folder.toLowerCase(Locale.ROOT))) {
                            throw new IllegalArgumentException("cue-conflict stimulus " + f + " has shape '" + s
                                    + "' but lies in the folder of '" + folder + "'");
                        }
                        entries.add(new Entry(f, s, t));
                        names.add(s);
                        names.add(t);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the cue-conflict stimuli under " + root, e);
        }
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("cue-conflict stimuli: no <shape>/<shape><n>-<texture><m>.png images"
                    + " under " + root);
        }
        List<String> categories = List.copyOf(names);
        int n = entries.size();
        Path[] files = new Path[n];
        int[] shape = new int[n];
        int[] texture = new int[n];
        for (int i = 0; i < n; i++) {
            Entry e = entries.get(i);
            files[i] = e.file();
            shape[i] = categories.indexOf(e.shape());
            texture[i] = categories.indexOf(e.texture());
        }
        return new CueConflictSet(root, categories, files, shape, texture, channels, size);
    }

    /**
     * Up to {@code count} stimuli side by side, {@value #PREVIEW_COLUMNS} per row, each scaled up to at least
     * {@value #PREVIEW_CELL} px and captioned with its shape and texture category: the first stimulus of each shape
     * category, then the second of each, and so on, so that the first row shows different shapes.
     *
     * @throws IllegalArgumentException if {@code count} is not positive
     */
    public BufferedImage preview(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("count: must be positive, got " + count);
        }
        List<Integer> order = previewOrder(count);
        int scale = Math.max(1, (PREVIEW_CELL + size - 1) / size);
        int cell = size * scale;
        int gap = 16;
        int caption = 30;
        int cols = Math.min(PREVIEW_COLUMNS, order.size());
        int rows = (order.size() + cols - 1) / cols;
        BufferedImage out = new BufferedImage(cols * (cell + gap) + gap, rows * (cell + caption + gap) + gap,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = Charts.whiteCanvas(out);
        try {
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            for (int k = 0; k < order.size(); k++) {
                int i = order.get(k);
                int x = gap + (k % cols) * (cell + gap);
                int y = gap + (k / cols) * (cell + caption + gap);
                g.drawImage(ByteImage.of(this, i).toBufferedImage(), x, y, cell, cell, null);
                g.setColor(Color.BLACK);
                g.drawString("shape: " + categories.get(shape[i]), x, y + cell + 12);
                g.drawString("texture: " + categories.get(texture[i]), x, y + cell + 25);
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    /** The stimuli {@link #preview} shows, in its order: round robin over the shape categories. */
    List<Integer> previewOrder(int count) {
        List<List<Integer>> byShape = new ArrayList<>();
        for (int c = 0; c < categories.size(); c++) {
            byShape.add(new ArrayList<>());
        }
        for (int i = 0; i < files.length; i++) {
            byShape.get(shape[i]).add(i);
        }
        List<Integer> order = new ArrayList<>();
        for (int round = 0; order.size() < Math.min(count, files.length); round++) {
            for (List<Integer> members : byShape) {
                if (round < members.size() && order.size() < count) {
                    order.add(members.get(round));
                }
            }
        }
        return order;
    }

    /** The categories named by the stimuli (shape and texture), sorted. */
    public List<String> categories() {
        return categories;
    }

    /** Shape category of stimulus {@code i}, an index into {@link #categories()}. */
    public int shapeCategory(int i) {
        return shape[i];
    }

    /** Texture category of stimulus {@code i}, an index into {@link #categories()}. */
    public int textureCategory(int i) {
        return texture[i];
    }

    /** The file of stimulus {@code i}. */
    public Path file(int i) {
        return files[i];
    }

    @Override
    public String name() {
        return "cue-conflict(" + root.getFileName() + ")";
    }

    @Override
    public int size() {
        return files.length;
    }

    @Override
    public int channels() {
        return channels;
    }

    @Override
    public int height() {
        return size;
    }

    @Override
    public int width() {
        return size;
    }

    @Override
    public List<String> classes() {
        return categories;
    }

    @Override
    public int label(int index) {
        return shape[index];
    }

    @Override
    public void readImage(int index, byte[] dst, int offset) {
        ImageFolderDataset.readFile(files[index], channels, size, size, dst, offset);
    }

    @Override
    public String fingerprint() {
        String result = fingerprint;
        if (result == null) {
            result = Fingerprints.ofFiles(root, files);
            fingerprint = result;
        }
        return result;
    }
}
