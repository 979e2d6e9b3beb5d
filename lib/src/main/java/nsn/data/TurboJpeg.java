package nsn.data;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import java.nio.file.Path;
import java.util.Locale;

/**
 * JPEG decoding with libjpeg-turbo's TurboJPEG API (the system's {@code libturbojpeg.so.0}, Debian package
 * {@code libturbojpeg0}), called through JNA: the decoder PIL uses, about twice as fast here as {@code javax.imageio}'s
 * (docs/BENCHMARKS.md, "Input pipeline"). {@link ImageFolderDataset} uses it for baseline and progressive JPEGs in
 * YCbCr or grayscale without an embedded ICC profile, and {@code javax.imageio} for everything else, so colour
 * management stays as it was; {@code TurboJpegTest} checks that both decoders give the same bytes on real photos.
 *
 * <p>{@link #get()} is null when the library is missing, cannot be loaded, or {@code -Dnsn.jpeg.turbo=false};
 * {@link #status()} says which.
 */
final class TurboJpeg {

    /** TurboJPEG's {@code TJPF_RGB}: three interleaved bytes per pixel. */
    private static final int TJPF_RGB = 0;
    /** TurboJPEG's {@code TJPF_GRAY}: one byte per pixel. */
    private static final int TJPF_GRAY = 6;
    /** TurboJPEG's {@code TJCS_YCbCr}. */
    private static final int TJCS_YCBCR = 1;
    /** TurboJPEG's {@code TJCS_GRAY}. */
    private static final int TJCS_GRAY = 2;
    /** TurboJPEG's {@code TJFLAG_ACCURATEDCT}: the accurate integer IDCT, as IJG libjpeg and javax.imageio use. */
    private static final int TJFLAG_ACCURATEDCT = 4096;
    /** TurboJPEG's {@code TJERR_WARNING}: the image decoded, with a warning. */
    private static final int TJERR_WARNING = 0;

    private interface Api extends Library {
        Pointer tjInitDecompress();

        int tjDecompressHeader3(Pointer handle, byte[] jpeg, NativeLong size, IntByReference width,
                IntByReference height, IntByReference subsampling, IntByReference colorspace);

        int tjDecompress2(Pointer handle, byte[] jpeg, NativeLong size, byte[] dst, int width, int pitch, int height,
                int pixelFormat, int flags);

        String tjGetErrorStr2(Pointer handle);

        int tjGetErrorCode(Pointer handle);
    }

    /** A decoded image: interleaved bytes (1 or 3 per pixel) and its size. */
    record Image(byte[] pixels, int channels, int height, int width) {}

    private static final TurboJpeg INSTANCE;
    private static final String STATUS;

    static {
        TurboJpeg instance = null;
        String status;
        if (!Boolean.parseBoolean(System.getProperty("nsn.jpeg.turbo", "true"))) {
            status = "off (-Dnsn.jpeg.turbo=false)";
        } else {
            try {
                instance = new TurboJpeg(Native.load("turbojpeg", Api.class));
                status = "libjpeg-turbo (libturbojpeg)";
            } catch (LinkageError | RuntimeException e) {
                status = "off (libturbojpeg not loaded: " + e.getMessage() + "; install libturbojpeg0)";
            }
        }
        INSTANCE = instance;
        STATUS = status;
    }

    private final Api api;
    private final ThreadLocal<Pointer> handles;

    private TurboJpeg(Api api) {
        this.api = api;
        // one decompressor per thread (a TurboJPEG handle is not thread-safe), kept for the thread's life
        this.handles = ThreadLocal.withInitial(api::tjInitDecompress);
    }

    /** The decoder, or null when it is not available (see {@link #status()}). */
    static TurboJpeg get() {
        return INSTANCE;
    }

    /** Which JPEG decoder {@link ImageFolderDataset} uses, and why not libjpeg-turbo when it does not. */
    static String status() {
        return STATUS;
    }

    /**
     * Decodes {@code jpeg}, or returns null when it is not a JPEG this path handles (not a JPEG, an ICC profile,
     * CMYK / YCCK / RGB colour): the caller then decodes it with javax.imageio.
     *
     * @param file named in errors
     * @throws DatasetFormatException when the data is a JPEG that is truncated or cannot be decoded
     */
    Image decode(byte[] jpeg, Path file) {
        if (!isPlainJpeg(jpeg)) {
            return null;
        }
        Pointer handle = handles.get();
        NativeLong size = new NativeLong(jpeg.length);
        IntByReference w = new IntByReference();
        IntByReference h = new IntByReference();
        IntByReference subsampling = new IntByReference();
        IntByReference colorspace = new IntByReference();
        if (api.tjDecompressHeader3(handle, jpeg, size, w, h, subsampling, colorspace) != 0) {
            throw new DatasetFormatException(file, "undecodable: " + api.tjGetErrorStr2(handle));
        }
        int cs = colorspace.getValue();
        if (cs != TJCS_YCBCR && cs != TJCS_GRAY) {
            return null;
        }
        int channels = cs == TJCS_GRAY ? 1 : 3;
        int width = w.getValue();
        int height = h.getValue();
        byte[] pixels = new byte[channels * width * height];
        int rc = api.tjDecompress2(handle, jpeg, size, pixels, width, 0, height,
                channels == 1 ? TJPF_GRAY : TJPF_RGB, TJFLAG_ACCURATEDCT);
        if (rc != 0) {
            String message = api.tjGetErrorStr2(handle);
            String lower = message.toLowerCase(Locale.ROOT);
            if (lower.contains("premature end") || lower.contains("truncated")) {
                throw new DatasetFormatException(file, "truncated: " + message);
            }
            if (api.tjGetErrorCode(handle) != TJERR_WARNING) {
                throw new DatasetFormatException(file, "undecodable: " + message);
            }
            // other warnings (e.g. extraneous bytes before a marker) leave a decoded image, as in javax.imageio
        }
        return new Image(pixels, channels, height, width);
    }

    /**
     * Whether {@code data} starts with a JPEG's SOI marker and has no APP2 {@code ICC_PROFILE} segment and no Adobe
     * APP14 segment (CMYK / YCCK or transformed colour) before its first frame or scan header.
     */
    static boolean isPlainJpeg(byte[] data) {
        if (data.length < 4 || (data[0] & 0xff) != 0xff || (data[1] & 0xff) != 0xd8) {
            return false;
        }
        int i = 2;
        while (i + 4 <= data.length) {
            if ((data[i] & 0xff) != 0xff) {
                return false; // not a marker where one must be: let javax.imageio report it
            }
            int marker = data[i + 1] & 0xff;
            if (marker == 0xff) {
                i++; // fill byte
                continue;
            }
            if (marker == 0xda || (marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8
                    && marker != 0xcc)) {
                return true; // a frame or scan header: every APPn segment came before it
            }
            int length = ((data[i + 2] & 0xff) << 8) | (data[i + 3] & 0xff);
            if (length < 2) {
                return false;
            }
            if (marker == 0xe2 && startsWith(data, i + 4, "ICC_PROFILE")) {
                return false;
            }
            if (marker == 0xee && startsWith(data, i + 4, "Adobe")) {
                return false;
            }
            i += 2 + length;
        }
        return false;
    }

    private static boolean startsWith(byte[] data, int offset, String ascii) {
        if (offset + ascii.length() > data.length) {
            return false;
        }
        for (int k = 0; k < ascii.length(); k++) {
            if (data[offset + k] != (byte) ascii.charAt(k)) {
                return false;
            }
        }
        return true;
    }
}
