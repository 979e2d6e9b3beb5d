package nsn.experiment;

import java.nio.file.Path;
import java.util.Locale;
import nsn.data.DataDirs;
import nsn.data.DataFetcher;
import nsn.data.FashionMnist;
import nsn.data.ImageDataset;
import nsn.data.ImageFolderDataset;
import nsn.data.InMemoryImageDataset;
import nsn.data.Split;
import nsn.data.Stl10Binary;
import nsn.data.TolerantImageDataset;

/** The datasets experiments can name, and how each is found (and laid out if missing) under a data root. */
public enum DatasetSpec {
    /** Fashion-MNIST, 1×28×28, 60k/10k: the fastest real-data default. */
    FASHION_MNIST("fashion-mnist", 1, 28),
    /** CIFAR-10 as JPEG ImageFolder, 3×32×32, 50k/10k: the colour small preset. */
    CIFAR10("cifar10", 3, 32),
    /**
     * STL-10 from the official binary release in {@code <root>/stl10_binary} (laid out by
     * {@code data-scripts/stl10.sh}), 3×96×96: pretraining on the 5,000 labelled training images plus the 100,000
     * unlabelled ones (§3.4, Table 4), the linear probe on the training split, evaluation on the 8,000 test images.
     */
    STL10("stl10", 3, 96),
    /**
     * ImageNet-100 (the CMC class subset) as ImageFolder in {@code <root>/imagenet100/{train,val}}, laid out by
     * {@code data-scripts/imagenet.sh --subset}; decoded at 256 px for 224 px crops.
     */
    IMAGENET100("imagenet100", 3, 256),
    /**
     * ImageNet-1K (ILSVRC-2012, all 1,000 classes, no class subset) as ImageFolder in {@code <root>/imagenet/{train,val}}
     * (one folder per wnid, laid out by {@code data-scripts/imagenet.sh}); decoded at 256 px for 224 px crops, like
     * ImageNet-100. The dataset of the paper's Table 2 (§3.2).
     */
    IMAGENET("imagenet", 3, 256);

    private final String id;
    private final int channels;
    private final int imageSize;

    DatasetSpec(String id, int channels, int imageSize) {
        this.id = id;
        this.channels = channels;
        this.imageSize = imageSize;
    }

    /** The name used on the command line and in configs. */
    public String id() {
        return id;
    }

    /** Channels of the stored images. */
    public int channels() {
        return channels;
    }

    /** Side of the stored (decoded) images. */
    public int imageSize() {
        return imageSize;
    }

    /** Side of the network input: the stored size for the small datasets, 224 px crops for ImageNet(-100). */
    public int cropSize() {
        return imageNet() ? 224 : imageSize;
    }

    /** Whether this is ImageNet-1K or its ImageNet-100 subset (ImageFolders of wnid folders, 224 px crops). */
    public boolean imageNet() {
        return this == IMAGENET100 || this == IMAGENET;
    }

    /** Looks a dataset up by its id. */
    public static DatasetSpec of(String id) {
        for (DatasetSpec d : values()) {
            if (d.id.equals(id.toLowerCase(Locale.ROOT))) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown dataset '" + id + "'; expected one of fashion-mnist, cifar10,"
                + " stl10, imagenet100, imagenet");
    }

    /**
     * The images pretraining draws from, given the already loaded training split {@code train}: {@code train} itself,
     * except for STL-10, whose 100,000 unlabelled images follow its 5,000 training images (the linear probe still
     * uses {@code train} alone).
     */
    public ImageDataset pretraining(Path dataRoot, ImageDataset train) {
        if (this != STL10) {
            return train;
        }
        return ImageDataset.concat("stl10/train+unlabeled",
                java.util.List.of(train, load(dataRoot, Split.UNLABELED)));
    }

    /**
     * Loads one split, laying the data out first with {@code data-scripts/} when it is missing (Fashion-MNIST
     * and CIFAR-10). Small datasets are read into memory. Image-folder datasets (CIFAR-10 JPEGs, ImageNet-100,
     * ImageNet) are read through {@link ImageDataset#tolerant} with the default 1% limit: an image that fails to
     * decode is replaced by the next readable one of its class and named in a warning (docs/RELIABILITY.md).
     */
    public ImageDataset load(Path dataRoot, Split split) {
        switch (this) {
            case FASHION_MNIST:
                return FashionMnist.load(DataFetcher.create().ensureFashionMnist(dataRoot), split);
            case CIFAR10:
                DataFetcher.create().ensureCifar10(dataRoot);
                return InMemoryImageDataset.copyOf(ImageDataset.tolerant(ImageFolderDataset.builder()
                        .setRoot(DataDirs.cifar10(dataRoot, split))
                        .optChannels(3)
                        .optName("cifar10/" + split.name().toLowerCase(Locale.ROOT))
                        .build(), TolerantImageDataset.DEFAULT_MAX_BAD_FRACTION));
            case STL10:
                return Stl10Binary.load(DataDirs.stl10(dataRoot), split);
            case IMAGENET100:
                return ImageDataset.tolerant(ImageFolderDataset.builder()
                        .setRoot(DataDirs.imagenet100(dataRoot, split))
                        .optChannels(3)
                        .optImageSize(imageSize, imageSize)
                        .optName("imagenet100/" + split.name().toLowerCase(Locale.ROOT))
                        .build(), TolerantImageDataset.DEFAULT_MAX_BAD_FRACTION);
            case IMAGENET:
                return ImageDataset.tolerant(ImageFolderDataset.builder()
                        .setRoot(DataDirs.imagenet(dataRoot, split))
                        .optChannels(3)
                        .optImageSize(imageSize, imageSize)
                        .optName("imagenet/" + split.name().toLowerCase(Locale.ROOT))
                        .build(), TolerantImageDataset.DEFAULT_MAX_BAD_FRACTION);
            default:
                throw new IllegalStateException("unknown dataset " + this);
        }
    }
}
