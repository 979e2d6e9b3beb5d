/**
 * Image datasets and the readers that lay them out as {@link nsn.data.ImageDataset}s: unsigned bytes in CHW order
 * with integer labels. {@link nsn.data.FashionMnist} reads the IDX files, {@link nsn.data.Cifar10Binary} and
 * {@link nsn.data.Stl10Binary} read the official binary releases, {@link nsn.data.ImageFolderDataset} reads a
 * torchvision-style {@code root/<class>/<image>} tree (the CIFAR-10 JPEG copy, ImageNet and ImageNet-100), and
 * {@link nsn.data.InMemoryImageDataset} holds any of them in memory. {@link nsn.data.ImageDataset#indexed} (a
 * subset read through, on {@link nsn.data.IndexedView}) and {@link nsn.data.ImageDataset#concat} (e.g. STL-10's
 * train + unlabeled splits) are views that copy nothing. Every reader checks the on-disk format and
 * fails with a {@link nsn.data.DatasetFormatException} naming the offending path and what it expected versus what
 * it found; {@link nsn.data.ImageDataset#tolerant} ({@link nsn.data.TolerantImageDataset}) is the policy for images
 * that fail to decode during a run (replaced by the next readable image of their class, counted, limited to a
 * fraction; docs/RELIABILITY.md). {@link nsn.data.DataDirs} knows where each dataset is laid out under the data root and
 * {@link nsn.data.DataFetcher} runs the repository's {@code data-scripts/} to lay out a missing one.
 */
package nsn.data;
