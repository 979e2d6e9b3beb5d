package nsn.data;

import java.awt.image.DataBufferByte;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes JPEGs the way libjpeg, and so PIL and torchvision, do: the samples as stored ({@link
 * ImageReader#readRaster}: luma and chroma, already upsampled by libjpeg) converted to RGB here with libjpeg's own
 * fixed-point YCbCr → RGB tables ({@code jdcolor.c}), the colour space chosen by libjpeg's rule
 * ({@code jdapimin.c}): one component is gray; three are YCbCr if the file has a JFIF marker, else as an Adobe
 * marker's transform says (0: RGB), else YCbCr unless the component ids are 'R', 'G', 'B'. An embedded ICC profile is
 * not applied, as PIL does not apply it either.
 *
 * <p>For a JFIF file without an ICC profile the bytes are exactly those {@link ImageReader#read} gives. With a
 * profile, {@code read} converts the colours through it (javax.imageio's colour management), which took about 9 ms
 * per 200-kilopixel ImageNet photo against 2 here, and gives slightly different pixels from PIL's. Files with another
 * sample precision or component count (CMYK) go through {@code read}.
 */
final class JpegPlanes {

    /** The colour space of the stored samples. */
    enum Samples { GRAY, YCC, RGB }

    private static final int SCALE_BITS = 16;
    private static final int ONE_HALF = 1 << (SCALE_BITS - 1);
    private static final int CR_R_FIX = fix(1.40200);
    private static final int CB_B_FIX = fix(1.77200);
    private static final int CR_G_FIX = fix(0.71414);
    private static final int CB_G_FIX = fix(0.34414);

    private JpegPlanes() {}

    /** libjpeg's YCbCr → RGB tables: R = Y + CR_R[Cr], B = Y + CB_B[Cb], G = Y + ((CB_G[Cb] + CR_G[Cr]) >> 16). */
    private static final int[] CR_R = new int[256];
    private static final int[] CB_B = new int[256];
    private static final int[] CB_G = new int[256];
    private static final int[] CR_G = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int x = i - 128;
            CR_R[i] = (CR_R_FIX * x + ONE_HALF) >> SCALE_BITS;
            CB_B[i] = (CB_B_FIX * x + ONE_HALF) >> SCALE_BITS;
            CB_G[i] = -CB_G_FIX * x;
            CR_G[i] = -CR_G_FIX * x + ONE_HALF;
        }
    }

    /** libjpeg's {@code FIX(x)}: x in 16.16 fixed point, rounded. */
    private static int fix(double x) {
        return (int) (x * (1L << SCALE_BITS) + 0.5);
    }

    /**
     * The colour space of a JPEG's samples by libjpeg's rule, from its markers up to the first scan; {@code in} is
     * left at its start. Null if it is not a JPEG this class reads (not 8-bit, not one or three components, or
     * malformed: then {@code read} decides).
     */
    static Samples samples(ImageInputStream in) throws IOException {
        try {
            in.seek(0);
            if (in.readUnsignedShort() != 0xFFD8) {
                return null;
            }
            boolean jfif = false;
            int adobeTransform = -1;
            int precision = -1;
            int[] ids = null;
            while (true) {
                if (in.read() != 0xFF) {
                    return null;
                }
                int marker = in.read();
                while (marker == 0xFF) {
                    marker = in.read();
                }
                if (marker < 0 || marker == 0xD9) {
                    return null;
                }
                if (marker == 0xDA) {
                    break;
                }
                if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                    continue;
                }
                int length = in.readUnsignedShort();
                if (length < 2) {
                    return null;
                }
                long next = in.getStreamPosition() + length - 2;
                if (marker == 0xE0 && length >= 7) {
                    jfif |= startsWith(in, "JFIF\0", 5);
                } else if (marker == 0xEE && length >= 14) {
                    byte[] adobe = new byte[12];
                    in.readFully(adobe);
                    if (new String(adobe, 0, 5, StandardCharsets.ISO_8859_1).equals("Adobe")) {
                        adobeTransform = adobe[11] & 0xff;
                    }
                } else if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
                    precision = in.read();
                    in.readUnsignedShort();
                    in.readUnsignedShort();
                    int count = in.read();
                    if (count < 0) {
                        return null;
                    }
                    ids = new int[count];
                    for (int i = 0; i < count; i++) {
                        ids[i] = in.read();
                        in.readUnsignedShort();
                    }
                }
                in.seek(next);
            }
            if (precision != 8 || ids == null) {
                return null;
            }
            if (ids.length == 1) {
                return Samples.GRAY;
            }
            if (ids.length != 3) {
                return null;
            }
            if (jfif) {
                return Samples.YCC;
            }
            if (adobeTransform >= 0) {
                return adobeTransform == 0 ? Samples.RGB : Samples.YCC;
            }
            return ids[0] == 'R' && ids[1] == 'G' && ids[2] == 'B' ? Samples.RGB : Samples.YCC;
        } catch (EOFException e) {
            return null;
        } finally {
            in.seek(0);
        }
    }

    /**
     * {@code jpeg} without its ICC profile segments (APP2 markers whose payload starts {@code "ICC_PROFILE\0"}), or
     * {@code jpeg} itself when it has none or its markers cannot be followed up to the first scan. {@link #read}
     * applies no profile, but {@code javax.imageio}'s JPEG reader builds a colour transform for any profile it finds
     * while reading the header (a LittleCMS set-up of several milliseconds per file); without the segments it does
     * not. The samples, and so {@link #read}'s planes, are the same.
     */
    static byte[] withoutIccProfiles(byte[] jpeg) {
        if (jpeg.length < 4 || (jpeg[0] & 0xff) != 0xFF || (jpeg[1] & 0xff) != 0xD8) {
            return jpeg;
        }
        byte[] out = null; // made at the first profile segment
        int kept = 0; // jpeg[kept ..] is not yet in out
        int written = 0; // bytes of out filled
        int i = 2;
        while (i + 4 <= jpeg.length) {
            if ((jpeg[i] & 0xff) != 0xFF) {
                return jpeg;
            }
            int marker = jpeg[i + 1] & 0xff;
            if (marker == 0xFF) {
                i++; // fill byte
                continue;
            }
            if (marker == 0xDA || marker == 0xD9) {
                break;
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                i += 2;
                continue;
            }
            int length = ((jpeg[i + 2] & 0xff) << 8) | (jpeg[i + 3] & 0xff);
            int end = i + 2 + length;
            if (length < 2 || end > jpeg.length) {
                return jpeg;
            }
            if (marker == 0xE2 && length >= 2 + 12 && new String(jpeg, i + 4, 12, StandardCharsets.ISO_8859_1)
                    .equals("ICC_PROFILE\0")) {
                if (out == null) {
                    out = new byte[jpeg.length];
                }
                System.arraycopy(jpeg, kept, out, written, i - kept);
                written += i - kept;
                kept = end;
            }
            i = end;
        }
        if (out == null) {
            return jpeg;
        }
        System.arraycopy(jpeg, kept, out, written, jpeg.length - kept);
        written += jpeg.length - kept;
        return Arrays.copyOf(out, written);
    }

    private static boolean startsWith(ImageInputStream in, String prefix, int length) throws IOException {
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.ISO_8859_1).equals(prefix);
    }

    /**
     * Image 0 of {@code reader}, whose samples are {@code samples}, as planes of unsigned bytes: one (gray) or three
     * (RGB); {@link ImageFolderDataset#toChannels} makes them the channels a dataset asks for.
     *
     * @return the planes, or null if the raster is not 8-bit pixel-interleaved bytes with as many bands as the
     *     samples have components (then use {@code read})
     */
    static byte[] read(ImageReader reader, Samples samples) throws IOException {
        Raster raster = reader.readRaster(0, null);
        if (!(raster.getDataBuffer() instanceof DataBufferByte buffer) || buffer.getNumBanks() != 1
                || !(raster.getSampleModel() instanceof PixelInterleavedSampleModel model)
                || model.getNumBands() != (samples == Samples.GRAY ? 1 : 3)) {
            return null;
        }
        byte[] data = buffer.getData();
        int h = raster.getHeight();
        int w = raster.getWidth();
        int plane = h * w;
        int base = buffer.getOffset() - raster.getSampleModelTranslateY() * model.getScanlineStride()
                - raster.getSampleModelTranslateX() * model.getPixelStride();
        int stride = model.getPixelStride();
        int scanline = model.getScanlineStride();
        int[] offsets = model.getBandOffsets();
        if (samples == Samples.GRAY) {
            byte[] out = new byte[plane];
            for (int y = 0, o = 0; y < h; y++) {
                for (int x = 0, in = base + y * scanline + offsets[0]; x < w; x++, in += stride) {
                    out[o++] = data[in];
                }
            }
            return out;
        }
        // One pass over the pixels, libjpeg's way: a table per chroma term (jdcolor.c's Cr_r_tab, Cb_b_tab, Cb_g_tab,
        // Cr_g_tab), each channel written to its plane (0.57 against 0.91 ms per ImageNet photo for the former
        // split-then-convert rows)
        byte[] out = new byte[3 * plane];
        int o0 = offsets[0];
        int o1 = offsets[1];
        int o2 = offsets[2];
        int green = plane;
        int blue = 2 * plane;
        for (int y = 0; y < h; y++) {
            int o = y * w;
            int p = base + y * scanline;
            if (samples == Samples.YCC) {
                for (int x = 0; x < w; x++, p += stride) {
                    int l = data[p + o0] & 0xff;
                    int cb = data[p + o1] & 0xff;
                    int cr = data[p + o2] & 0xff;
                    out[o + x] = (byte) Math.min(Math.max(l + CR_R[cr], 0), 255);
                    out[green + o + x] = (byte) Math.min(Math.max(l + ((CB_G[cb] + CR_G[cr]) >> SCALE_BITS), 0), 255);
                    out[blue + o + x] = (byte) Math.min(Math.max(l + CB_B[cb], 0), 255);
                }
            } else {
                for (int x = 0; x < w; x++, p += stride) {
                    out[o + x] = data[p + o0];
                    out[green + o + x] = data[p + o1];
                    out[blue + o + x] = data[p + o2];
                }
            }
        }
        return out;
    }
}
