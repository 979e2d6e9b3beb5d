package nsn.data;

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

    /** A copy of an AWT image: grayscale types give one channel, everything else RGB (alpha dropped). */
    public static ByteImage of(BufferedImage img) {
        int h = img.getHeight();
        int w = img.getWidth();
        int plane = h * w;
        boolean gray = img.getType() == BufferedImage.TYPE_BYTE_GRAY;
        if (gray) {
            byte[] px = new byte[plane];
            img.getRaster().getDataElements(0, 0, w, h, px);
            return new ByteImage(1, h, w, px);
        }
        int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
        byte[] px = new byte[3 * plane];
        for (int i = 0; i < plane; i++) {
            int p = argb[i];
            px[i] = (byte) (p >> 16);
            px[plane + i] = (byte) (p >> 8);
            px[2 * plane + i] = (byte) p;
        }
        return new ByteImage(3, h, w, px);
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
