package nsn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * libjpeg-turbo against javax.imageio: the same bytes on real photos (CIFAR-10's JPEGs and the ImageNet samples when
 * they are laid out, else JPEGs written here), truncated and corrupt files named as before, and the JPEGs it leaves to
 * javax.imageio (ICC profile, Adobe colour transform, not a JPEG).
 */
class TurboJpegTest {

    @TempDir
    Path tmp;

    /** Real JPEGs when the data is laid out (CIFAR-10 32x32, ImageNet samples at full size), else written ones. */
    private List<Path> photos() throws IOException {
        List<Path> out = new ArrayList<>();
        Optional<Path> cifar = RealData.cifar10Jpeg();
        if (cifar.isPresent()) {
            try (Stream<Path> s = Files.walk(cifar.get().resolve("test"))) {
                // every 100th test image: 100 photos over all ten classes
                List<Path> all = s.filter(p -> p.toString().endsWith(".jpg")).sorted().toList();
                for (int i = 0; i < all.size(); i += 100) {
                    out.add(all.get(i));
                }
            }
        }
        Path samples = cifar.map(c -> c.resolveSibling("imagenet100-samples")).orElse(Path.of("none"));
        if (Files.isDirectory(samples)) {
            try (Stream<Path> s = Files.list(samples)) {
                s.filter(p -> p.toString().endsWith(".JPEG")).sorted().limit(20).forEach(out::add);
            }
        }
        if (out.isEmpty()) {
            Random r = new Random(3);
            for (int i = 0; i < 6; i++) {
                out.add(write(noise(37 + 40 * i, 29 + 30 * i, i % 3 == 0 ? BufferedImage.TYPE_BYTE_GRAY
                        : BufferedImage.TYPE_3BYTE_BGR, r), "w" + i + ".jpg"));
            }
        }
        return out;
    }

    private static BufferedImage noise(int w, int h, int type, Random r) {
        BufferedImage image = new BufferedImage(w, h, type);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                image.setRGB(x, y, ((x * 7 + r.nextInt(40)) & 0xff) << 16 | ((y * 5 + r.nextInt(40)) & 0xff) << 8
                        | (r.nextInt(256)));
            }
        }
        return image;
    }

    private Path write(BufferedImage image, String name) throws IOException {
        Path p = tmp.resolve(name);
        assertTrue(ImageIO.write(image, "jpeg", p.toFile()));
        return p;
    }

    @Test
    void decodesTheSameBytesAsImageIo() throws IOException {
        TurboJpeg turbo = TurboJpeg.get();
        assumeTrue(turbo != null, "libjpeg-turbo not installed: " + TurboJpeg.status());
        List<Path> photos = photos();
        int turboDecoded = 0;
        for (Path p : photos) {
            byte[] bytes = Files.readAllBytes(p);
            TurboJpeg.Image image = turbo.decode(bytes, p);
            if (image == null) {
                continue; // left to javax.imageio (ICC profile or other colour): nothing to compare
            }
            turboDecoded++;
            for (int channels : new int[] {3, 1}) {
                byte[] expected = ImageFolderDataset.imageIoPlanes(p, channels);
                byte[] actual = ImageFolderDataset.interleavedToPlanes(image.pixels(), image.channels(), channels);
                assertEquals(expected.length, actual.length, p.toString());
                assertArrayEquals(expected, actual, p + " at " + channels + " channel(s): first difference at "
                        + firstDifference(expected, actual));
            }
        }
        assertTrue(turboDecoded >= Math.min(photos.size(), 6), turboDecoded + " of " + photos.size());
    }

    private static String firstDifference(byte[] a, byte[] b) {
        int max = 0;
        int first = -1;
        for (int i = 0; i < a.length; i++) {
            int d = Math.abs((a[i] & 0xff) - (b[i] & 0xff));
            if (d > 0 && first < 0) {
                first = i;
            }
            max = Math.max(max, d);
        }
        return first + " (largest difference " + max + ")";
    }

    @Test
    void datasetReadsTheSameWithEitherDecoder() throws IOException {
        assumeTrue(TurboJpeg.get() != null, TurboJpeg.status());
        Path photo = photos().get(0);
        byte[] viaDataset = new byte[3 * 24 * 24];
        ImageFolderDataset.readFile(photo, 3, 24, 24, viaDataset, 0);
        byte[] planes = ImageFolderDataset.imageIoPlanes(photo, 3);
        BufferedImage image = ImageIO.read(photo.toFile());
        byte[] expected = new byte[3 * 24 * 24];
        ImageResizer.resizeCenterCrop(planes, 3, image.getHeight(), image.getWidth(), 24, 24, expected, 0);
        assertArrayEquals(expected, viaDataset);
    }

    @Test
    void truncatedAndCorruptJpegsAreNamed() throws IOException {
        TurboJpeg turbo = TurboJpeg.get();
        assumeTrue(turbo != null, TurboJpeg.status());
        Path big = write(noise(96, 80, BufferedImage.TYPE_3BYTE_BGR, new Random(1)), "big.jpg");
        byte[] bytes = Files.readAllBytes(big);
        byte[] cut = Arrays.copyOf(bytes, bytes.length * 3 / 4);
        DatasetFormatException truncated = assertThrows(DatasetFormatException.class, () -> turbo.decode(cut, big));
        assertTrue(truncated.getMessage().contains("truncated") && truncated.getMessage().contains("big.jpg"),
                truncated.getMessage());
        byte[] header = Arrays.copyOf(bytes, 40); // SOI and the start of APP0, then nothing
        header[39] = 0;
        Path broken = tmp.resolve("broken.jpg");
        Files.write(broken, header);
        assertThrows(DatasetFormatException.class, () -> ImageFolderDataset.readFile(broken, 3, 8, 8,
                new byte[3 * 64], 0));
    }

    @Test
    void leavesIccProfilesAdobeColourAndOtherFormatsToImageIo() throws IOException {
        byte[] jpeg = Files.readAllBytes(write(noise(16, 16, BufferedImage.TYPE_3BYTE_BGR, new Random(2)), "a.jpg"));
        assertTrue(TurboJpeg.isPlainJpeg(jpeg));
        assertFalse(TurboJpeg.isPlainJpeg(withSegment(jpeg, 0xe2, "ICC_PROFILE\0")));
        assertFalse(TurboJpeg.isPlainJpeg(withSegment(jpeg, 0xee, "Adobe")));
        assertTrue(TurboJpeg.isPlainJpeg(withSegment(jpeg, 0xe1, "Exif\0\0")));
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(noise(8, 8, BufferedImage.TYPE_3BYTE_BGR, new Random(4)), "png", png);
        assertFalse(TurboJpeg.isPlainJpeg(png.toByteArray()));
        assertFalse(TurboJpeg.isPlainJpeg(new byte[] {(byte) 0xff, (byte) 0xd8}));
        if (TurboJpeg.get() != null) {
            assertNull(TurboJpeg.get().decode(png.toByteArray(), tmp.resolve("x.png")));
            assertNotNull(TurboJpeg.get().decode(jpeg, tmp.resolve("a.jpg")));
        }
    }

    /** {@code jpeg} with an APPn segment holding {@code text} inserted right after SOI. */
    private static byte[] withSegment(byte[] jpeg, int marker, String text) {
        byte[] payload = text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        int length = payload.length + 2;
        byte[] out = new byte[jpeg.length + 2 + length];
        out[0] = jpeg[0];
        out[1] = jpeg[1];
        out[2] = (byte) 0xff;
        out[3] = (byte) marker;
        out[4] = (byte) (length >> 8);
        out[5] = (byte) length;
        System.arraycopy(payload, 0, out, 6, payload.length);
        System.arraycopy(jpeg, 2, out, 4 + length, jpeg.length - 2);
        return out;
    }
}
