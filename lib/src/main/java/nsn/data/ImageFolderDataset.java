package nsn.data;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBufferByte;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Images in the torchvision {@code ImageFolder} layout, {@code root/<class>/<image>}: the CIFAR-10 JPEG copy
 * ({@code cifar10/train}), ImageNet ({@code imagenet/train}, {@code imagenet/val}) and its subsets. Files ending in
 * {@code .jpg}, {@code .jpeg}, {@code .png} or {@code .bmp} (any case) are images; hidden entries are skipped.
 *
 * <p>The classes are the class directories' names in sorted order, so label {@code i} is the {@code i}-th name.
 * With {@link Builder#optClassSubset a class-subset file} only the listed classes are read, and the labels follow the
 * <em>sorted order of the listed names</em>, not their order in the file. Within a class, files are in sorted order.
 *
 * <p>Building the dataset lists the files; images are decoded with {@code javax.imageio} on each
 * {@link #readImage} (JPEGs as libjpeg and PIL decode them, without applying an embedded ICC profile: see
 * {@link JpegPlanes}), converted to RGB (or to grayscale with ITU-R 601 luma when one channel is asked for) and, when
 * {@link Builder#optImageSize an image size} is set, resized so the target is covered and centre-cropped to it
 * (antialiased bilinear resampling, like torchvision's {@code Resize} then {@code CenterCrop}). Without an image size every image must have the size of the first one; another size fails
 * on reading. Reading is safe from several threads.
 *
 * <p>The {@link #fingerprint()} is the SHA-256 over the sorted relative paths ({@code class/file}) with their file
 * sizes. It is fast (no image is read) and changes when files are added, removed, renamed or change size, but not
 * when a file's bytes change in place with the same size.
 */
public final class ImageFolderDataset implements ImageDataset {

    private static final Set<String> EXTENSIONS = Set.of("jpg", "jpeg", "png", "bmp");
    /**
     * Whether JPEGs are decoded as libjpeg and PIL decode them ({@link JpegPlanes}: no ICC profile applied);
     * {@code -Dnsn.jpeg.libjpeg=false} sends every image through {@code ImageReader.read} (javax.imageio's colour
     * management), for comparison.
     */
    private static final boolean LIBJPEG_COLOURS = !"false".equals(System.getProperty("nsn.jpeg.libjpeg"));
    private static final String UNRECOGNISED =
            "undecodable: expected a JPEG, PNG or BMP image, found a file no javax.imageio reader recognises";

    private final Path root;
    private final String name;
    private final List<String> classes;
    private final Path[] files;
    private final int[] labels;
    private final int channels;
    private final int height;
    private final int width;
    private final boolean resize;
    private volatile String fingerprint;

    private ImageFolderDataset(Builder builder, List<String> classes, Path[] files, int[] labels) {
        this.root = builder.root;
        this.name = builder.name != null ? builder.name : defaultName(builder.root);
        this.classes = classes;
        this.files = files;
        this.labels = labels;
        this.channels = builder.channels;
        this.resize = builder.height > 0;
        if (resize) {
            this.height = builder.height;
            this.width = builder.width;
        } else {
            int[] size = readSize(files[0]);
            this.height = size[0];
            this.width = size[1];
        }
    }

    /** A builder; {@link Builder#setRoot} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The image file of sample {@code index}.
     *
     * @param index the sample
     * @return its path under the root
     */
    public Path file(int index) {
        return files[index];
    }

    @Override
    public String name() {
        return name;
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
        return height;
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public List<String> classes() {
        return classes;
    }

    @Override
    public int label(int index) {
        return labels[index];
    }

    /**
     * Decodes image {@code index} and writes it to {@code dst[offset ..]}.
     *
     * @throws DatasetFormatException naming the file if it cannot be decoded or (without an image size) has a
     *     different size from the first image
     */
    @Override
    public void readImage(int index, byte[] dst, int offset) {
        Path file = files[index];
        Objects.checkFromIndexSize(offset, imageBytes(), dst.length);
        Decoded image = decode(file, channels);
        int h = image.height();
        int w = image.width();
        if (!resize && (h != height || w != width)) {
            throw DatasetFormatException.expected(file, "an image of " + height + "x" + width + " like "
                    + files[0] + " (set an image size to resize)", h + "x" + w);
        }
        byte[] planes = image.planes();
        if (resize) {
            ImageResizer.resizeCenterCrop(planes, channels, h, w, height, width, dst, offset);
        } else {
            System.arraycopy(planes, 0, dst, offset, planes.length);
        }
    }

    /**
     * Decodes one image file the way {@link #readImage} does with an image size set: converted to
     * {@code channels} (gray replicated to RGB, RGB to ITU-R 601 luma), then resized to cover
     * {@code height × width} and centre-cropped, or copied unchanged when it already has that size.
     *
     * @param file a JPEG, PNG or BMP image
     * @param channels 1 or 3
     * @param height target height in pixels
     * @param width target width in pixels
     * @param dst destination of {@code channels × height × width} bytes in CHW order at {@code offset}
     * @param offset first byte of the image in {@code dst}
     * @throws DatasetFormatException naming the file if it cannot be decoded
     */
    public static void readFile(Path file, int channels, int height, int width, byte[] dst, int offset) {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
        }
        Objects.checkFromIndexSize(offset, channels * height * width, dst.length);
        Decoded image = decode(file, channels);
        int h = image.height();
        int w = image.width();
        byte[] planes = image.planes();
        if (h == height && w == width) {
            System.arraycopy(planes, 0, dst, offset, planes.length);
        } else {
            ImageResizer.resizeCenterCrop(planes, channels, h, w, height, width, dst, offset);
        }
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

    @Override
    public String toString() {
        return name + " (" + size() + " images from " + root + ", " + channels + "x" + height + "x" + width + ", "
                + numClasses() + " classes)";
    }

    /** {@code <parent>/<root>}, e.g. {@code cifar10/train}. */
    private static String defaultName(Path root) {
        Path absolute = root.toAbsolutePath().normalize();
        Path last = absolute.getFileName();
        Path parent = absolute.getParent() == null ? null : absolute.getParent().getFileName();
        if (last == null) {
            return absolute.toString();
        }
        return parent == null ? last.toString() : parent + "/" + last;
    }

    /** A decoded image: {@code channels} planes of {@code height × width} unsigned bytes. */
    private record Decoded(byte[] planes, int height, int width) {}

    /**
     * Decodes {@code file} with the first {@code javax.imageio} reader that recognises it into {@code channels}
     * planes ({@link #toPlanes}); JPEGs with one or three 8-bit components go through {@link JpegPlanes}. A JPEG
     * cut short inside its compressed data decodes without an exception (the missing rows come out gray) and only
     * warns; those truncation warnings fail here, so a truncated JPEG is as undecodable as a truncated PNG.
     */
    private static Decoded decode(Path file, int channels) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new DatasetFormatException(file, "undecodable: cannot read the file (" + e + ")", e);
        }
        try (ImageInputStream in = new BytesImageInputStream(bytes)) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new DatasetFormatException(file, UNRECOGNISED);
            }
            ImageReader reader = readers.next();
            try {
                List<String> truncation = new ArrayList<>(1);
                reader.addIIOReadWarningListener((source, warning) -> {
                    String lower = warning.toLowerCase(Locale.ROOT);
                    if (lower.contains("truncated") || lower.contains("premature end")) {
                        truncation.add(warning);
                    }
                });
                JpegPlanes.Samples samples = LIBJPEG_COLOURS && "jpeg".equalsIgnoreCase(reader.getFormatName())
                        ? JpegPlanes.samples(in) : null;
                Decoded decoded = null;
                if (samples != null) {
                    // the reader never sees an ICC profile it would build a colour transform for, unused here
                    byte[] stripped = JpegPlanes.withoutIccProfiles(bytes);
                    reader.setInput(stripped == bytes ? in : new BytesImageInputStream(stripped), true, true);
                    byte[] planes = JpegPlanes.read(reader, samples);
                    if (planes != null) {
                        int h = reader.getHeight(0);
                        int w = reader.getWidth(0);
                        decoded = new Decoded(toChannels(planes, samples == JpegPlanes.Samples.GRAY ? 1 : 3, channels,
                                h * w), h, w);
                    }
                }
                if (decoded == null) {
                    in.seek(0);
                    reader.setInput(in, true, true);
                    BufferedImage image = reader.read(0, reader.getDefaultReadParam());
                    decoded = new Decoded(toPlanes(image, channels), image.getHeight(), image.getWidth());
                }
                if (!truncation.isEmpty()) {
                    throw new DatasetFormatException(file, "truncated: " + String.join("; ", truncation));
                }
                return decoded;
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof DatasetFormatException format) {
                throw format;
            }
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            String detail = root == e || root.getMessage() == null ? "" : " (" + root.getMessage() + ")";
            throw new DatasetFormatException(file, "undecodable: " + e.getMessage() + detail, e);
        }
    }

    /** Height and width from the image header, without decoding the pixels. */
    private static int[] readSize(Path file) {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new DatasetFormatException(file, UNRECOGNISED);
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                return new int[] {reader.getHeight(0), reader.getWidth(0)};
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw new DatasetFormatException(file, "undecodable: " + e.getMessage(), e);
        }
    }

    /**
     * The image as {@code channels} planes of unsigned bytes, alpha dropped. Images with one sample per sRGB or gray
     * component (JPEG, most PNGs) are read from the raster as stored, scaled to 8 bits; Java's colour conversion
     * would be slower and would re-apply gamma to gray images. Other images (palettes, ICC profiles) go through
     * {@link BufferedImage#getRGB}. Gray becomes RGB by replication and RGB becomes gray by ITU-R 601 luma.
     */
    static byte[] toPlanes(BufferedImage image, int channels) {
        int h = image.getHeight();
        int w = image.getWidth();
        int plane = h * w;
        ColorModel model = image.getColorModel();
        ColorSpace space = model.getColorSpace();
        boolean direct = model instanceof ComponentColorModel
                && (space.isCS_sRGB() || space.getType() == ColorSpace.TYPE_GRAY);
        int sourceChannels = direct ? model.getNumColorComponents() : 3;
        byte[] source = new byte[sourceChannels * plane];
        int[] row = new int[w];
        boolean copied = direct && copyInterleavedBytes(image, sourceChannels, source);
        if (direct && !copied) {
            Raster raster = image.getRaster();
            for (int c = 0; c < sourceChannels; c++) {
                int max = (1 << model.getComponentSize(c)) - 1;
                for (int y = 0; y < h; y++) {
                    raster.getSamples(0, y, w, 1, c, row);
                    for (int x = 0; x < w; x++) {
                        source[c * plane + y * w + x] = (byte) (max == 255 ? row[x] : (row[x] * 255 + max / 2) / max);
                    }
                }
            }
        } else if (!direct) {
            for (int y = 0; y < h; y++) {
                image.getRGB(0, y, w, 1, row, 0, w);
                for (int x = 0; x < w; x++) {
                    int rgb = row[x];
                    source[y * w + x] = (byte) (rgb >> 16);
                    source[plane + y * w + x] = (byte) (rgb >> 8);
                    source[2 * plane + y * w + x] = (byte) rgb;
                }
            }
        }
        return toChannels(source, sourceChannels, channels, plane);
    }

    /**
     * Planes of {@code sourceChannels} (1 or 3) as {@code channels} planes: unchanged when they agree, gray
     * replicated to RGB, RGB reduced to ITU-R 601 luma.
     */
    static byte[] toChannels(byte[] source, int sourceChannels, int channels, int plane) {
        if (sourceChannels == channels) {
            return source;
        }
        byte[] out = new byte[channels * plane];
        if (channels == 3) {
            for (int c = 0; c < 3; c++) {
                System.arraycopy(source, 0, out, c * plane, plane);
            }
        } else {
            for (int i = 0; i < plane; i++) {
                int r = source[i] & 0xff;
                int g = source[plane + i] & 0xff;
                int b = source[2 * plane + i] & 0xff;
                out[i] = (byte) ((r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16);
            }
        }
        return out;
    }

    /**
     * Copies the samples of an image whose raster stores 8 bits per sample in one byte array, pixel-interleaved
     * (the layout javax.imageio decodes JPEGs into), into {@code channels} planes; the same bytes as
     * {@link Raster#getSamples} would give, without its per-sample calls. Returns false, copying nothing, for any
     * other layout.
     */
    private static boolean copyInterleavedBytes(BufferedImage image, int channels, byte[] dst) {
        Raster raster = image.getRaster();
        if (!(raster.getDataBuffer() instanceof DataBufferByte buffer) || buffer.getNumBanks() != 1
                || !(raster.getSampleModel() instanceof PixelInterleavedSampleModel model)
                || raster.getSampleModelTranslateX() != 0 || raster.getSampleModelTranslateY() != 0
                || model.getNumBands() < channels) {
            return false;
        }
        for (int c = 0; c < channels; c++) {
            if (model.getSampleSize(c) != 8 || image.getColorModel().getComponentSize(c) != 8) {
                return false;
            }
        }
        byte[] data = buffer.getData();
        int base = buffer.getOffset();
        int stride = model.getPixelStride();
        int scanline = model.getScanlineStride();
        int[] offsets = model.getBandOffsets();
        int h = image.getHeight();
        int w = image.getWidth();
        int plane = h * w;
        for (int c = 0; c < channels; c++) {
            int out = c * plane;
            for (int y = 0; y < h; y++) {
                int in = base + y * scanline + offsets[c];
                for (int x = 0; x < w; x++, in += stride) {
                    dst[out++] = data[in];
                }
            }
        }
        return true;
    }

    /**
     * Builds an {@link ImageFolderDataset}: {@link #setRoot} is required, the {@code opt} settings are optional.
     */
    public static final class Builder {

        private Path root;
        private Path classSubset;
        private int height;
        private int width;
        private int channels = 3;
        private String name;

        private Builder() {
        }

        /**
         * Sets the root directory, which holds one directory per class.
         *
         * @param root the root, e.g. {@code data/cifar10/train}
         * @return this builder
         */
        public Builder setRoot(Path root) {
            this.root = Objects.requireNonNull(root, "root");
            return this;
        }

        /**
         * Reads only the classes listed in {@code file}: one class directory name (e.g. an ImageNet wnid) a line;
         * blank lines and text after {@code #} are ignored. Labels follow the sorted order of the listed names.
         *
         * @param file the class-subset file, e.g. {@code imagenet100.txt}
         * @return this builder
         */
        public Builder optClassSubset(Path file) {
            this.classSubset = Objects.requireNonNull(file, "file");
            return this;
        }

        /**
         * Resizes every image to cover {@code height × width} and centre-crops it to that size. Without this, every
         * image must have the size of the first one.
         *
         * @param height target height in pixels
         * @param width target width in pixels
         * @return this builder
         */
        public Builder optImageSize(int height, int width) {
            if (height <= 0 || width <= 0) {
                throw new IllegalArgumentException("image size must be positive, got " + height + "x" + width);
            }
            this.height = height;
            this.width = width;
            return this;
        }

        /**
         * Sets the number of channels: 3 for RGB (the default) or 1 for grayscale.
         *
         * @param channels 1 or 3
         * @return this builder
         */
        public Builder optChannels(int channels) {
            if (channels != 1 && channels != 3) {
                throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
            }
            this.channels = channels;
            return this;
        }

        /**
         * Sets the dataset's name; the default is the root's parent and own directory name, e.g.
         * {@code cifar10/train}.
         *
         * @param name the name
         * @return this builder
         */
        public Builder optName(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * Lists the classes and image files.
         *
         * @return the dataset
         * @throws IllegalStateException if no root was set
         * @throws DatasetFormatException if the root, a listed class or a class's images are missing, or (without
         *     an image size) the first image cannot be read
         */
        public ImageFolderDataset build() {
            if (root == null) {
                throw new IllegalStateException("setRoot(...) is required");
            }
            if (!Files.isDirectory(root)) {
                throw new DatasetFormatException(root, "missing: expected an image-folder root with one directory "
                        + "per class");
            }
            List<String> classes = classSubset == null ? listClassDirectories() : readSubset();
            List<Path> files = new ArrayList<>();
            int[] classEnds = new int[classes.size()];
            for (int label = 0; label < classes.size(); label++) {
                Path classDir = root.resolve(classes.get(label));
                List<Path> images = listImages(classDir);
                if (images.isEmpty()) {
                    throw DatasetFormatException.expected(classDir, "image files (" + String.join(", ",
                            new TreeSet<>(EXTENSIONS)) + ")", "none");
                }
                files.addAll(images);
                classEnds[label] = files.size();
            }
            int[] labels = new int[files.size()];
            for (int label = 0, start = 0; label < classEnds.length; start = classEnds[label++]) {
                Arrays.fill(labels, start, classEnds[label], label);
            }
            return new ImageFolderDataset(this, List.copyOf(classes), files.toArray(Path[]::new), labels);
        }

        private List<String> listClassDirectories() {
            List<String> names = new ArrayList<>();
            try (Stream<Path> entries = Files.list(root)) {
                entries.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                        .filter(n -> !n.startsWith(".")).sorted().forEach(names::add);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + root, e);
            }
            if (names.isEmpty()) {
                throw DatasetFormatException.expected(root, "one directory per class", "no directories");
            }
            return names;
        }

        private List<String> readSubset() {
            if (!Files.isRegularFile(classSubset)) {
                throw new DatasetFormatException(classSubset, "missing: expected a class-subset file (one class "
                        + "directory name a line)");
            }
            TreeSet<String> names = new TreeSet<>();
            try {
                for (String line : Files.readAllLines(classSubset)) {
                    int comment = line.indexOf('#');
                    String entry = (comment >= 0 ? line.substring(0, comment) : line).strip();
                    if (!entry.isEmpty()) {
                        names.add(entry);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + classSubset, e);
            }
            if (names.isEmpty()) {
                throw DatasetFormatException.expected(classSubset, "at least one class name", "none");
            }
            for (String className : names) {
                if (!Files.isDirectory(root.resolve(className))) {
                    throw new DatasetFormatException(root.resolve(className), "class directory listed in subset "
                            + "file " + classSubset + " is missing");
                }
            }
            return new ArrayList<>(names);
        }

        private static List<Path> listImages(Path classDir) {
            try (Stream<Path> entries = Files.list(classDir)) {
                return entries.filter(p -> isImageName(p.getFileName().toString()) && Files.isRegularFile(p))
                        .sorted().toList();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + classDir, e);
            }
        }

        private static boolean isImageName(String fileName) {
            int dot = fileName.lastIndexOf('.');
            return !fileName.startsWith(".") && dot > 0
                    && EXTENSIONS.contains(fileName.substring(dot + 1).toLowerCase(Locale.ROOT));
        }
    }
}
