package nsn.experiment;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import nsn.TestData;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quality bar of the first experiment, measured for real on every CI run: the small preset (MoCo-v2 with
 * patch-based negatives on all of Fashion-MNIST) must beat the same linear probe on the randomly initialised
 * backbone by at least 3 points of test top-1. Takes about ten minutes on 2 cores; skip it locally with
 * {@code mvn verify -DexcludedGroups=quality}.
 */
@Tag("quality")
class QuickstartQualityTest {

    @Test
    void pretrainingBeatsRandomInitByThreePoints(@TempDir Path tmp) {
        TestData.fashionMnistDir();
        QuickstartConfig config = QuickstartConfig.medium().withDataDir(TestData.dataRoot()).withOutputDir(tmp)
                .withDevice("cpu").withQuiet(true);
        QuickstartExperiment.Result r = QuickstartExperiment.run(config);
        System.out.printf("quality: pretrained %.2f%%, random init %.2f%%, %+.2f points%n", 100 * r.linearTop1(),
                100 * r.randomInitLinearTop1(), r.improvementPoints());
        assertTrue(r.improvementPoints() >= 3.0, "pretrained " + r.linearTop1() + " vs random init "
                + r.randomInitLinearTop1() + ": " + r.improvementPoints() + " points, need >= 3");
    }
}
