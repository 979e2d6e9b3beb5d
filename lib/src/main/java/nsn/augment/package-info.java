/**
 * Semantic augmentations, the transformations that keep an image's meaning and make positive pairs. MoCo-v2's
 * augmentation ({@code MocoV2Augmentation}) composes one small class per torchvision transform, each drawing from
 * the same random source in a fixed order: {@code RandomResizedCrop} (with the horizontal flip),
 * {@code ColorJitter} (hue as a YIQ rotation rather than an HSV shift), {@code RandomGrayscale},
 * {@code GaussianBlur} and {@code Normalize}; the deterministic evaluation transform resizes and normalises.
 * They run on the CPU on plain arrays, one image at a time, with an explicit random source, so the batch loader
 * can run them on worker threads and a seed reproduces every view. The image being augmented is held as one
 * {@code float[]} per channel (per-thread scratch planes, {@code Pixels.scratch}), which lets the JIT vectorise the
 * per-pixel loops; the result is written to the caller's CHW array at the end.
 */
package nsn.augment;
