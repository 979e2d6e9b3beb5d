package nsn.negatives;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import nsn.TestData;
import nsn.data.ByteImage;
import org.junit.jupiter.api.Test;

class TextureSynthesizerTest {

    private static final TextureSynthesizer SYNTH = TextureSynthesizer.defaults();

    private static List<ByteImage> examplesOf(ByteImage image, long seed) {
        return TextureNegatives.examples(image, new SplittableRandom(seed));
    }

    @Test
    void everyOutputPixelIsTheSharpExamplePixelItRecordsAsItsSource() {
        ByteImage image = TestData.imagenetSamples(1).get(0);
        List<ByteImage> examples = examplesOf(image, 1);
        TextureSynthesizer.Result r = SYNTH.synthesizeWithSources(examples, 40, 56, 7);
        ByteImage out = r.image();
        assertEquals(40, out.height());
        assertEquals(56, out.width());
        assertEquals(image.channels(), out.channels());
        for (int y = 0; y < 40; y++) {
            for (int x = 0; x < 56; x++) {
                int i = y * 56 + x;
                ByteImage ex = examples.get(r.sourceExample()[i]);
                for (int c = 0; c < out.channels(); c++) {
                    assertEquals(ex.get(c, r.sourceY()[i], r.sourceX()[i]), out.get(c, y, x),
                            "pixel (" + y + ", " + x + ") channel " + c);
                }
            }
        }
    }

    @Test
    void sameSeedSameTextureOtherSeedOtherTexture() {
        ByteImage image = TestData.imagenetSamples(2).get(1);
        List<ByteImage> examples = examplesOf(image, 3);
        ByteImage a = SYNTH.synthesize(examples, 48, 48, 11);
        ByteImage b = SYNTH.synthesize(examples, 48, 48, 11);
        ByteImage c = SYNTH.synthesize(examples, 48, 48, 12);
        assertArrayEquals(a.pixels(), b.pixels());
        assertFalse(Arrays.equals(a.pixels(), c.pixels()));
    }

    @Test
    void grayscaleExamplesGiveAGrayscaleTexture() {
        ByteImage digit = ByteImage.of(TestData.fashionTrain(1), 0);
        ByteImage t = TextureNegatives.defaults().generate(digit, 28, 5);
        assertEquals(1, t.channels());
        assertEquals(28, t.height());
        assertEquals(12, TextureNegatives.patchSide(28, 28));
    }

    @Test
    void coherentCandidatesCopyAUniformExampleExactly() {
        // a one-colour example can only give that colour
        byte[] px = new byte[3 * 20 * 20];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) (i < 400 ? 200 : i < 800 ? 30 : 90);
        }
        ByteImage flat = new ByteImage(3, 20, 20, px);
        ByteImage out = SYNTH.synthesize(List.of(flat), 30, 30, 1);
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 30; x++) {
                assertEquals(200, out.get(0, y, x));
                assertEquals(30, out.get(1, y, x));
                assertEquals(90, out.get(2, y, x));
            }
        }
    }

    @Test
    void neighbourSearchesAgree() {
        // the sorted-offset table lists each offset once, nearest first
        int[] s = TextureSynthesizer.sortedOffsets(5, 7);
        assertEquals(2 * 9 * 13, s.length);
        assertEquals(0, s[0]);
        assertEquals(0, s[1]);
        float prev = -1;
        List<Long> seen = new ArrayList<>();
        for (int i = 0; i < s.length; i += 2) {
            float d = TextureSynthesizer.distance(s[i], s[i + 1], 5, 7);
            assertTrue(d >= prev);
            prev = d;
            seen.add((long) s[i] * 1000 + s[i + 1]);
        }
        assertEquals(seen.size(), seen.stream().distinct().count());
    }

    @Test
    void rejectsBadInput() {
        ByteImage gray = new ByteImage(1, 8, 8, new byte[64]);
        ByteImage rgb = new ByteImage(3, 8, 8, new byte[192]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SYNTH.synthesize(List.of(gray, rgb), 8, 8, 0));
        assertTrue(e.getMessage().contains("channels"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SYNTH.synthesize(List.of(), 8, 8, 0));
        assertThrows(IllegalArgumentException.class, () -> SYNTH.synthesize(List.of(gray), 0, 8, 0));
        IllegalArgumentException k = assertThrows(IllegalArgumentException.class,
                () -> TextureSynthesisConfig.defaults().withNearestNeighbors(0));
        assertTrue(k.getMessage().contains("nearestNeighbors"), k.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new TextureSynthesisConfig(50, 50, 1f, 1f, 5));
    }

    @Test
    void examplePatchesFollowTheAuthorsRecipe() {
        ByteImage image = TestData.imagenetSamples(1).get(0); // 500 x 375
        List<ByteImage> ex = examplesOf(image, 9);
        assertEquals(96, ex.get(0).height());
        assertEquals(96, ex.get(1).width());
        assertEquals(image.crop(image.height() / 2 - 48, image.width() / 2 - 48, 96, 96), ex.get(0));
        assertEquals(96, TextureNegatives.patchSide(112, 300));
        assertEquals(48, TextureNegatives.patchSide(300, 95));
        assertEquals(14, TextureNegatives.patchSide(32, 32));
        assertEquals(4, TextureNegatives.patchSide(5, 9));
    }
}
