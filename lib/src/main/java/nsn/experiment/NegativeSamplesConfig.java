package nsn.experiment;

import java.nio.file.Path;
import java.util.List;
import nsn.data.DataDirs;
import nsn.negatives.TextureSynthesisConfig;

/**
 * What {@link NegativeSamplesFigure} draws: paper Figure 1 on real ImageNet images — for each image the input, two
 * MoCo-v2 positive views, the texture-based negative (§2.2) and a patch-based negative (§2.3) for each patch size.
 *
 * @param imagesDir folder of images to draw from, by default the ImageNet sample images laid out by
 *     {@code data-scripts/imagenet-samples.sh} ({@link DataDirs#imagenetSamples})
 * @param images the images to draw, each a file name, a file name without extension, a wnid or a class name
 *     ({@code n02085620_Chihuahua.JPEG}, {@code n02085620_Chihuahua}, {@code n02085620}, {@code Chihuahua}); empty
 *     to take {@code count} images spread evenly over the folder in file-name order
 * @param count number of images (rows of the figure), 1 to {@value #MAX_IMAGES}; equal to the number of
 *     {@code images} when they are named
 * @param patchSizes patch sizes d in pixels of the output size, one patch-negative column each (the paper draws
 *     d ~ U(16, 72) at 224 px during training; the figure shows fixed values of that range)
 * @param outputSize side of the views and negatives in pixels (224 in the paper)
 * @param texture parameters of the texture synthesizer
 * @param seed seed of the views, negatives and texture patches
 * @param outputDir folder receiving {@code figure1.png}, {@code timings.csv} and {@code provenance.json}
 */
public record NegativeSamplesConfig(Path imagesDir, List<String> images, int count, List<Integer> patchSizes,
        int outputSize, TextureSynthesisConfig texture, long seed, Path outputDir) {

    /** The most images (rows) a figure may have. */
    public static final int MAX_IMAGES = 32;

    /** The most patch sizes (patch-negative columns) a figure may have. */
    public static final int MAX_PATCH_SIZES = 8;

    /** Validates each field; the messages name it. */
    public NegativeSamplesConfig {
        if (imagesDir == null) {
            throw new IllegalArgumentException("imagesDir is required");
        }
        if (outputDir == null) {
            throw new IllegalArgumentException("outputDir is required");
        }
        if (texture == null) {
            throw new IllegalArgumentException("texture is required");
        }
        if (images == null) {
            throw new IllegalArgumentException("images must be a list (empty to choose by count)");
        }
        for (String name : images) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("images must not hold blank names, got " + images);
            }
        }
        images = List.copyOf(images);
        if (count < 1 || count > MAX_IMAGES) {
            throw new IllegalArgumentException("count must be in [1, " + MAX_IMAGES + "], got " + count);
        }
        if (!images.isEmpty() && images.size() != count) {
            throw new IllegalArgumentException("count (" + count + ") must equal the number of images named ("
                    + images.size() + ")");
        }
        if (outputSize < 32 || outputSize > 1024) {
            throw new IllegalArgumentException("outputSize must be in [32, 1024], got " + outputSize);
        }
        if (patchSizes == null || patchSizes.isEmpty() || patchSizes.size() > MAX_PATCH_SIZES) {
            throw new IllegalArgumentException("patchSizes must hold 1 to " + MAX_PATCH_SIZES + " sizes, got "
                    + patchSizes);
        }
        for (Integer d : patchSizes) {
            if (d == null || d < 1 || d > outputSize) {
                throw new IllegalArgumentException("patchSizes must each be in [1, outputSize = " + outputSize
                        + "], got " + d);
            }
        }
        patchSizes = List.copyOf(patchSizes);
    }

    /**
     * The paper's setting: 4 images spread over the ImageNet sample images of the data root, views and negatives at
     * 224 px, patch sizes d ∈ {16, 32, 48, 72}, the EmbarkStudios texture-synthesis defaults, seed 42, output in
     * {@code runs/negative-samples}. Cheap enough for a CPU (seconds), so it is also the {@code small} preset.
     */
    public static NegativeSamplesConfig defaults() {
        return new NegativeSamplesConfig(DataDirs.imagenetSamples(DataDirs.root()), List.of(), 4,
                List.of(16, 32, 48, 72), 224, TextureSynthesisConfig.defaults(), 42, Path.of("runs",
                        "negative-samples"));
    }

    /**
     * The smoke preset, for executing notebooks and CLI checks: 2 images at 112 px with the patch sizes halved
     * (d ∈ {8, 16, 24, 36}), output in {@code runs/negative-samples-smoke}.
     */
    public static NegativeSamplesConfig smoke() {
        NegativeSamplesConfig d = defaults();
        return new NegativeSamplesConfig(d.imagesDir(), List.of(), 2, List.of(8, 16, 24, 36), 112, d.texture(),
                d.seed(), Path.of("runs", "negative-samples-smoke"));
    }

    /**
     * The preset called {@code name}, as the CLI's {@code --preset} and the notebooks' {@code NSN_PRESET} name them:
     * {@code small}, {@code medium} and {@code paper} are {@link #defaults()}, {@code smoke} is {@link #smoke()}.
     *
     * @throws IllegalArgumentException naming the bad value and the accepted ones
     */
    public static NegativeSamplesConfig preset(String name) {
        return Presets.parse(name).equals("smoke") ? smoke() : defaults();
    }

    /** A copy drawing from another folder of images. */
    public NegativeSamplesConfig withImagesDir(Path dir) {
        return new NegativeSamplesConfig(dir, images, count, patchSizes, outputSize, texture, seed, outputDir);
    }

    /** A copy drawing the named images (see {@link #images()}); the count becomes their number. */
    public NegativeSamplesConfig withImages(List<String> names) {
        return new NegativeSamplesConfig(imagesDir, names, names == null ? 0 : names.size(), patchSizes, outputSize,
                texture, seed, outputDir);
    }

    /** A copy drawing {@code n} images spread evenly over the folder (any named images are dropped). */
    public NegativeSamplesConfig withCount(int n) {
        return new NegativeSamplesConfig(imagesDir, List.of(), n, patchSizes, outputSize, texture, seed, outputDir);
    }

    /** A copy with another seed. */
    public NegativeSamplesConfig withSeed(long s) {
        return new NegativeSamplesConfig(imagesDir, images, count, patchSizes, outputSize, texture, s, outputDir);
    }

    /** A copy writing to another folder. */
    public NegativeSamplesConfig withOutputDir(Path dir) {
        return new NegativeSamplesConfig(imagesDir, images, count, patchSizes, outputSize, texture, seed, dir);
    }
}
