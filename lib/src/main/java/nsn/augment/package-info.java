/**
 * Semantic augmentations, the transformations that keep an image's meaning and make positive pairs: MoCo-v2's
 * random resized crop, flip, colour jitter, grayscale and blur, and the deterministic evaluation transform.
 * They run on the CPU on plain arrays, one image at a time, with an explicit random source, so the batch loader
 * can run them on worker threads and a seed reproduces every view.
 */
package nsn.augment;
