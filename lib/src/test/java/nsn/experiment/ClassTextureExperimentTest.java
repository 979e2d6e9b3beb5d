package nsn.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import nsn.TestData;
import nsn.analysis.ClassTexture;
import nsn.analysis.SupervisedConfig;
import nsn.data.ImageDataset;
import nsn.data.Split;
import nsn.model.ResNet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code class-texture} end to end on a tiny Fashion-MNIST config: it writes the missing textures of the scored test
 * images with the texture job, trains two architectures for one epoch, and writes every output.
 */
class ClassTextureExperimentTest {

    @Test
    void writesTexturesTrainsScoresAndWritesEveryOutput(@TempDir Path tmp) throws IOException {
        TestData.fashionMnistDir();
        ClassTextureConfig config = new ClassTextureConfig(List.of(
                new ClassTextureConfig.Architecture("r10", 10, 16, ResNet.Stem.SMALL_STRIDED),
                new ClassTextureConfig.Architecture("r18", 18, 16, ResNet.Stem.SMALL_STRIDED)),
                "fashion-mnist", TestData.dataRoot(), 64, 24, tmp.resolve("tex"), tmp.resolve("out"),
                new SupervisedConfig(1, 32, 0.02f, 0.9f, 5e-4f, 0.5f, 0.5f), 0.0, 2, 3L, "cpu", true);
        ClassTextureExperiment.Result r = ClassTextureExperiment.run(config);

        assertEquals(64, r.trainImages());
        assertEquals(24, r.testImages());
        assertEquals(24, r.texturesWritten(), "no texture existed: the run wrote those of the scored images");
        ImageDataset testAll = DatasetSpec.FASHION_MNIST.load(TestData.dataRoot(), Split.TEST);
        int[] indices = Experiments.subsetIndices(testAll.size(), 24, 3L);
        assertEquals(0, ClassTextureExperiment.ensureTextures(config, DatasetSpec.FASHION_MNIST, testAll, indices),
                "a second pass finds every texture written");

        assertEquals(List.of("r10", "r18"), r.models().stream().map(ClassTexture.Model::architecture).toList());
        for (ClassTexture.Model m : r.models()) {
            assertEquals(10, m.classes().size());
            long images = 0;
            for (int c = 0; c < 10; c++) {
                assertEquals(m.standard().images(c), m.texture().images(c), "same images, texture or not");
                images += m.standard().images(c);
            }
            assertEquals(24, images);
            assertEquals(2, m.training().steps(), "1 epoch of 64 images in batches of 32");
            // threshold 0: every class with texture images is listed for every model
            long withImages = java.util.stream.IntStream.range(0, 10).filter(c -> m.texture().images(c) > 0)
                    .count();
            assertEquals(withImages, r.sufficient().stream()
                    .filter(s -> s.architecture().equals(m.architecture())).count());
        }
        assertEquals(20, r.table().rowCount(), "10 classes x 2 architectures");
        assertEquals(r.sufficient().size(), r.sufficientTable().rowCount());
        assertEquals(r.sufficient().get(0).name(), r.sufficientTable().stringColumn("class").get(0));
        assertEquals(0.0, r.threshold());
        assertEquals(2, r.histogram().getSeriesMap().size(), "one bar series per architecture");
        assertEquals(3, r.scatter().getSeriesMap().size(), "one series per architecture and y = x");
        java.awt.image.BufferedImage examples = r.examples();
        java.awt.image.BufferedImage written = javax.imageio.ImageIO.read(
                r.outputDir().resolve(ClassTextureExperiment.EXAMPLES_FILE).toFile());
        assertEquals(written.getWidth(), examples.getWidth());
        assertEquals(written.getRGB(10, 10), examples.getRGB(10, 10));
        assertEquals(2, r.summary().rowCount());

        Path out = r.outputDir();
        for (String f : List.of(ClassTextureExperiment.CSV_FILE, ClassTextureExperiment.TABLE_FILE,
                ClassTextureExperiment.SUFFICIENT_FILE, ClassTextureExperiment.HISTOGRAM_FILE,
                ClassTextureExperiment.SCATTER_FILE, ClassTextureExperiment.EXAMPLES_FILE, "results.json",
                "provenance.json")) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
        assertEquals(1 + 20, Files.readAllLines(out.resolve(ClassTextureExperiment.CSV_FILE)).size());
        assertEquals(1 + r.sufficient().size(),
                Files.readAllLines(out.resolve(ClassTextureExperiment.SUFFICIENT_FILE)).size());
        JsonObject results = JsonParser.parseString(Files.readString(out.resolve("results.json"))).getAsJsonObject();
        JsonObject r18 = results.getAsJsonObject("architectures").getAsJsonObject("r18");
        assertEquals(r.models().get(1).texture().overall(), r18.get("texture_top1").getAsDouble(), 1e-12);
        assertEquals(10, r18.getAsJsonArray("classes").size());
        assertEquals(24, results.get("textures_written").getAsInt());
        assertTrue(Files.readString(out.resolve("provenance.json")).contains("class-texture"));
    }
}
