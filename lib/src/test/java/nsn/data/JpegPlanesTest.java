package nsn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import nsn.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * JPEGs decoded through {@link JpegPlanes} (libjpeg's colour conversion, no ICC profile) give exactly the bytes of
 * {@code ImageIO.read} wherever that applies no colour management, and the colour space is read from the markers as
 * libjpeg reads it.
 */
class JpegPlanesTest {

    /** {@code ImageIO.read} and {@link ImageFolderDataset#toPlanes}: what nsn decoded every image with before. */
    private static byte[] viaRead(Path file, int channels) throws IOException {
        return ImageFolderDataset.toPlanes(ImageIO.read(file.toFile()), channels);
    }

    private static byte[] viaDataset(Path file, int channels) throws IOException {
        BufferedImage header = ImageIO.read(file.toFile());
        byte[] dst = new byte[channels * header.getHeight() * header.getWidth()];
        ImageFolderDataset.readFile(file, channels, header.getHeight(), header.getWidth(), dst, 0);
        return dst;
    }

    @Test
    void imagenetPhotosWithoutColourManagementDecodeToTheSameBytes() throws IOException {
        Path dir = TestData.imagenetSamplesDir();
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.sorted().toList();
        }
        int compared = 0;
        for (Path file : files) {
            if (new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains("ICC_PROFILE")) {
                continue; // an ICC profile, which javax.imageio applies and libjpeg (PIL) does not
            }
            for (int channels : new int[] {3, 1}) {
                assertArrayEquals(viaRead(file, channels), viaDataset(file, channels), file + ", C " + channels);
            }
            compared++;
        }
        assertTrue(compared >= 60, "most samples carry no ICC profile: " + compared);
    }

    @Test
    void cifarJpegsDecodeToTheSameBytes() throws IOException {
        Path dir = TestData.cifar10TrainDir();
        try (Stream<Path> classes = Files.list(dir)) {
            for (Path c : classes.sorted().toList()) {
                try (Stream<Path> s = Files.list(c)) {
                    for (Path file : s.sorted().limit(20).toList()) {
                        assertArrayEquals(viaRead(file, 3), viaDataset(file, 3), file.toString());
                    }
                }
            }
        }
    }

    @Test
    void writtenColourAndGrayJpegsDecodeToTheSameBytes(@TempDir Path tmp) throws IOException {
        SplittableRandom rng = new SplittableRandom(3);
        for (int type : new int[] {BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_BYTE_GRAY}) {
            BufferedImage image = new BufferedImage(37, 23, type);
            for (int y = 0; y < 23; y++) {
                for (int x = 0; x < 37; x++) {
                    image.setRGB(x, y, rng.nextInt(1 << 24));
                }
            }
            Path file = tmp.resolve("t" + type + ".jpg");
            assertTrue(ImageIO.write(image, "jpeg", file.toFile()));
            try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
                assertEquals(type == BufferedImage.TYPE_BYTE_GRAY ? JpegPlanes.Samples.GRAY : JpegPlanes.Samples.YCC,
                        JpegPlanes.samples(in));
                assertEquals(0, in.getStreamPosition(), "the stream is left at its start");
            }
            for (int channels : new int[] {3, 1}) {
                assertArrayEquals(viaRead(file, channels), viaDataset(file, channels), "type " + type);
            }
        }
    }

    /** {@code jpeg} with {@code segments} inserted right after its start-of-image marker. */
    private static byte[] afterSoi(byte[] jpeg, byte[] segments) {
        byte[] out = new byte[jpeg.length + segments.length];
        System.arraycopy(jpeg, 0, out, 0, 2);
        System.arraycopy(segments, 0, out, 2, segments.length);
        System.arraycopy(jpeg, 2, out, 2 + segments.length, jpeg.length - 2);
        return out;
    }

    /** An APP2 ICC_PROFILE segment carrying chunk {@code seq} of {@code count} of {@code profile}. */
    private static void iccSegment(ByteArrayOutputStream out, int seq, int count, byte[] profile) {
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        payload.writeBytes("ICC_PROFILE\0".getBytes(StandardCharsets.ISO_8859_1));
        payload.write(seq);
        payload.write(count);
        payload.writeBytes(profile);
        segment(out, 0xE2, payload.toByteArray());
    }

    @Test
    void iccProfileSegmentsAreDroppedAndNothingElse(@TempDir Path tmp) throws IOException {
        BufferedImage image = new BufferedImage(40, 30, BufferedImage.TYPE_3BYTE_BGR);
        SplittableRandom rng = new SplittableRandom(5);
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 40; x++) {
                image.setRGB(x, y, rng.nextInt(1 << 24));
            }
        }
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(image, "jpeg", written));
        byte[] plain = written.toByteArray();
        assertSame(plain, JpegPlanes.withoutIccProfiles(plain), "nothing to drop");

        byte[] profile = ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData();
        int half = profile.length / 2;
        ByteArrayOutputStream other = new ByteArrayOutputStream();
        segment(other, 0xE2, "FPXR\0other".getBytes(StandardCharsets.ISO_8859_1)); // APP2, not a profile: kept
        ByteArrayOutputStream icc = new ByteArrayOutputStream();
        iccSegment(icc, 1, 2, java.util.Arrays.copyOfRange(profile, 0, half));
        icc.writeBytes(other.toByteArray());
        iccSegment(icc, 2, 2, java.util.Arrays.copyOfRange(profile, half, profile.length));
        byte[] withProfile = afterSoi(plain, icc.toByteArray());
        assertArrayEquals(afterSoi(plain, other.toByteArray()), JpegPlanes.withoutIccProfiles(withProfile));

        byte[] cut = java.util.Arrays.copyOf(withProfile, 30); // a segment longer than the file: left to ImageIO
        assertSame(cut, JpegPlanes.withoutIccProfiles(cut));

        // the dataset decodes the file with the profile to the same planes as the file without: no profile applied
        Path a = tmp.resolve("plain.jpg");
        Path b = tmp.resolve("profile.jpg");
        Files.write(a, plain);
        Files.write(b, withProfile);
        for (int channels : new int[] {3, 1}) {
            assertArrayEquals(viaDataset(a, channels), viaDataset(b, channels), "C " + channels);
        }
    }

    /** A marker segment: FF, marker, big-endian length, payload. */
    private static void segment(ByteArrayOutputStream out, int marker, byte... payload) {
        out.write(0xFF);
        out.write(marker);
        out.write((payload.length + 2) >> 8);
        out.write(payload.length + 2);
        out.writeBytes(payload);
    }

    private static byte[] frame(int precision, int... ids) {
        byte[] sof = new byte[6 + 3 * ids.length];
        sof[0] = (byte) precision;
        sof[2] = 8;
        sof[4] = 8;
        sof[5] = (byte) ids.length;
        for (int i = 0; i < ids.length; i++) {
            sof[6 + 3 * i] = (byte) ids[i];
            sof[7 + 3 * i] = 0x11;
        }
        return sof;
    }

    private static JpegPlanes.Samples samples(boolean jfif, int adobeTransform, int marker, byte[] sof)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0xFF);
        out.write(0xD8);
        if (jfif) {
            segment(out, 0xE0, (byte) 'J', (byte) 'F', (byte) 'I', (byte) 'F', (byte) 0, (byte) 1, (byte) 1);
        }
        segment(out, 0xE2, "ICC_PROFILE".getBytes(StandardCharsets.US_ASCII));
        if (adobeTransform >= 0) {
            segment(out, 0xEE, (byte) 'A', (byte) 'd', (byte) 'o', (byte) 'b', (byte) 'e', (byte) 0, (byte) 100,
                    (byte) 0, (byte) 0, (byte) 0, (byte) 0, (byte) adobeTransform);
        }
        if (sof != null) {
            segment(out, marker, sof);
        }
        segment(out, 0xDA, (byte) 0);
        try (ImageInputStream in = new MemoryCacheImageInputStream(
                new java.io.ByteArrayInputStream(out.toByteArray()))) {
            JpegPlanes.Samples s = JpegPlanes.samples(in);
            assertEquals(0, in.getStreamPosition());
            return s;
        }
    }

    @Test
    void theColourSpaceFollowsLibjpegsRule() throws IOException {
        assertEquals(JpegPlanes.Samples.YCC, samples(true, -1, 0xC0, frame(8, 1, 2, 3)));
        assertEquals(JpegPlanes.Samples.YCC, samples(true, 0, 0xC2, frame(8, 'R', 'G', 'B')), "JFIF wins");
        assertEquals(JpegPlanes.Samples.RGB, samples(false, 0, 0xC0, frame(8, 1, 2, 3)), "Adobe transform 0");
        assertEquals(JpegPlanes.Samples.YCC, samples(false, 1, 0xC0, frame(8, 'R', 'G', 'B')), "Adobe transform 1");
        assertEquals(JpegPlanes.Samples.RGB, samples(false, -1, 0xC1, frame(8, 'R', 'G', 'B')), "ids R, G, B");
        assertEquals(JpegPlanes.Samples.YCC, samples(false, -1, 0xC0, frame(8, 1, 2, 3)), "ids 1, 2, 3");
        assertEquals(JpegPlanes.Samples.GRAY, samples(false, -1, 0xC0, frame(8, 1)));
        assertNull(samples(true, -1, 0xC0, frame(8, 1, 2, 3, 4)), "CMYK goes to ImageIO.read");
        assertNull(samples(true, -1, 0xC0, frame(12, 1, 2, 3)), "12-bit goes to ImageIO.read");
        assertNull(samples(true, -1, 0xC0, null), "no frame header");
        try (ImageInputStream in = new MemoryCacheImageInputStream(new java.io.ByteArrayInputStream(
                new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3}))) {
            assertNull(JpegPlanes.samples(in), "not a JPEG");
        }
        try (ImageInputStream in = new MemoryCacheImageInputStream(new java.io.ByteArrayInputStream(
                new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 40, 'J'}))) {
            assertNull(JpegPlanes.samples(in), "cut short in a marker");
        }
    }
}
