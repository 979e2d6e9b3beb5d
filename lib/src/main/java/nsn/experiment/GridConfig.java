package nsn.experiment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What every multi-seed comparison ({@link Comparison}) shares: the base recipe, the seeds, the linear probe's data
 * and the out-of-domain test sets.
 *
 * @param base dataset, data root, output folder, baseline pretraining recipe, linear probe, pretraining subset size,
 *     device and quietness; each arm derives its recipe from {@code base.pretrain()}
 * @param seeds seeds of every arm, at least one, distinct; each seed also picks the pretraining subset
 * @param linearTrainImages training images the linear probe is fitted on, a fixed seeded subset shared by every run
 *     (0 for the whole training set, as the paper's protocol). It is also written into {@code base.linear()} (see
 *     {@link nsn.eval.LinearEvalConfig#trainImages()}) so the two never disagree; 0 here with a subset in
 *     {@code base.linear()} takes that subset
 * @param testImages in-domain test images the probe is evaluated on, a fixed seeded subset (0 for all); the same
 *     number is taken of each out-of-domain set
 * @param ood out-of-domain test sets, each a column of the table after the in-domain one (ImageNet-C: one column,
 *     its per-set numbers and mCE in files next to the table)
 * @param checkpointEvery steps between the checkpoints each pretraining run writes within an epoch, besides the one
 *     at every epoch end ({@link nsn.train.Pretrainer#optCheckpointEvery}); 0 for epoch ends only. Not part of a
 *     run's identity: a grid may resume with another interval
 */
public record GridConfig(QuickstartConfig base, List<Long> seeds, int linearTrainImages, int testImages,
        List<OodSet> ood, int checkpointEvery) {

    /** Validates the values. */
    public GridConfig {
        if (base == null) {
            throw new IllegalArgumentException("base: a base configuration is required");
        }
        if (seeds == null || seeds.isEmpty()) {
            throw new IllegalArgumentException("seeds: at least one seed is required");
        }
        seeds = List.copyOf(seeds);
        if (new HashSet<>(seeds).size() != seeds.size()) {
            throw new IllegalArgumentException("seeds: must be distinct, got " + seeds);
        }
        if (linearTrainImages < 0) {
            throw new IllegalArgumentException("linearTrainImages: must be >= 0 (0 = all), got " + linearTrainImages);
        }
        if (linearTrainImages == 0) {
            linearTrainImages = base.linear().trainImages();
        } else if (base.linear().trainImages() != linearTrainImages) {
            base = base.withLinear(base.linear().withTrainImages(linearTrainImages));
        }
        if (testImages < 0) {
            throw new IllegalArgumentException("testImages: must be >= 0 (0 = all), got " + testImages);
        }
        if (checkpointEvery < 0) {
            throw new IllegalArgumentException(
                    "checkpointEvery: must be >= 0 steps (0 = only at epoch ends), got " + checkpointEvery);
        }
        ood = ood == null ? List.of() : List.copyOf(ood);
        Set<String> names = new HashSet<>();
        names.add(base.dataset());
        for (OodSet o : ood) {
            if (!names.add(o.name())) {
                throw new IllegalArgumentException("ood: the name '" + o.name() + "' is used twice or is the"
                        + " in-domain dataset's");
            }
        }
    }

    /** A grid whose runs checkpoint at epoch ends only. */
    public GridConfig(QuickstartConfig base, List<Long> seeds, int linearTrainImages, int testImages,
            List<OodSet> ood) {
        this(base, seeds, linearTrainImages, testImages, ood, 0);
    }

    /** A copy whose runs also checkpoint every {@code steps} steps within an epoch (0: at epoch ends only). */
    public GridConfig withCheckpointEvery(int steps) {
        return new GridConfig(base, seeds, linearTrainImages, testImages, ood, steps);
    }

    /**
     * Seeds {@code first}, {@code first + 1}, ... ({@code n} of them).
     *
     * @throws IllegalArgumentException if {@code n} is not positive
     */
    public static List<Long> seedRange(long first, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("seeds: the number of seeds must be positive, got " + n);
        }
        List<Long> seeds = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            seeds.add(first + i);
        }
        return seeds;
    }

    /** A copy with another base configuration. */
    public GridConfig withBase(QuickstartConfig newBase) {
        return new GridConfig(newBase, seeds, linearTrainImages, testImages, ood, checkpointEvery);
    }

    /** A copy with other seeds. */
    public GridConfig withSeeds(List<Long> newSeeds) {
        return new GridConfig(base, newSeeds, linearTrainImages, testImages, ood, checkpointEvery);
    }

    /** A copy with another linear-probe training subset (0 = all). */
    public GridConfig withLinearTrainImages(int n) {
        GridConfig g = new GridConfig(base, seeds, n, testImages, ood, checkpointEvery); // validates n
        return n != 0 ? g : new GridConfig(base.withLinear(base.linear().withTrainImages(0)), seeds, 0, testImages,
                ood, checkpointEvery);
    }

    /** A copy with another test subset (0 = all). */
    public GridConfig withTestImages(int n) {
        return new GridConfig(base, seeds, linearTrainImages, n, ood, checkpointEvery);
    }

    /** A copy with other out-of-domain sets. */
    public GridConfig withOod(List<OodSet> newOod) {
        return new GridConfig(base, seeds, linearTrainImages, testImages, newOod, checkpointEvery);
    }

    /** A copy with one more out-of-domain set: the one-liner that adds a column. */
    public GridConfig plusOod(String name, Path dir) {
        List<OodSet> more = new ArrayList<>(ood);
        more.add(new OodSet(name, dir));
        return withOod(more);
    }

    /**
     * A copy with one more out-of-domain column read as {@code benchmark} (null: a plain ImageFolder), e.g.
     * {@code plusOod("imagenet-c", dir, OodBenchmark.IMAGENET_C)}.
     */
    public GridConfig plusOod(String name, Path dir, nsn.ood.OodBenchmark benchmark) {
        List<OodSet> more = new ArrayList<>(ood);
        more.add(new OodSet(name, dir, benchmark));
        return withOod(more);
    }

    /** A copy writing to another folder. */
    public GridConfig withOutputDir(Path dir) {
        return withBase(base.withOutputDir(dir));
    }

    /** A copy reading its in-domain data from another data root. */
    public GridConfig withDataDir(Path dir) {
        return withBase(base.withDataDir(dir));
    }
}
