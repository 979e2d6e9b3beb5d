package nsn.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class LinearEvalConfigTest {

    @Test
    void authorsRecipeIsMocoLinclsWithThePapersSchedule() {
        LinearEvalConfig a = LinearEvalConfig.authors();
        assertEquals(LinearEvalConfig.Protocol.AUGMENTED, a.protocol());
        assertEquals(60, a.epochs());
        assertEquals(128, a.batchSize());
        assertEquals(10f, a.lr());
        assertEquals(0.9f, a.momentum());
        assertEquals(0f, a.weightDecay());
        assertEquals(List.of(30, 40, 50), a.lrMilestones());
        assertEquals(LinearEvalConfig.Protocol.FEATURES, LinearEvalConfig.defaults().protocol());
        assertEquals(a, LinearEvalConfig.recipe("Augmented"));
        assertEquals(LinearEvalConfig.defaults(), LinearEvalConfig.recipe("features"));
    }

    @Test
    void stepScheduleDividesByTenAtEachMilestone() {
        LinearEvalConfig a = LinearEvalConfig.authors();
        assertEquals(10f, a.stepLr(0), 0f);
        assertEquals(10f, a.stepLr(29), 0f);
        assertEquals(1f, a.stepLr(30), 1e-6f);
        assertEquals(0.1f, a.stepLr(45), 1e-7f);
        assertEquals(0.01f, a.stepLr(59), 1e-8f);
    }

    @Test
    void fewerEpochsDropTheMilestonesBeyondThem() {
        assertEquals(List.of(30), LinearEvalConfig.authors().withEpochs(35).lrMilestones());
        assertEquals(List.of(30, 40, 50), LinearEvalConfig.authors().withEpochs(60).lrMilestones());
        assertEquals(LinearEvalConfig.Protocol.AUGMENTED, LinearEvalConfig.authors().withEpochs(5).protocol());
        assertEquals(1000, LinearEvalConfig.authors().withTrainImages(1000).trainImages());
    }

    @Test
    void badValuesAreRejectedNamingTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new LinearEvalConfig(10, 1, 1f, 0.9f, 0f, 0, LinearEvalConfig.Protocol.AUGMENTED, List.of(5, 5)));
        assertTrue(e.getMessage().contains("milestones"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new LinearEvalConfig(10, 1, 1f, 0.9f, 0f, 0, LinearEvalConfig.Protocol.FEATURES, List.of(10)));
        assertThrows(IllegalArgumentException.class,
                () -> new LinearEvalConfig(10, 1, 1f, 0.9f, 0f, 0, LinearEvalConfig.Protocol.FEATURES, List.of(0)));
        assertThrows(IllegalArgumentException.class,
                () -> new LinearEvalConfig(10, 1, 1f, 0.9f, 0f, 0, null, List.of()));
        e = assertThrows(IllegalArgumentException.class, () -> LinearEvalConfig.recipe("best"));
        assertTrue(e.getMessage().contains("'best'") && e.getMessage().contains("augmented"), e.getMessage());
    }
}
