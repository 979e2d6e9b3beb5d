package nsn.data;

/** A dataset split. Only STL-10 has an {@link #UNLABELED} split; the other readers reject it. */
public enum Split {
    /** The training split. */
    TRAIN,
    /** The test split (ImageNet's validation set plays this role). */
    TEST,
    /** STL-10's 100,000 unlabelled images (label -1). */
    UNLABELED
}
