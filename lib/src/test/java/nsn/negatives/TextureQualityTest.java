package nsn.negatives;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import nsn.TestData;
import nsn.data.ByteImage;
import org.junit.jupiter.api.Test;

/**
 * The synthesized textures of real ImageNet images look like their examples and are not copies of them: colour
 * histograms and Gram statistics of local filter responses are close to those of the examples (mixed in the shares
 * the texture drew on them: with two very different patches the synthesis often keeps to one) and clearly closer
 * than to another image's examples, and no region as large as 40 % of an example was copied verbatim.
 */
class TextureQualityTest {

    @Test
    void texturesMatchTheirExamplesLocallyAndAreNotCopies() {
        List<ByteImage> images = new ArrayList<>();
        List<ByteImage> all = TestData.imagenetSamples(100);
        for (int i = 0; i < all.size() && images.size() < 8; i += 12) { // eight colour images across classes
            if (all.get(i).channels() == 3) {
                images.add(all.get(i));
            }
        }
        TextureSynthesizer synth = TextureSynthesizer.defaults();
        int n = images.size();
        List<List<ByteImage>> examples = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            examples.add(TextureNegatives.examples(images.get(i), new SplittableRandom(i)));
        }
        double ownHist = 0;
        double otherHist = 0;
        double ownGram = 0;
        double otherGram = 0;
        StringBuilder report = new StringBuilder();
        for (int i = 0; i < n; i++) {
            TextureSynthesizer.Result r = synth.synthesizeWithSources(examples.get(i), 224, 224, i);
            List<ByteImage> other = examples.get((i + 1) % n);
            // the synthesis may draw mostly on one example: compare with the examples in the shares it used
            double[] share = TextureStats.exampleShares(r, 2);
            double h = TextureStats.histogramDistance(r.image(), examples.get(i), share);
            double ho = TextureStats.histogramDistance(r.image(), other);
            double g = TextureStats.gramDistance(r.image(), examples.get(i), share);
            double go = TextureStats.gramDistance(r.image(), other);
            int island = TextureStats.largestCopiedRegion(r);
            report.append(String.format("image %d: shares %.2f/%.2f hist %.3f (other %.3f) gram %.3f (other %.3f) copied %d px%n",
                    i, share[0], share[1], h, ho, g, go, island));
            assertTrue(h < 0.25, "colour histogram too far from the examples\n" + report);
            assertTrue(g < 0.3, "Gram statistics too far from the examples\n" + report);
            assertTrue(island < 0.4 * 96 * 96, "a large region was copied verbatim\n" + report);
            ownHist += h;
            otherHist += ho;
            ownGram += g;
            otherGram += go;
        }
        assertTrue(ownHist < 0.5 * otherHist, "histograms do not single out the examples\n" + report);
        assertTrue(ownGram < 0.5 * otherGram, "Gram statistics do not single out the examples\n" + report);
        System.out.print(report);
    }
}
