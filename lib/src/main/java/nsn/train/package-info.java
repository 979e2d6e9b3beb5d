/**
 * Pretraining: the contrastive methods behind {@link nsn.train.ContrastiveMethod} — MoCo-v2
 * ({@link nsn.train.MoCo}), SimCLR ({@link nsn.train.SimClr}) and BYOL ({@link nsn.train.Byol}), each with
 * non-semantic negatives, chosen by {@link nsn.train.MethodConfig} — MoCo's feature queue behind
 * {@link nsn.train.FeatureQueue}, the optimisers ({@link nsn.train.Sgd} or {@link nsn.train.Lars}, chosen by
 * {@link nsn.train.OptimizerConfig}) and learning-rate schedule whose state is checkpointed, the
 * batch loader that makes augmented views and negatives off the training thread (negatives from a
 * {@link nsn.train.NegativeSource}: patches, textures or none; staged by the loader for an accelerator and uploaded
 * through {@link nsn.train.HostStaging}), data-parallel training on several devices ({@link nsn.train.Replicas}:
 * sharded forwards, gradients summed on the first device, MoCo's shuffle BN), float16's dynamic loss scaling
 * ({@link nsn.train.LossScaler}), glibc's allocator settings ({@link nsn.train.NativeAllocator}), and the epoch loop
 * ({@link nsn.train.Pretrainer})
 * with atomic {@link nsn.train.Checkpoint checkpoints} at epoch ends and every N steps, exact resume at the next
 * batch after a kill, and a stop on non-finite losses that keeps the last good checkpoint.
 */
package nsn.train;
