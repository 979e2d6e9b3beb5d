package nsn.experiment;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nsn.data.DataDirs;
import nsn.eval.LinearEvalConfig;
import nsn.train.NamedCheckpoint;

/**
 * Settings of the shape-bias evaluation (§4.1, Fig. 6a–b): which pretrained models, which cue-conflict stimuli, and
 * the linear probe that turns each frozen backbone into a classifier.
 *
 * @param dataset the models' dataset (its training split fits the probe, its test split gives the in-domain top-1)
 * @param dataDir data root
 * @param stimuli cue-conflict stimuli in Geirhos' layout, or null to make {@code stimuliPerClass} per class from the
 *     dataset's test split into {@code OUT/stimuli} ({@link nsn.shape.CueConflictBuilder})
 * @param stimuliPerClass stimuli per class made when {@code stimuli} is null
 * @param models the models, in table order; names start with a letter or digit and hold letters, digits, spaces
 *     and {@code . _ / = + -} (they name files)
 * @param randomInit also evaluate the first model's architecture at its random initialisation (seed {@code seed})
 * @param linear the probe
 * @param testImages in-domain test images (a seeded subset; 0 = all)
 * @param outputDir output folder
 * @param device auto, cpu, gpu or gpu:N
 * @param seed seed of the probe, the subsets and the stimuli
 * @param workers threads making stimuli and probe views
 * @param quiet no progress bars
 * @param coarseGroups groups of the dataset's classes (group name to class names) for the coarse and fine accuracy
 *     of Fig. 6d ({@link nsn.eval.GroupAccuracy}); empty to skip it
 */
public record ShapeBiasConfig(String dataset, Path dataDir, Path stimuli, int stimuliPerClass,
        List<NamedCheckpoint> models, boolean randomInit, LinearEvalConfig linear, int testImages, Path outputDir,
        String device, long seed, int workers, boolean quiet, Map<String, List<String>> coarseGroups) {

    /** Without coarse groups. */
    public ShapeBiasConfig(String dataset, Path dataDir, Path stimuli, int stimuliPerClass,
            List<NamedCheckpoint> models, boolean randomInit, LinearEvalConfig linear, int testImages, Path outputDir,
            String device, long seed, int workers, boolean quiet) {
        this(dataset, dataDir, stimuli, stimuliPerClass, models, randomInit, linear, testImages, outputDir, device,
                seed, workers, quiet, Map.of());
    }

    /**
     * The coarse groups of the small preset on CIFAR-10: the six animal classes (a prediction of any animal is
     * coarse-correct for an animal image), the counterpart of the paper's dog breeds.
     */
    public static final Map<String, List<String>> CIFAR10_ANIMALS = Map.of("animal",
            List.of("bird", "cat", "deer", "dog", "frog", "horse"));

    /** Default stimuli per class made from the test split: 200 stimuli on a 10-class dataset. */
    public static final int DEFAULT_STIMULI_PER_CLASS = 20;

    /** Validates the values. */
    public ShapeBiasConfig {
        DatasetSpec.of(dataset);
        if (dataDir == null || outputDir == null) {
            throw new IllegalArgumentException("dataDir and outputDir are required");
        }
        if (stimuliPerClass < 1) {
            throw new IllegalArgumentException("stimuliPerClass: must be positive, got " + stimuliPerClass);
        }
        models = List.copyOf(models);
        if (models.isEmpty()) {
            throw new IllegalArgumentException("models: give at least one checkpoint (--checkpoint NAME=PATH or"
                    + " --grid DIR)");
        }
        Set<String> names = new HashSet<>();
        for (NamedCheckpoint m : models) {
            if (!m.name().matches("[A-Za-z0-9][A-Za-z0-9 ._/=+-]*")) { // names become file and folder names
                throw new IllegalArgumentException("models: name '" + m.name() + "' must start with a letter or digit"
                        + " and hold only letters, digits, spaces and . _ / = + -");
            }
            if (!names.add(m.name())) {
                throw new IllegalArgumentException("models: the name '" + m.name() + "' is used twice");
            }
        }
        if (linear == null) {
            throw new IllegalArgumentException("linear: the probe settings are required");
        }
        if (testImages < 0) {
            throw new IllegalArgumentException("testImages: must be >= 0 (0 = all), got " + testImages);
        }
        if (workers < 1) {
            throw new IllegalArgumentException("workers: must be positive, got " + workers);
        }
        if (device == null || device.isBlank()) {
            throw new IllegalArgumentException("device: required (auto, cpu, gpu or gpu:N)");
        }
        Map<String, List<String>> groups = new LinkedHashMap<>();
        (coarseGroups == null ? Map.<String, List<String>>of() : coarseGroups).forEach((k, v) -> {
            if (v == null || v.isEmpty()) {
                throw new IllegalArgumentException("coarseGroups: group '" + k + "' has no classes");
            }
            groups.put(k, List.copyOf(v));
        });
        coarseGroups = java.util.Collections.unmodifiableMap(groups);
    }

    /** A copy with other coarse groups. */
    public ShapeBiasConfig withCoarseGroups(Map<String, List<String>> groups) {
        return new ShapeBiasConfig(dataset, dataDir, stimuli, stimuliPerClass, models, randomInit, linear, testImages,
                outputDir, device, seed, workers, quiet, groups);
    }

    /**
     * The small preset's evaluation of {@code models} on CIFAR-10: stimuli made from the test split, the probe of the
     * small comparisons (features protocol on {@value Table1Config#SMALL_LINEAR_TRAIN_IMAGES} training images), the
     * in-domain top-1 on all test images, and the coarse/fine accuracy over the animal classes
     * ({@link #CIFAR10_ANIMALS}).
     */
    public static ShapeBiasConfig small(List<NamedCheckpoint> models) {
        return new ShapeBiasConfig("cifar10", DataDirs.root(), null, DEFAULT_STIMULI_PER_CLASS, models, true,
                LinearEvalConfig.defaults().withTrainImages(Table1Config.SMALL_LINEAR_TRAIN_IMAGES), 0,
                Path.of("runs", "shape-bias"), "auto", 0, 2, false, CIFAR10_ANIMALS);
    }

    /**
     * The medium preset's evaluation: {@link #small} with the probe of the medium comparisons (10,000 training
     * images), written to {@code runs/shape-bias-medium}.
     */
    public static ShapeBiasConfig medium(List<NamedCheckpoint> models) {
        return new ShapeBiasConfig("cifar10", DataDirs.root(), null, DEFAULT_STIMULI_PER_CLASS, models, true,
                LinearEvalConfig.defaults().withTrainImages(Table1Config.MEDIUM_LINEAR_TRAIN_IMAGES), 0,
                Path.of("runs", "shape-bias-medium"), "auto", 0, 2, false, CIFAR10_ANIMALS);
    }

    /**
     * The paper preset: ImageNet-100 models with Geirhos' cue-conflict stimuli ({@code stimuli}, e.g.
     * {@code texture-vs-shape/stimuli/style-transfer-preprocessed-512}), the authors' linear protocol, and the
     * coarse/fine accuracy over the dog breeds (Geirhos' dog classes that ImageNet-100 has, as the paper's Fig. 6d).
     */
    public static ShapeBiasConfig paper(List<NamedCheckpoint> models, Path stimuli) {
        return new ShapeBiasConfig("imagenet100", DataDirs.root(), stimuli, DEFAULT_STIMULI_PER_CLASS, models, false,
                LinearEvalConfig.authors(), 0, Path.of("runs", "shape-bias-paper"), "auto", 0, 8, false,
                Map.of("dog", nsn.shape.CategoryMapping.geirhosWnids("dog")));
    }
}
