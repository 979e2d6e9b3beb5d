package nsn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ImageResizerTest {

    @Test
    void keepsAnImageOfTheTargetSize() {
        byte[] src = new byte[2 * 3 * 5];
        for (int i = 0; i < src.length; i++) {
            src[i] = (byte) (i * 8);
        }
        byte[] dst = new byte[src.length + 1];
        ImageResizer.resizeCenterCrop(src, 2, 3, 5, 3, 5, dst, 1);
        assertArrayEquals(src, Arrays.copyOfRange(dst, 1, dst.length));
    }

    @Test
    void averagesOverTheReductionInsteadOfAliasing() {
        // Columns 255, 0, 0 repeating, reduced 3x: sampling would see only the zeros; the widened triangle filter
        // sees a third of 255 in every output pixel away from the border.
        int width = 9;
        byte[] src = new byte[3 * width];
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < width; x++) {
                src[y * width + x] = (byte) (x % 3 == 0 ? 255 : 0);
            }
        }
        byte[] dst = new byte[3];
        ImageResizer.resizeCenterCrop(src, 1, 3, width, 1, 3, dst, 0);
        assertEquals(85, dst[1] & 0xff);
    }

    @Test
    void interpolatesLinearlyWhenEnlarging() {
        byte[] src = {0, 100};
        byte[] dst = new byte[8];
        ImageResizer.resizeCenterCrop(src, 1, 1, 2, 2, 4, dst, 0);
        // Output centres fall at source coordinates 0.25, 0.75, 1.25, 1.75 (pixel centres at 0.5 and 1.5).
        assertArrayEquals(new byte[] {0, 25, 75, 100, 0, 25, 75, 100}, dst);
    }
}
