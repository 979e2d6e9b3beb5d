/**
 * Analyses of trained encoders beyond accuracy: §2.4's hardness of the negatives ({@link nsn.analysis.Hardness}, paper
 * Figures 2–3) — the cosine similarity between a query's embedding and its positive key, standard negatives,
 * texture-based and patch-based non-semantic negatives (the {@code hardness} experiment that measures it for several
 * checkpoints is {@link nsn.experiment.HardnessExperiment}); supervised ResNet classifiers
 * ({@link nsn.analysis.SupervisedClassifier}, {@link nsn.analysis.SupervisedConfig}) and §4.2's per-class analysis
 * on texture images ({@link nsn.analysis.ClassAccuracy}, {@link nsn.analysis.ClassTexture}). Nothing here depends on
 * {@code nsn.experiment}; the experiments call into this package.
 */
package nsn.analysis;
