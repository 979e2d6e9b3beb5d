/**
 * Out-of-domain evaluation on the real ImageNet benchmarks of the paper's §3.1–3.2: readers for the released layouts
 * of ImageNet-C ({@link nsn.ood.ImageNetC}), ImageNet-Sketch, ImageNet-R and Stylized-ImageNet
 * ({@link nsn.ood.OodBenchmark}), all mapping the benchmark's wnid folders onto the model's label set through one
 * {@link nsn.ood.ClassMapping} and reading the shared classes as {@link nsn.ood.MappedImageFolder}s; ImageNet-C's
 * metrics — mean top-1, corruption errors and mCE normalised by AlexNet's published errors, relative mCE —
 * ({@link nsn.ood.ImageNetCScore}) and their multi-seed report files ({@link nsn.ood.ImageNetCReport}). The
 * comparison grid ({@link nsn.experiment.Comparison}) uses them for its {@code --ood KIND=DIR} columns; see
 * {@code docs/OOD.md}.
 */
package nsn.ood;
