package nsn.ood;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The out-of-domain benchmarks of the paper's §3.1–3.2 and where each keeps its class folders. Every benchmark's
 * folders are ImageNet wnids, mapped onto the model's label set by a {@link ClassMapping}:
 *
 * <ul>
 *   <li>{@link #IMAGENET_C}: {@code root/<corruption>/<severity>/<wnid>/*.JPEG}, many sets, read with
 *       {@link ImageNetC};
 *   <li>{@link #IMAGENET_SKETCH}: {@code root/sketch/<wnid>/*.JPEG} as {@code ImageNet-Sketch.zip} extracts
 *       (<a href="https://github.com/HaohanWang/ImageNet-Sketch">HaohanWang/ImageNet-Sketch</a>), or
 *       {@code root/<wnid>/} when {@code root} has no {@code sketch} folder; every model class must be present;
 *   <li>{@link #IMAGENET_R}: {@code root/<wnid>/*.jpg} as {@code imagenet-r.tar} extracts (<a
 *       href="https://github.com/hendrycks/imagenet-r">hendrycks/imagenet-r</a>), 200 of the 1000 classes: only
 *       the classes shared with the model are read (19 of ImageNet-100's, by the wnid list of the authors'
 *       {@code eval.py}), the classifier still predicting over every model class;
 *   <li>{@link #STYLIZED_IMAGENET}: {@code root/val/<wnid>/*} as the creation code of <a
 *       href="https://github.com/rgeirhos/Stylized-ImageNet">rgeirhos/Stylized-ImageNet</a> writes it
 *       ({@code train/} and {@code val/}; the validation split is read), or {@code root/<wnid>/} when {@code root}
 *       has no {@code val} folder; every model class must be present.
 * </ul>
 */
public enum OodBenchmark {
    /** ImageNet-C, 15 corruptions × 5 severities (and 4 extra corruptions). */
    IMAGENET_C("imagenet-c"),
    /** ImageNet-Sketch, 50 sketches for each of the 1000 classes. */
    IMAGENET_SKETCH("imagenet-sketch"),
    /** ImageNet-R(endition), 30,000 renditions of 200 classes. */
    IMAGENET_R("imagenet-r"),
    /** Stylized-ImageNet, the ImageNet images with the style of a painting. */
    STYLIZED_IMAGENET("stylized-imagenet");

    private final String id;

    OodBenchmark(String id) {
        this.id = id;
    }

    /** The name used on the command line: {@code imagenet-c}, {@code imagenet-sketch}, ... */
    public String id() {
        return id;
    }

    /** The benchmark called {@code id}, or null when none is. */
    public static OodBenchmark find(String id) {
        for (OodBenchmark b : values()) {
            if (b.id.equals(id.toLowerCase(Locale.ROOT))) {
                return b;
            }
        }
        return null;
    }

    /**
     * The benchmark called {@code id}.
     *
     * @throws IllegalArgumentException naming the ids there are
     */
    public static OodBenchmark of(String id) {
        OodBenchmark b = id == null ? null : find(id);
        if (b == null) {
            throw new IllegalArgumentException("unknown out-of-domain benchmark '" + id + "'; expected one of "
                    + ids());
        }
        return b;
    }

    /** Every benchmark's id. */
    public static List<String> ids() {
        return java.util.Arrays.stream(values()).map(OodBenchmark::id).toList();
    }

    /** Whether the benchmark may lack some of the model's classes (only ImageNet-R). */
    public boolean partialClasses() {
        return this == IMAGENET_R;
    }

    /**
     * The folder holding the class folders, for the single-set benchmarks.
     *
     * @throws IllegalArgumentException for ImageNet-C, or when {@code root} is not a folder
     */
    public Path classRoot(Path root) {
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException(id + ": " + root + " is not a folder");
        }
        return switch (this) {
            case IMAGENET_SKETCH -> Files.isDirectory(root.resolve("sketch")) ? root.resolve("sketch") : root;
            case IMAGENET_R -> root;
            case STYLIZED_IMAGENET -> Files.isDirectory(root.resolve("val")) ? root.resolve("val") : root;
            case IMAGENET_C -> throw new IllegalArgumentException("imagenet-c holds many sets: read it with"
                    + " ImageNetC.at(root)");
        };
    }

    /**
     * Reads a single-set benchmark restricted to the model's classes, labelled in the model's label order.
     *
     * @param root the benchmark's folder (see the class comment for what each expects)
     * @param modelClasses the model's classes in label order (wnids)
     * @param channels 1 or 3
     * @param height decoded height in pixels
     * @param width decoded width in pixels
     * @param name the dataset's name
     * @throws IllegalArgumentException naming the folder and the missing classes (all but ImageNet-R must have
     *     every model class; ImageNet-R must share at least one)
     */
    public MappedImageFolder open(Path root, List<String> modelClasses, int channels, int height, int width,
            String name) {
        Path dir = classRoot(root);
        ClassMapping mapping = ClassMapping.ofFolder(modelClasses, dir);
        String what = id + " (" + dir + ")";
        if (partialClasses()) {
            mapping.requireShared(what);
        } else {
            mapping.requireComplete(what);
        }
        return MappedImageFolder.open(dir, mapping, channels, height, width, name);
    }
}
