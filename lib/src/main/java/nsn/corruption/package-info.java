/**
 * The 15 ImageNet-C / CIFAR-10-C image corruptions of Hendrycks &amp; Dietterich, "Benchmarking Neural Network
 * Robustness to Common Corruptions and Perturbations" (ICLR 2019), with their five published severity parameter
 * sets at both scales ({@link nsn.corruption.Scale}): {@link nsn.corruption.Corruption} (the functions),
 * {@link nsn.corruption.CorruptedDataset} (a read-through corrupted view of any {@link nsn.data.ImageDataset}),
 * {@link nsn.corruption.CorruptedDatasetWriter} (an ImageNet-C style {@code <corruption>/<severity>/<class>/<file>.png}
 * tree on disk), {@link nsn.corruption.CorruptionMontage} (a figure) and
 * {@link nsn.corruption.CorruptionBenchmark} (throughput). Parameters are facts taken from
 * {@code ImageNet-C/create_c/make_imagenet_c.py} and {@code make_cifar_c.py} of the public repository
 * {@code hendrycks/robustness}; the code is nsn's own. See {@code docs/CORRUPTIONS.md} for the deviations.
 */
package nsn.corruption;
