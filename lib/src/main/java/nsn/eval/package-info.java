/**
 * Evaluation of frozen representations: feature extraction with the deterministic evaluation transform, and
 * the linear probe (a softmax classifier trained on frozen features) reporting top-1 accuracy; kNN and the
 * out-of-domain suites join here in later issues.
 */
package nsn.eval;
