/**
 * Contrastive objectives with the paper's non-semantic term: the InfoNCE of Eq. 1 (MoCo), SimCLR's NT-Xent with
 * the same term, BYOL's loss with the term of Eq. 2, the ways α can enter ({@link nsn.loss.AlphaMode}), and the
 * cross-entropy helper they share.
 */
package nsn.loss;
