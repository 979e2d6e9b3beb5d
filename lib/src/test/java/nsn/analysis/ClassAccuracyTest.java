package nsn.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Per-class accuracy against a confusion matrix computed by hand. */
class ClassAccuracyTest {

    static final List<String> CLASSES = List.of("cat", "dog", "frog", "ship");

    // true:      cat cat cat dog dog frog frog frog frog
    // predicted: cat dog cat dog dog frog cat  frog frog   (no ship image)
    static final int[] LABELS = {0, 0, 0, 1, 1, 2, 2, 2, 2};
    static final int[] PREDICTIONS = {0, 1, 0, 1, 1, 2, 0, 2, 2};

    @Test
    void countsTheConfusionAndPerClassAccuracy() {
        ClassAccuracy a = ClassAccuracy.of(CLASSES, LABELS, PREDICTIONS);
        long[][] expected = {
            {2, 1, 0, 0},
            {0, 2, 0, 0},
            {1, 0, 3, 0},
            {0, 0, 0, 0}};
        for (int i = 0; i < 4; i++) {
            assertArrayEquals(expected[i], a.confusion()[i], "row " + i);
        }
        assertEquals(3, a.images(0));
        assertEquals(2, a.correct(0));
        assertEquals(2.0 / 3, a.accuracy(0), 1e-12);
        assertEquals(1.0, a.accuracy(1), 1e-12);
        assertEquals(0.75, a.accuracy(2), 1e-12);
        assertTrue(Double.isNaN(a.accuracy(3)), "a class without images has no accuracy");
        assertEquals(3, a.predicted(0), "2 cats and 1 frog predicted as cat");
        assertEquals(3, a.predicted(1));
        assertEquals(0, a.predicted(3));
        assertEquals(7.0 / 9, a.overall(), 1e-12);
        assertEquals((2.0 / 3 + 1.0 + 0.75) / 3, a.meanClassAccuracy(), 1e-12);
        // the confusion accessor returns a copy
        a.confusion()[0][0] = 99;
        assertEquals(2, a.correct(0));
        assertEquals(a, ClassAccuracy.of(CLASSES, LABELS, PREDICTIONS));
    }

    @Test
    void rejectsMismatchedOrOutOfRangeInput() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClassAccuracy.of(CLASSES, new int[] {0, 1}, new int[] {0}));
        assertTrue(e.getMessage().contains("length"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ClassAccuracy.of(CLASSES, new int[] {0, 4}, new int[] {0, 1}));
        assertTrue(e.getMessage().contains("image 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ClassAccuracy(CLASSES, new long[3][4]));
        assertThrows(IllegalArgumentException.class, () -> new ClassAccuracy(List.of(), new long[0][0]));
    }

    @Test
    void listsTextureSufficientClassesAndBinsTheirAccuracy() {
        ClassAccuracy standard = ClassAccuracy.of(CLASSES, LABELS, LABELS); // all correct
        ClassAccuracy texture = ClassAccuracy.of(CLASSES, LABELS, PREDICTIONS); // 2/3, 1, 3/4, NaN
        ClassTexture.Model m = new ClassTexture.Model("net", standard, texture, null);
        List<ClassTexture.SufficientClass> s = ClassTexture.textureSufficient(List.of(m), 0.7);
        assertEquals(List.of("dog", "frog"), s.stream().map(ClassTexture.SufficientClass::name).toList(),
                "highest texture accuracy first; cat (0.667) is below 0.7");
        assertEquals(1.0, s.get(1).standardAccuracy(), 1e-12);
        assertEquals(3, ClassTexture.textureSufficient(List.of(m), 0.5).size());
        assertEquals(1, ClassTexture.textureSufficient(List.of(m), 1.0).size());
        assertThrows(IllegalArgumentException.class, () -> ClassTexture.textureSufficient(List.of(m), 1.5));

        // bins of 0.1: 0.667 -> bin 6, 0.75 -> bin 7, 1.0 -> last bin; the empty class is not counted
        assertArrayEquals(new long[] {0, 0, 0, 0, 0, 0, 1, 1, 0, 1}, ClassTexture.histogram(texture, 10));

        String csv = ClassTexture.csv(List.of(m));
        String[] lines = csv.split("\n");
        assertEquals(1 + 4, lines.length, csv);
        assertEquals("net,0,cat,3,3,1.000000,3,3,2,0.666667,3", lines[1]);
        assertEquals("net,3,ship,0,0,,0,0,0,,0", lines[4]);
        assertEquals(4, ClassTexture.table("t", List.of(m)).rowCount());
        assertEquals(7.0 / 9, ClassTexture.summary("s", List.of(m)).doubleColumn("texture_top1").get(0), 1e-12);
        // the charts draw one series per model (plus the diagonal in the scatter)
        assertEquals(2, ClassTexture.scatterChart(List.of(m)).getSeriesMap().size());
        assertEquals(1, ClassTexture.histogramChart(List.of(m), 10).getSeriesMap().size());
        assertEquals(List.of(1, 2), ClassTexture.exampleClasses(m, 0.7, 8), "the texture-sufficient classes");
        assertEquals(List.of(1), ClassTexture.exampleClasses(m, 0.7, 1));
        // no class reaches 0.9 (cat 1/3, dog 1/2, frog 2/4): the highest texture accuracies instead, ties by label
        ClassTexture.Model weak = new ClassTexture.Model("weak", standard,
                ClassAccuracy.of(CLASSES, LABELS, new int[] {0, 1, 1, 1, 0, 2, 2, 0, 0}), null);
        assertEquals(List.of(1, 2, 0), ClassTexture.exampleClasses(weak, 0.9, 8));
        assertEquals(List.of(1, 2), ClassTexture.exampleClasses(weak, 0.9, 2));
        assertThrows(IllegalArgumentException.class, () -> new ClassTexture.Model("x", standard,
                ClassAccuracy.of(List.of("a", "b", "c", "d"), LABELS, LABELS), null));
    }
}
