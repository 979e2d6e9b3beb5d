package nsn.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import nsn.analysis.SupervisedConfig;
import nsn.model.ResNet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Validation of {@link ClassTextureConfig}: each bad value is rejected with a message naming its field. */
class ClassTextureConfigTest {

    private static final List<ClassTextureConfig.Architecture> ARCHS =
            List.of(new ClassTextureConfig.Architecture("a", 18, 16, ResNet.Stem.SMALL));

    private static ClassTextureConfig make(List<ClassTextureConfig.Architecture> archs, String dataset,
            int trainImages, int testImages, double threshold, int threads) {
        return new ClassTextureConfig(archs, dataset, Path.of("data"), trainImages, testImages, null,
                Path.of("out"), SupervisedConfig.small(), threshold, threads, 0L, "cpu", true);
    }

    private static void assertNames(String field, Executable make) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, make);
        assertTrue(e.getMessage().contains(field), "message should name " + field + ": " + e.getMessage());
    }

    @Test
    void rejectsBadValuesNamingTheField() {
        assertNames("architectures", () -> make(List.of(), "cifar10", 0, 0, 0.5, 0));
        assertNames("used twice", () -> make(List.of(ARCHS.get(0), ARCHS.get(0)), "cifar10", 0, 0, 0.5, 0));
        assertNames("stl10", () -> make(ARCHS, "stl10", 0, 0, 0.5, 0));
        assertNames("unknown dataset", () -> make(ARCHS, "mnist", 0, 0, 0.5, 0));
        assertNames("trainImages", () -> make(ARCHS, "cifar10", -1, 0, 0.5, 0));
        assertNames("testImages", () -> make(ARCHS, "cifar10", 0, -1, 0.5, 0));
        assertNames("threshold", () -> make(ARCHS, "cifar10", 0, 0, 1.5, 0));
        assertNames("threshold", () -> make(ARCHS, "cifar10", 0, 0, Double.NaN, 0));
        assertNames("textureThreads", () -> make(ARCHS, "cifar10", 0, 0, 0.5, -1));
        assertNames("depth", () -> new ClassTextureConfig.Architecture("x", 20, 16, ResNet.Stem.SMALL));
        assertNames("width", () -> new ClassTextureConfig.Architecture("x", 18, 8, ResNet.Stem.SMALL));
        assertNames("stem", () -> new ClassTextureConfig.Architecture("x", 18, 16, null));
        assertNames("name", () -> new ClassTextureConfig.Architecture(" ", 18, 16, ResNet.Stem.SMALL));
        assertNames("training", () -> new ClassTextureConfig(ARCHS, "cifar10", Path.of("d"), 0, 0, null,
                Path.of("o"), null, 0.5, 0, 0L, "cpu", true));
        assertNames("outputDir", () -> new ClassTextureConfig(ARCHS, "cifar10", Path.of("d"), 0, 0, null, null,
                SupervisedConfig.small(), 0.5, 0, 0L, "cpu", true));
    }

    @Test
    void parsesArchitecturesAndResolvesTheTextureFolder() {
        assertEquals(new ClassTextureConfig.Architecture("resnet50", 50, 32, ResNet.Stem.SMALL_STRIDED),
                ClassTextureConfig.Architecture.parse("resnet50=50:32:small-strided"));
        assertEquals(ResNet.Stem.IMAGENET, ClassTextureConfig.Architecture.parse("r=18:64:imagenet").stem());
        for (String bad : List.of("r18", "=18:16:small", "r=18:16", "r=x:16:small", "r=18:16:huge")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ClassTextureConfig.Architecture.parse(bad));
            assertTrue(e.getMessage().contains("NAME=DEPTH:WIDTH:STEM"), e.getMessage());
        }
        assertEquals(Path.of("out", "textures"), make(ARCHS, "cifar10", 0, 0, 0.5, 0).textures());
        ClassTextureConfig small = ClassTextureConfig.preset("small");
        assertEquals(List.of(18, 50, 10), small.architectures().stream().map(ClassTextureConfig.Architecture::depth)
                .toList());
        assertEquals("cifar10", small.dataset());
        ClassTextureConfig paper = ClassTextureConfig.preset("paper");
        assertEquals("imagenet100", paper.dataset());
        assertEquals(224, DatasetSpec.of(paper.dataset()).cropSize());
        ClassTextureConfig smoke = ClassTextureConfig.preset("smoke");
        assertEquals("cifar10", smoke.dataset());
        assertEquals(1, smoke.architectures().size());
        assertEquals(1, smoke.training().epochs());
        assertTrue(smoke.trainImages() < small.trainImages() && smoke.testImages() < small.testImages());
        assertTrue(smoke.outputDir().toString().contains("smoke"), smoke.outputDir().toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClassTextureConfig.preset("huge"));
        assertTrue(e.getMessage().contains("huge") && e.getMessage().contains("smoke"), e.getMessage());
    }
}
