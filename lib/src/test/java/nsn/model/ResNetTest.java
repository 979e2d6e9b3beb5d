package nsn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

class ResNetTest {

    static long trainableCount(Encoder e) {
        return e.parameters().stream().filter(Encoder::isTrainable).mapToLong(p -> p.getArray().size()).sum();
    }

    @Test
    void resnet18And50HaveTheStandardParameterCounts() {
        try (NDManager m = NDManager.newBaseManager()) {
            // torchvision: resnet18 11,689,512 and resnet50 25,557,032 parameters including the 1000-way fc.
            EncoderConfig r18 = new EncoderConfig(18, 64, ResNet.Stem.IMAGENET, 3, 64, 1000, false);
            EncoderConfig r50 = new EncoderConfig(50, 64, ResNet.Stem.IMAGENET, 3, 64, 1000, false);
            try (Encoder e18 = Encoder.create(r18, m, 1); Encoder e50 = Encoder.create(r50, m, 1)) {
                assertEquals(11_689_512L, trainableCount(e18));
                assertEquals(25_557_032L, trainableCount(e50));
                assertEquals(512, r18.featureDim());
                assertEquals(2048, r50.featureDim());
            }
        }
    }

    @Test
    void smallStemsKeepOrHalveResolutionAndFeaturesHaveFeatureDim() {
        try (NDManager m = NDManager.newBaseManager()) {
            for (ResNet.Stem stem : new ResNet.Stem[] {ResNet.Stem.SMALL, ResNet.Stem.SMALL_STRIDED}) {
                EncoderConfig c = new EncoderConfig(10, 4, stem, 1, 28, 16, true);
                try (Encoder e = Encoder.create(c, m, 1)) {
                    NDArray x = m.randomNormal(new Shape(3, 1, 28, 28));
                    ParameterStore ps = new ParameterStore(m, false);
                    assertEquals(new Shape(3, 32), e.features(ps, x, false).getShape());
                    assertEquals(new Shape(3, 16), e.forward(ps, x, true).getShape());
                }
            }
        }
    }

    @Test
    void rejectsUnsupportedArchitectures() {
        assertThrows(IllegalArgumentException.class,
                () -> new EncoderConfig(101, 64, ResNet.Stem.IMAGENET, 3, 224, 128, true));
        assertThrows(IllegalArgumentException.class,
                () -> new EncoderConfig(18, 64, ResNet.Stem.IMAGENET, 2, 224, 128, true));
        assertThrows(IllegalArgumentException.class,
                () -> new EncoderConfig(18, 64, ResNet.Stem.IMAGENET, 3, 4, 128, true));
    }
}
