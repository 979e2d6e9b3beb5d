package nsn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.ParallelBlock;
import ai.djl.training.ParameterStore;
import nsn.report.Json;
import org.junit.jupiter.api.Test;

class VggTest {

    @Test
    void vgg11HasTheHandCountedParameters() {
        // torchvision vgg11_bn's convolutions (3->64, 64->128, 128->256, 256->256, 256->512, then four 512->512),
        // 3x3 weights without bias (BatchNorm follows), gamma and beta per channel, then a 512 -> 1000 linear head.
        long convs = 9L * (3 * 64 + 64 * 128 + 128 * 256 + 256 * 256 + 256 * 512 + 3 * 512 * 512);
        long bn = 2L * (64 + 128 + 2 * 256 + 4 * 512);
        long head = 512L * 1000 + 1000;
        EncoderConfig c = new EncoderConfig(11, 64, ResNet.Stem.IMAGENET, 3, 32, 1000, false, 0, false,
                Backbone.VGG);
        try (NDManager m = NDManager.newBaseManager(); Encoder e = Encoder.create(c, m, 1)) {
            assertEquals(convs + bn + head, ResNetTest.trainableCount(e));
            assertEquals(512, c.featureDim());
            assertEquals("VGG-11", c.label());
        }
    }

    @Test
    void featuresHaveFeatureDimFromSmallAndImageNetSizesAndNoShortcuts() {
        int[][] cases = {{28, 0}, {28, 1}, {32, 2}, {224, 2}}; // size, stem
        ResNet.Stem[] stems = {ResNet.Stem.SMALL, ResNet.Stem.SMALL_STRIDED, ResNet.Stem.IMAGENET};
        try (NDManager m = NDManager.newBaseManager()) {
            for (int[] k : cases) {
                EncoderConfig c = new EncoderConfig(13, 16, stems[k[1]], 3, k[0], 10, true, 0, false, Backbone.VGG);
                try (Encoder e = Encoder.create(c, m, 1)) {
                    NDArray x = m.randomNormal(new Shape(2, 3, k[0], k[0]));
                    ParameterStore ps = new ParameterStore(m, false);
                    assertEquals(new Shape(2, 128), e.features(ps, x, false).getShape(), "size " + k[0]);
                    assertEquals(new Shape(2, 10), e.forward(ps, x, true).getShape());
                    assertTrue(e.backbone().getChildren().values().stream().noneMatch(b -> b instanceof ParallelBlock),
                            "a VGG has no residual branches");
                }
            }
        }
    }

    @Test
    void rejectsDepthsOutsideTheFamilyNamingThem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new EncoderConfig(18, 16, ResNet.Stem.SMALL, 3, 32, 10, false, 0, false, Backbone.VGG));
        assertTrue(e.getMessage().contains("11, 13, 16 or 19"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new EncoderConfig(11, 16, ResNet.Stem.SMALL, 3, 32, 10, false, 0, false, Backbone.RESNET));
        assertTrue(e.getMessage().contains("10, 18, 34"), e.getMessage());
        assertEquals(Backbone.VGG, Backbone.parse(" Vgg "));
        assertThrows(IllegalArgumentException.class, () -> Backbone.parse("densenet"));
    }

    @Test
    void configurationsWrittenBeforeTheBackboneExistedReadAsResNet() {
        EncoderConfig resnet = new EncoderConfig(18, 32, ResNet.Stem.SMALL_STRIDED, 1, 28, 128, true);
        String json = Json.write(resnet);
        assertTrue(json.contains("\"backbone\": \"RESNET\""), json);
        String old = json.replaceAll(",\\s*\"backbone\": \"RESNET\"", "");
        assertEquals(resnet, Json.gson().fromJson(old, EncoderConfig.class));
        EncoderConfig vgg = resnet.withInput(ResNet.Stem.SMALL, 3, 32);
        assertEquals(resnet.backbone(), vgg.backbone());
        EncoderConfig v = new EncoderConfig(16, 32, ResNet.Stem.SMALL, 3, 32, 128, true, 0, false, Backbone.VGG);
        assertEquals(v, Json.gson().fromJson(Json.write(v), EncoderConfig.class));
        assertEquals(Backbone.VGG, v.withInput(ResNet.Stem.IMAGENET, 3, 224).backbone());
        assertEquals(Backbone.VGG, v.withHead(512, 64, true).backbone());
    }
}
