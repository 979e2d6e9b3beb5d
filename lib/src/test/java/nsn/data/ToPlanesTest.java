package nsn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * {@link ImageFolderDataset#toPlanes} copies 8-bit interleaved rasters straight from their byte buffer; the planes
 * must be exactly the samples {@link Raster#getSamples} gives, for every layout that path accepts and for a decoded
 * JPEG.
 */
class ToPlanesTest {

    /** The planes read sample by sample through the raster (the general path). */
    private static byte[] viaRaster(BufferedImage image, int bands) {
        int h = image.getHeight();
        int w = image.getWidth();
        Raster raster = image.getRaster();
        byte[] out = new byte[bands * h * w];
        int[] row = new int[w];
        for (int c = 0; c < bands; c++) {
            for (int y = 0; y < h; y++) {
                raster.getSamples(0, y, w, 1, c, row);
                for (int x = 0; x < w; x++) {
                    out[c * h * w + y * w + x] = (byte) row[x];
                }
            }
        }
        return out;
    }

    private static BufferedImage random(int type, int h, int w, long seed) {
        BufferedImage image = new BufferedImage(w, h, type);
        SplittableRandom rng = new SplittableRandom(seed);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                image.setRGB(x, y, 0xff000000 | rng.nextInt(1 << 24));
            }
        }
        return image;
    }

    @Test
    void interleavedByteImagesGiveTheRasterSamples() {
        for (int type : new int[] {BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_4BYTE_ABGR}) {
            BufferedImage image = random(type, 7, 11, type);
            assertArrayEquals(viaRaster(image, 3), ImageFolderDataset.toPlanes(image, 3), "type " + type);
        }
        BufferedImage gray = random(BufferedImage.TYPE_BYTE_GRAY, 5, 9, 2);
        assertArrayEquals(viaRaster(gray, 1), ImageFolderDataset.toPlanes(gray, 1));
    }

    @Test
    void aSubimageFallsBackToTheGeneralPathWithTheSameResult() {
        BufferedImage image = random(BufferedImage.TYPE_3BYTE_BGR, 20, 30, 4).getSubimage(3, 5, 17, 9);
        assertArrayEquals(viaRaster(image, 3), ImageFolderDataset.toPlanes(image, 3));
    }

    @Test
    void aDecodedJpegGivesTheRasterSamples() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(random(BufferedImage.TYPE_3BYTE_BGR, 33, 47, 6), "jpg", bytes);
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(bytes.toByteArray()));
        assertArrayEquals(viaRaster(decoded, 3), ImageFolderDataset.toPlanes(decoded, 3));
    }
}
