package nsn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PermutationTest {

    @Test
    void isASeededPermutation() {
        int[] a = Permutation.of(1000, new SplittableRandom(1));
        assertArrayEquals(a, Permutation.of(1000, new SplittableRandom(1)), "same seed, same order");
        assertFalse(Arrays.equals(a, Permutation.of(1000, new SplittableRandom(2))));
        assertArrayEquals(IntStream.range(0, 1000).toArray(), Arrays.stream(a).sorted().toArray());
        assertFalse(Arrays.equals(a, IntStream.range(0, 1000).toArray()), "shuffled");
    }
}
