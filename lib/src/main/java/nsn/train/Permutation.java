package nsn.train;

import java.util.SplittableRandom;

/** Seeded random permutations, the sample orders of pretraining and linear-probe epochs. */
public final class Permutation {

    private Permutation() {}

    /** A uniformly random permutation of {@code 0 .. n-1} (Fisher–Yates, from the last position down). */
    public static int[] of(int n, SplittableRandom rng) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
        }
        return idx;
    }
}
