package nsn.data;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.util.Objects;

/**
 * An image as unsigned bytes in CHW order (channel-major, then rows, then columns), the layout every
 * {@link ImageDataset} reads. One channel is grayscale, three are RGB. Immutable by convention: methods return
 * new images and never change {@link #pixels()}.
 *
 * @param channels 1 or 3
 * @param height rows
 * @param width columns
 * @param pixels {@code channels × height × width} bytes
 */
public record ByteImage(int channels, int height, int width, byte[] pixels) {

    /** Validates the shape. */
    public ByteImage {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
        }
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("image size must be positive, got " + height + "x" + width);
        }
        Objects.requireNonNull(pixels, "pixels");
        if (pixels.length != channels * height * width) {
            throw new IllegalArgumentException("expected " + channels * height * width + " bytes for " + channels
                    + "x" + height + "x" + width + ", got " + pixels.length);
        }
    }

    /** Image {@code index} of a dataset. */
    public static ByteImage of(ImageDataset data, int index) {
        byte[] px = new byte[data.imageBytes()];
        data.readImage(index, px, 0);
        return new ByteImage(data.channels(), data.height(), data.width(), px);
    }

    /**
     * A copy of an AWT image: grayscale colour spaces give one channel, everything else RGB (alpha dropped); the
     * same conversion {@link ImageFolderDataset} reads with.
     */
    public static ByteImage of(BufferedImage img) {
        int channels = img.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY ? 1 : 3;
        return new ByteImage(channels, img.getHeight(), img.getWidth(), ImageFolderDataset.toPlanes(img, channels));
    }

    /** An AWT image: {@code TYPE_BYTE_GRAY} for one channel, {@code TYPE_INT_RGB} for three. */
    public BufferedImage toBufferedImage() {
        int plane = height * width;
        if (channels == 1) {
            BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
            img.getRaster().setDataElements(0, 0, width, height, pixels.clone());
            return img;
        }
        int[] rgb = new int[plane];
        for (int i = 0; i < plane; i++) {
            rgb[i] = (pixels[i] & 0xFF) << 16 | (pixels[plane + i] & 0xFF) << 8 | (pixels[2 * plane + i] & 0xFF);
        }
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, width, height, rgb, 0, width);
        return img;
    }

    /** Unsigned value of channel {@code c} at row {@code y}, column {@code x}. */
    public int get(int c, int y, int x) {
        return pixels[(c * height + y) * width + x] & 0xFF;
    }

    /** The {@code h × w} region whose top-left corner is {@code (y, x)}; it must lie inside the image. */
    public ByteImage crop(int y, int x, int h, int w) {
        if (y < 0 || x < 0 || h < 1 || w < 1 || y + h > height || x + w > width) {
            throw new IllegalArgumentException("crop " + h + "x" + w + " at (" + y + ", " + x + ") is outside the "
                    + height + "x" + width + " image");
        }
        byte[] out = new byte[channels * h * w];
        for (int c = 0; c < channels; c++) {
            for (int r = 0; r < h; r++) {
                System.arraycopy(pixels, (c * height + y + r) * width + x, out, (c * h + r) * w, w);
            }
        }
        return new ByteImage(channels, h, w, out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ByteImage b && b.channels == channels && b.height == height && b.width == width
                && java.util.Arrays.equals(b.pixels, pixels);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(pixels) * 31 + height * 7 + width;
    }

    @Override
    public String toString() {
        return "ByteImage[" + channels + "x" + height + "x" + width + "]";
    }
}
