package nsn.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class GroupAccuracyTest {

    @Test
    void coarseCountsAnyClassOfTheGroupFineOnlyTheClass() {
        // classes: 0 beagle, 1 collie, 2 tabby, 3 car; group {0, 1} (dogs); car and tabby images are not scored
        float[] p = {
            0.7f, 0.1f, 0.1f, 0.1f, // beagle -> beagle: coarse and fine
            0.2f, 0.6f, 0.1f, 0.1f, // beagle -> collie: coarse only
            0.1f, 0.1f, 0.1f, 0.7f, // collie -> car: neither
            0.1f, 0.8f, 0.05f, 0.05f, // collie -> collie: both
            0.1f, 0.1f, 0.7f, 0.1f, // tabby: not grouped
        };
        GroupAccuracy a = GroupAccuracy.score(p, 4, new int[] {0, 0, 1, 1, 2}, List.of(new int[] {0, 1}));
        assertEquals(4, a.images());
        assertEquals(0.75, a.coarse(), 1e-12);
        assertEquals(0.5, a.fine(), 1e-12);
        assertThrows(IllegalArgumentException.class,
                () -> GroupAccuracy.score(p, 4, new int[] {0}, List.of(new int[] {0})));
        assertThrows(IllegalArgumentException.class, () -> GroupAccuracy.score(p, 4, new int[] {0, 0, 1, 1, 2},
                List.of(new int[] {0, 1}, new int[] {1})));
        assertEquals(Double.NaN, GroupAccuracy.score(p, 4, new int[] {2, 2, 2, 2, 2}, List.of(new int[] {0}))
                .coarse());
    }
}
