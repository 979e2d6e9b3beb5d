package nsn.experiment;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import nsn.analysis.ClassTexture;
import nsn.analysis.SupervisedConfig;
import nsn.data.DataDirs;
import nsn.model.Backbone;
import nsn.model.ResNet;

/**
 * Settings of {@link ClassTextureExperiment} (§4.2, paper Figures 7, 9, 10): which supervised classifiers to train,
 * on which data, and which test images (and their textures) to score.
 *
 * @param architectures the classifiers, at least one, distinct names
 * @param dataset {@code fashion-mnist}, {@code cifar10} or {@code imagenet100} (the datasets whose texture versions
 *     {@code make-texture-dataset} writes)
 * @param dataDir data root
 * @param trainImages train on a seeded random subset of this many training images (0 = all)
 * @param testImages score a seeded random subset of this many test images and their textures (0 = all)
 * @param textureDir root of the texture dataset of the test split, as {@code make-texture-dataset} writes it;
 *     textures missing there are written first (resumable); {@code null} = {@code <outputDir>/textures}
 * @param outputDir output folder
 * @param training training settings, shared by every architecture
 * @param threshold texture accuracy from which texture is said to suffice for a class, in [0, 1]
 * @param textureThreads threads writing missing textures (0 = all processors)
 * @param seed seed of the subsets, the initialisation, the sample order and the views
 * @param device {@code auto}, {@code cpu}, {@code gpu} or {@code gpu:N}
 * @param quiet no progress bars
 */
public record ClassTextureConfig(List<Architecture> architectures, String dataset, Path dataDir, int trainImages,
        int testImages, Path textureDir, Path outputDir, SupervisedConfig training, double threshold,
        int textureThreads, long seed, String device, boolean quiet) {

    /**
     * One classifier architecture: a ResNet or VGG backbone with a linear head.
     *
     * @param name its name in tables and charts
     * @param depth 10, 18, 34 or 50 for a ResNet; 11, 13, 16 or 19 for a VGG
     * @param width first-stage channels, in [16, 1024] (64 = standard; below 16 the engine gives NaN gradients)
     * @param stem the stem
     * @param backbone the network family; {@code null} reads as {@link Backbone#RESNET}
     */
    public record Architecture(String name, int depth, int width, ResNet.Stem stem, Backbone backbone) {

        /** Validates the fields. */
        public Architecture {
            if (name == null || name.isBlank() || name.contains(",")) {
                throw new IllegalArgumentException("class-texture architecture name must be non-blank without"
                        + " commas, got '" + name + "'");
            }
            if (backbone == null) {
                backbone = Backbone.RESNET;
            }
            try {
                backbone.checkDepth(depth);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("class-texture architecture '" + name + "': " + e.getMessage(),
                        e);
            }
            if (width < 16 || width > 1024) {
                throw new IllegalArgumentException("class-texture architecture '" + name + "' width must be in"
                        + " [16, 1024] (narrower widths give NaN gradients on the CPU engine), got " + width);
            }
            if (stem == null) {
                throw new IllegalArgumentException("class-texture architecture '" + name + "' stem is required");
            }
        }

        /** A ResNet architecture. */
        public Architecture(String name, int depth, int width, ResNet.Stem stem) {
            this(name, depth, width, stem, Backbone.RESNET);
        }

        /** The network's usual name, e.g. {@code ResNet-18} or {@code VGG-11}. */
        public String label() {
            return backbone.label(depth);
        }

        /**
         * Parses {@code NAME=NET:WIDTH:STEM}, e.g. {@code resnet18=18:16:small_strided} or
         * {@code vgg11=vgg11:16:small_strided}: NET is a ResNet depth, optionally prefixed {@code resnet}, or
         * {@code vgg} and a VGG depth; the stem is {@code imagenet}, {@code small} or {@code small_strided}.
         *
         * @throws IllegalArgumentException naming the expected form
         */
        public static Architecture parse(String spec) {
            String form = " (expected NAME=NET:WIDTH:STEM with NET a ResNet depth 10/18/34/50 or vgg11/13/16/19,"
                    + " e.g. resnet18=18:16:small_strided or vgg11=vgg11:16:small_strided)";
            int eq = spec == null ? -1 : spec.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("bad --arch '" + spec + "'" + form);
            }
            String[] parts = spec.substring(eq + 1).split(":");
            if (parts.length != 3) {
                throw new IllegalArgumentException("bad --arch '" + spec + "'" + form);
            }
            try {
                String net = parts[0].trim().toLowerCase(Locale.ROOT).replace("-", "");
                Backbone backbone = Backbone.RESNET;
                if (net.startsWith("vgg")) {
                    backbone = Backbone.VGG;
                    net = net.substring(3);
                } else if (net.startsWith("resnet")) {
                    net = net.substring(6);
                }
                ResNet.Stem stem = ResNet.Stem.valueOf(parts[2].trim().toUpperCase(Locale.ROOT).replace('-', '_'));
                return new Architecture(spec.substring(0, eq), Integer.parseInt(net),
                        Integer.parseInt(parts[1].trim()), stem, backbone);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("bad --arch '" + spec + "': " + e.getMessage() + form, e);
            }
        }
    }

    /** Validates the values; each message names the field and its allowed range. */
    public ClassTextureConfig {
        if (architectures == null || architectures.isEmpty()) {
            throw new IllegalArgumentException("class-texture architectures: at least one is required");
        }
        architectures = List.copyOf(architectures);
        Set<String> names = new HashSet<>();
        for (Architecture a : architectures) {
            if (!names.add(a.name())) {
                throw new IllegalArgumentException("class-texture architecture name '" + a.name()
                        + "' is used twice");
            }
        }
        if (dataset == null || dataset.isBlank()) {
            throw new IllegalArgumentException("class-texture dataset is required");
        }
        DatasetSpec spec = DatasetSpec.of(dataset);
        if (spec == DatasetSpec.STL10 || spec == DatasetSpec.IMAGENET) {
            throw new IllegalArgumentException("class-texture dataset must be fashion-mnist, cifar10 or imagenet100,"
                    + " got " + spec.id());
        }
        dataset = spec.id();
        if (dataDir == null) {
            throw new IllegalArgumentException("class-texture dataDir is required");
        }
        if (outputDir == null) {
            throw new IllegalArgumentException("class-texture outputDir is required");
        }
        if (trainImages < 0) {
            throw new IllegalArgumentException("class-texture trainImages must be >= 0 (0 = all), got "
                    + trainImages);
        }
        if (testImages < 0) {
            throw new IllegalArgumentException("class-texture testImages must be >= 0 (0 = all), got " + testImages);
        }
        if (training == null) {
            throw new IllegalArgumentException("class-texture training settings are required");
        }
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("class-texture threshold must be in [0, 1], got " + threshold);
        }
        if (textureThreads < 0 || textureThreads > 1024) {
            throw new IllegalArgumentException("class-texture textureThreads must be in [0, 1024] (0 = all"
                    + " processors), got " + textureThreads);
        }
    }

    /** The texture folder used: {@code textureDir}, or {@code <outputDir>/textures} when it is {@code null}. */
    public Path textures() {
        return textureDir != null ? textureDir : outputDir.resolve("textures");
    }

    /**
     * The small preset (a few minutes on 2 CPU cores): CIFAR-10, 5,000 training images, 1,000 test images and
     * their textures; ResNet-18 and ResNet-50 at width 16 with the stride-2 3×3 stem, ResNet-10 at width 16
     * with the stride-1 3×3 stem and VGG-11 (BatchNorm, no shortcuts) at width 16 with the stride-2 first
     * convolution; {@link SupervisedConfig#small()}; threshold 0.5.
     */
    public static ClassTextureConfig small() {
        return new ClassTextureConfig(List.of(
                new Architecture("resnet18", 18, 16, ResNet.Stem.SMALL_STRIDED),
                new Architecture("resnet50", 50, 16, ResNet.Stem.SMALL_STRIDED),
                new Architecture("resnet10-s1", 10, 16, ResNet.Stem.SMALL),
                new Architecture("vgg11", 11, 16, ResNet.Stem.SMALL_STRIDED, Backbone.VGG)),
                "cifar10", DataDirs.root(), 5000, 1000, null, Path.of("runs", "class-texture"),
                SupervisedConfig.small(), ClassTexture.DEFAULT_THRESHOLD, 0, 0L, "auto", false);
    }

    /**
     * The paper preset (documented, not run here): ImageNet-100, every training image, every validation image and
     * its texture (ImageNet-Texture of the 100 classes, {@code make-texture-dataset --in data/imagenet100/val}),
     * standard-width ResNet-18, ResNet-34, ResNet-50 and VGG-16 (BatchNorm, global average pooling instead of the
     * fully connected layers) at 224 px, torchvision's recipe
     * ({@link SupervisedConfig#paper()}). The paper scored ResNet-50 and other architectures trained on the full
     * ImageNet-1K.
     */
    public static ClassTextureConfig paper() {
        return new ClassTextureConfig(List.of(
                new Architecture("resnet18", 18, 64, ResNet.Stem.IMAGENET),
                new Architecture("resnet34", 34, 64, ResNet.Stem.IMAGENET),
                new Architecture("resnet50", 50, 64, ResNet.Stem.IMAGENET),
                new Architecture("vgg16", 16, 64, ResNet.Stem.IMAGENET, Backbone.VGG)),
                "imagenet100", DataDirs.root(), 0, 0, null, Path.of("runs", "class-texture-paper"),
                SupervisedConfig.paper(), ClassTexture.DEFAULT_THRESHOLD, 0, 0L, "auto", false);
    }

    /**
     * The smoke preset, to check that everything runs (tests, notebooks, {@code reproduce --preset smoke}): CIFAR-10,
     * one ResNet-18 at width 16 with the stride-2 3×3 stem trained for one epoch on 1,000 training images (batch 64,
     * otherwise {@link SupervisedConfig#small()}), scored on 200 test images and their textures (written under
     * {@code runs/class-texture-smoke/textures}); threshold 0.5. It checks that everything runs, not the paper's
     * finding.
     */
    public static ClassTextureConfig smoke() {
        return new ClassTextureConfig(List.of(new Architecture("resnet18", 18, 16, ResNet.Stem.SMALL_STRIDED)),
                "cifar10", DataDirs.root(), 1000, 200, null, Path.of("runs", "class-texture-smoke"),
                SupervisedConfig.small().withSchedule(1, 64), ClassTexture.DEFAULT_THRESHOLD, 0, 0L, "auto", false);
    }

    /**
     * The preset called {@code name}: {@code small}, {@code medium} (the same as small, which already takes only
     * minutes), {@code paper} or {@code smoke}.
     */
    public static ClassTextureConfig preset(String name) {
        return switch (Presets.parse(name)) {
            case "small", "medium" -> small();
            case "paper" -> paper();
            default -> smoke();
        };
    }

    /** A copy with other architectures. */
    public ClassTextureConfig withArchitectures(List<Architecture> newArchitectures) {
        return new ClassTextureConfig(newArchitectures, dataset, dataDir, trainImages, testImages, textureDir,
                outputDir, training, threshold, textureThreads, seed, device, quiet);
    }

    /** A copy with another dataset, data root, image counts, texture folder and output folder. */
    public ClassTextureConfig withData(String newDataset, Path newDataDir, int newTrainImages, int newTestImages,
            Path newTextureDir, Path newOutputDir) {
        return new ClassTextureConfig(architectures, newDataset, newDataDir, newTrainImages, newTestImages,
                newTextureDir, newOutputDir, training, threshold, textureThreads, seed, device, quiet);
    }

    /** A copy with other training settings and threshold. */
    public ClassTextureConfig withTraining(SupervisedConfig newTraining, double newThreshold) {
        return new ClassTextureConfig(architectures, dataset, dataDir, trainImages, testImages, textureDir,
                outputDir, newTraining, newThreshold, textureThreads, seed, device, quiet);
    }

    /** A copy with other texture threads, seed, device and verbosity. */
    public ClassTextureConfig withRun(int newTextureThreads, long newSeed, String newDevice, boolean newQuiet) {
        return new ClassTextureConfig(architectures, dataset, dataDir, trainImages, testImages, textureDir,
                outputDir, training, threshold, newTextureThreads, newSeed, newDevice, newQuiet);
    }
}
