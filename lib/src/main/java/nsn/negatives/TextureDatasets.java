package nsn.negatives;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nsn.data.ImageDataset;
import nsn.data.ImageFolderDataset;
import nsn.data.IndexedView;

/**
 * Texture datasets read back aligned with their source: image {@code i} of {@link #aligned} is the texture of
 * source image {@code i}, found through {@link TextureDatasetLayout}, so that pretraining can pair each training
 * image with its texture negative (§2.2).
 *
 * <p>Textures are decoded like {@link ImageFolderDataset} images: converted to the source's channels (a grayscale
 * source such as Fashion-MNIST gets grayscale textures, whatever the PNG holds) and resized to cover the source's
 * height × width and centre-cropped (ImageNet's 224-px textures become the 256-px size the images are decoded
 * at). With the same size as the source, one random crop, flip and colour change applies to an image and its
 * texture in the same place.
 */
public final class TextureDatasets {

    /** Missing files named in the error message. */
    static final int LISTED_MISSING = 5;

    private static final Pattern NAMED_SPLIT = Pattern.compile("([a-z0-9-]+)/(train|test)(\\[.*])?");

    private TextureDatasets() {}

    /**
     * The texture dataset under {@code textureRoot}, aligned with every image of {@code source}.
     *
     * @see #aligned(ImageDataset, int[], Path)
     */
    public static ImageDataset aligned(ImageDataset source, Path textureRoot) {
        int[] all = new int[source.size()];
        Arrays.setAll(all, i -> i);
        return aligned(source, all, textureRoot);
    }

    /**
     * The textures of the source images at {@code indices}, in that order: image {@code j} of the result is the
     * texture of {@code source} image {@code indices[j]} (so that the textures of a training subset line up with
     * the subset), with the source's channels, height, width, classes and labels. Files are decoded on each read.
     *
     * @param source the images the textures were made from, opened as the texture job opened them (the layout
     *     names ImageFolder samples by file name and other samples by index)
     * @param indices source images to pair with a texture
     * @param textureRoot root of the texture dataset, as written by {@code make-texture-dataset}
     * @throws IllegalArgumentException if a texture is missing, naming the first missing files, how many are
     *     missing, and the command that writes them
     */
    public static ImageDataset aligned(ImageDataset source, int[] indices, Path textureRoot) {
        Objects.requireNonNull(textureRoot, "textureRoot");
        String[] names = new String[indices.length];
        List<String> missing = new ArrayList<>();
        int count = 0;
        for (int j = 0; j < indices.length; j++) {
            names[j] = TextureDatasetLayout.outputName(source, Objects.checkIndex(indices[j], source.size()));
            if (!Files.isRegularFile(textureRoot.resolve(names[j]))) {
                if (missing.size() < LISTED_MISSING) {
                    missing.add(names[j]);
                }
                count++;
            }
        }
        if (count > 0) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "%d of the %d texture images of %s are missing under %s%s (first: %s); write them with: %s",
                    count, indices.length, source.name(), textureRoot,
                    Files.isDirectory(textureRoot) ? "" : " (no such folder)", String.join(", ", missing),
                    command(source, textureRoot)));
        }
        String name = "textures of " + source.name()
                + (indices.length == source.size() ? "" : "[subset of " + indices.length + "]");
        return new Aligned(name, source, indices, textureRoot, names);
    }

    /** The {@code make-texture-dataset} command that writes the textures of {@code source} to {@code root}. */
    static String command(ImageDataset source, Path root) {
        String base = "java -jar lib/target/nsn.jar make-texture-dataset ";
        if (source instanceof ImageFolderDataset folder && folder.size() > 0) {
            return base + "--in " + folder.file(0).getParent().getParent() + " --out " + root;
        }
        Matcher m = NAMED_SPLIT.matcher(source.name());
        if (m.matches()) {
            return base + "--dataset " + m.group(1) + " --split " + m.group(2) + " --out " + root;
        }
        return base + "--out " + root + " ... (see make-texture-dataset --help)";
    }

    /** Source-aligned textures, decoded on each read. */
    private static final class Aligned extends IndexedView {

        private final Path root;
        private final String[] files;
        private volatile String fingerprint;

        Aligned(String name, ImageDataset source, int[] indices, Path root, String[] files) {
            super(name, source, indices);
            this.root = root;
            this.files = files;
        }

        @Override
        public void readImage(int index, byte[] dst, int offset) {
            ImageFolderDataset.readFile(root.resolve(files[index]), channels(), height(), width(), dst, offset);
        }

        /** SHA-256 over {@code relative path TAB file size NEWLINE} in sample order, like an ImageFolder's. */
        @Override
        public String fingerprint() {
            String result = fingerprint;
            if (result == null) {
                MessageDigest digest;
                try {
                    digest = MessageDigest.getInstance("SHA-256");
                } catch (NoSuchAlgorithmException e) {
                    throw new IllegalStateException("every Java platform provides SHA-256", e);
                }
                try {
                    for (String file : files) {
                        digest.update((file + "\t" + Files.size(root.resolve(file)) + "\n")
                                .getBytes(StandardCharsets.UTF_8));
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot stat the textures under " + root, e);
                }
                result = HexFormat.of().formatHex(digest.digest());
                fingerprint = result;
            }
            return result;
        }

        @Override
        public String toString() {
            return name() + " (" + size() + " textures from " + root + ", " + channels() + "x" + height() + "x"
                    + width() + ")";
        }
    }
}
