/**
 * Evaluation of frozen representations: feature extraction with the deterministic evaluation transform; the linear
 * probe in its two protocols (nsn's on standardised frozen features, and the authors' augmented protocol that runs
 * the frozen backbone on RandomResizedCrop + flip views at every step), reporting the last and the best epoch and
 * the class probabilities of scored sets; and the weighted kNN classifier (k = 200, cosine, τ = 0.07).
 */
package nsn.eval;
