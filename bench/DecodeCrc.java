import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import nsn.data.ImageFolderDataset;

/**
 * Prints one line per image of a flat folder: the file name and the CRC-32 of the RGB bytes nsn decodes it to
 * (ImageFolderDataset.readFile at the image's own size), in row-major HWC order as PIL's {@code tobytes()} lays them
 * out. {@code bench/decode_crc.py} prints the same for PIL; {@code bench/compare-decoders.sh} runs both.
 *
 *   java [-Dnsn.jpeg.libjpeg=false] -cp lib/target/nsn.jar bench/DecodeCrc.java DIR
 */
public class DecodeCrc {
    public static void main(String[] args) throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.list(Path.of(args[0]))) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path file : files) {
            int h;
            int w;
            try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
                ImageReader reader = ImageIO.getImageReaders(in).next();
                reader.setInput(in);
                h = reader.getHeight(0);
                w = reader.getWidth(0);
                reader.dispose();
            }
            byte[] chw = new byte[3 * h * w];
            ImageFolderDataset.readFile(file, 3, h, w, chw, 0);
            int plane = h * w;
            byte[] hwc = new byte[chw.length];
            for (int i = 0; i < plane; i++) {
                for (int c = 0; c < 3; c++) {
                    hwc[3 * i + c] = chw[c * plane + i];
                }
            }
            CRC32 crc = new CRC32();
            crc.update(hwc);
            System.out.printf("%s %08x%n", file.getFileName(), crc.getValue());
        }
    }
}
