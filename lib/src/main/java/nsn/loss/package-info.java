/**
 * Contrastive objectives with the paper's alpha-scaled non-semantic term: the InfoNCE of Eq. 1 (MoCo, SimCLR)
 * as logits and labels for a cross-entropy, and the plain cross-entropy helper they share.
 */
package nsn.loss;
