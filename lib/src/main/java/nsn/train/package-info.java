/**
 * Pretraining: MoCo-v2 with non-semantic negatives ({@link nsn.train.MoCo}), its feature queue behind
 * {@link nsn.train.FeatureQueue}, the SGD optimiser and learning-rate schedule whose state is checkpointed, the
 * batch loader that makes augmented views and negatives off the training thread (negatives from a
 * {@link nsn.train.NegativeSource}: patches, textures or none), and the epoch loop with atomic checkpoints and
 * exact resume ({@link nsn.train.Pretrainer}).
 */
package nsn.train;
