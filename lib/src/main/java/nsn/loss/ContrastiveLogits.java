package nsn.loss;

import ai.djl.ndarray.NDArray;

/**
 * Logits and target labels of an instance-discrimination task, as MoCo's {@code forward} returns them.
 *
 * @param logits {@code (N, 1 + K + M)}: the positive in column 0, then the K standard negatives, then the M
 *     non-semantic negatives, all already divided by the temperature
 * @param labels {@code (N,)} int64 zeros: the positive is always column 0
 */
public record ContrastiveLogits(NDArray logits, NDArray labels) {}
