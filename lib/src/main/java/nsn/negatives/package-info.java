/**
 * Non-semantic negative generators (§2.2–2.3): images that keep a source image's superficial features while
 * diminishing its semantics. {@link nsn.negatives.PatchNegatives} tiles random patches of the query view so local
 * statistics survive and global shape does not; it follows the authors' code by default, offers the paper text's
 * non-overlapping variant, and is fast enough to run on the fly in the batch loader.
 * {@link nsn.negatives.TextureNegatives} synthesizes a texture from two patches of the image with
 * {@link nsn.negatives.TextureSynthesizer} (pure-Java non-parametric synthesis in the EmbarkStudios family);
 * {@link nsn.negatives.TextureDatasetJob} writes the texture version of a whole dataset (ImageNet-Texture), which
 * {@link nsn.negatives.TextureDatasets} reads back aligned with its source. {@link nsn.negatives.TextureStats}
 * measures how close a texture is to its examples. See {@code docs/NEGATIVES.md}.
 */
package nsn.negatives;
