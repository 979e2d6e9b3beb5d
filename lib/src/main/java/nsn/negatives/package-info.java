/**
 * Non-semantic negative generators (§2.2–2.3): patch-based negatives that tile random patches of the query view
 * so local statistics survive and global shape does not, computed on the fly in the batch loader; texture-based
 * negatives come in a later issue.
 */
package nsn.negatives;
