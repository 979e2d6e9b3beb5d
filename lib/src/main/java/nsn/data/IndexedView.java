package nsn.data;

import java.util.Objects;

/**
 * Base of datasets whose image {@code i} stands for image {@code indices[i]} of a source dataset: the shape, classes
 * and labels are the source's at those indices; subclasses say how an image is read and fingerprinted (the source's
 * pixels for {@link ImageDataset#indexed}, another file per image for a texture dataset aligned with its source).
 */
public abstract class IndexedView extends ForwardingImageDataset {

    /** Source index of each image of the view. */
    protected final int[] indices;
    private final String name;

    /**
     * @param name the view's name
     * @param source the dataset the indices point into
     * @param indices source index of each image (copied)
     * @throws IndexOutOfBoundsException naming an index outside the source
     */
    protected IndexedView(String name, ImageDataset source, int[] indices) {
        super(source);
        this.name = name;
        this.indices = indices.clone();
        for (int i : this.indices) {
            Objects.checkIndex(i, source.size());
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int size() {
        return indices.length;
    }





    @Override
    public int label(int index) {
        return source.label(indices[index]);
    }

    /** Image {@code index} of the view; subclasses read it from the source at {@code indices[index]} or elsewhere. */
    @Override
    public abstract void readImage(int index, byte[] dst, int offset);

    @Override
    public abstract String fingerprint();
}
