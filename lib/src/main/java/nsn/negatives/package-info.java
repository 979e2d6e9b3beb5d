/**
 * Non-semantic negative generators (§2.2–2.3): images that keep a source image's superficial features while
 * diminishing its semantics. {@link nsn.negatives.PatchNegatives} tiles random patches of the query view so local
 * statistics survive and global shape does not; it follows the authors' code by default, offers the paper text's
 * non-overlapping variant, and is fast enough to run on the fly in the batch loader. Texture-based negatives are
 * made from the image by texture synthesis. See {@code docs/NEGATIVES.md}.
 */
package nsn.negatives;
