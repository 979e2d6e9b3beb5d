package nsn.data;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A dataset read through from a source whose images may fail to decode one by one (a truncated JPEG, garbage bytes
 * under an image name): the policy for bad images met <em>during</em> a run, documented in
 * {@code docs/RELIABILITY.md}.
 *
 * <ul>
 *   <li>When {@code source.readImage(i)} fails with a {@link DatasetFormatException}, image {@code i} is marked bad,
 *       one warning naming the file is printed, and the <em>substitute</em> is read instead: the first index
 *       {@code i + 1, i + 2, …} (wrapping round) with the same label whose image decodes. The substitute depends
 *       only on which files are bad, not on the order or thread of the reads, so a seeded run stays reproducible
 *       and the label returned by {@link #label} still matches the pixels.</li>
 *   <li>Each bad image is counted once ({@link #badImages}); every read that was answered by a substitute is
 *       counted too ({@link #substitutions}). {@link #summary} is the line a run prints at its end.</li>
 *   <li>When more than {@code maxBadFraction} of the images are bad (strictly more than
 *       {@code floor(maxBadFraction × size)}), the read fails with a {@link DatasetFormatException} naming the file
 *       that crossed the limit and the first bad files: the data is broken, not unlucky.</li>
 * </ul>
 *
 * <p>Structural problems (a missing root, an empty class folder, a class list naming a folder that does not exist,
 * label and image counts that disagree) are not this class's business: the readers reject them when the dataset is
 * opened. Other exceptions (an I/O error of the disk itself) propagate unchanged. The name, classes, labels and
 * fingerprint are the source's.
 */
public final class TolerantImageDataset extends ForwardingImageDataset {

    /** The default limit: a run stops once more than 1% of its images fail to decode. */
    public static final double DEFAULT_MAX_BAD_FRACTION = 0.01;

    private static final int LISTED = 5;

    private final double maxBadFraction;
    private final long maxBad;
    private final PrintStream log;
    private final Map<Integer, DatasetFormatException> bad = new ConcurrentSkipListMap<>();
    private final Map<Integer, Integer> substitutes = new ConcurrentHashMap<>();
    private final AtomicLong substitutions = new AtomicLong();

    TolerantImageDataset(ImageDataset source, double maxBadFraction, PrintStream log) {
        super(source);
        if (!(maxBadFraction >= 0 && maxBadFraction < 1)) {
            throw new IllegalArgumentException("maxBadFraction must be in [0, 1), got " + maxBadFraction);
        }
        this.maxBadFraction = maxBadFraction;
        this.maxBad = (long) Math.floor(maxBadFraction * source.size());
        this.log = log;
    }


    /** The largest fraction of bad images tolerated. */
    public double maxBadFraction() {
        return maxBadFraction;
    }

    /** Distinct images found bad so far. */
    public int badImages() {
        return bad.size();
    }

    /** Reads answered by a substitute so far (a bad image read in several epochs counts each time). */
    public long substitutions() {
        return substitutions.get();
    }

    /** The problems found so far, {@code "<path>: <problem>"}, by index. */
    public List<String> problems() {
        return bad.values().stream().map(Throwable::getMessage).toList();
    }

    /**
     * One line for the end of a run, e.g. {@code cifar10/train: 2 of 50000 images undecodable and replaced (limit
     * 500), 6 reads substituted; first: data/…/0007.jpg: truncated: …}, or {@code cifar10/train: all images
     * decoded} when none failed.
     */
    public String summary() {
        if (bad.isEmpty()) {
            return source.name() + ": all images read decoded";
        }
        return source.name() + ": " + bad.size() + " of " + source.size() + " images undecodable and replaced"
                + " (limit " + maxBad + "), " + substitutions.get() + " reads substituted; first: "
                + firstProblems();
    }

    @Override
    public void readImage(int index, byte[] dst, int offset) {
        Objects.checkIndex(index, size());
        Integer known = substitutes.get(index);
        if (known != null) {
            source.readImage(known, dst, offset);
            substitutions.incrementAndGet();
            return;
        }
        if (!bad.containsKey(index)) {
            try {
                source.readImage(index, dst, offset);
                return;
            } catch (DatasetFormatException e) {
                markBad(index, e);
            }
        }
        int label = source.label(index);
        int n = size();
        for (int step = 1; step < n; step++) {
            int candidate = (int) (((long) index + step) % n);
            if (source.label(candidate) != label || bad.containsKey(candidate)) {
                continue;
            }
            try {
                source.readImage(candidate, dst, offset);
            } catch (DatasetFormatException e) {
                markBad(candidate, e);
                continue;
            }
            substitutes.put(index, candidate);
            substitutions.incrementAndGet();
            return;
        }
        throw new DatasetFormatException(problemPath(index), "no image with label " + label + " of "
                + source.name() + " decodes, so none can replace this one");
    }

    private void markBad(int index, DatasetFormatException e) {
        if (bad.putIfAbsent(index, e) != null) {
            return;
        }
        int count = bad.size();
        if (count > maxBad) {
            throw new DatasetFormatException(e.path(), "too many undecodable images: " + count + " of "
                    + source.size() + " in " + source.name() + " fail, more than the limit of " + maxBad + " ("
                    + maxBadFraction + " of the images); first: "
                    + firstProblems(), e);
        }
        if (log != null) {
            log.println("nsn: warning: skipping an undecodable image (" + count + " of at most " + maxBad
                    + " tolerated in " + source.name() + "), reading the next readable image of its class instead: "
                    + e.getMessage());
        }
    }

    private Path problemPath(int index) {
        DatasetFormatException e = bad.get(index);
        return e == null ? Path.of(source.name()) : e.path();
    }

    private String firstProblems() {
        return String.join("; ", bad.values().stream().limit(LISTED).map(Throwable::getMessage).toList());
    }









    @Override
    public String toString() {
        return source + " (tolerating up to " + maxBad + " undecodable images)";
    }
}
