package nsn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.SplittableRandom;
import nsn.TestData;
import nsn.TestTextures;
import nsn.augment.AugmentConfig;
import nsn.augment.SemanticAugmentation;
import nsn.data.ByteImage;
import nsn.data.ImageDataset;
import nsn.data.ImageFolderDataset;
import nsn.data.InMemoryImageDataset;
import nsn.negatives.NonSemanticNegatives;
import nsn.negatives.TextureDatasets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The batch loader on real Fashion-MNIST and CIFAR-10 images, with each negative source. */
class PretrainBatchesTest {

    /** Fashion-MNIST's augmentation with fixed normalisation. */
    static final SemanticAugmentation GRAY =
            SemanticAugmentation.mocoV2(AugmentConfig.mocoV2(28, new float[] {0.3f}, new float[] {0.35f}));

    /** A colour augmentation at 64 px, blur included. */
    static final SemanticAugmentation COLOUR = SemanticAugmentation.mocoV2(AugmentConfig.mocoV2(64,
            new float[] {0.5f, 0.45f, 0.4f}, new float[] {0.25f, 0.24f, 0.26f}));

    /** SHA-256 of the query, key and negative floats of every batch of the first {@code epochs} epochs. */
    static String digest(PretrainBatches batches, int epochs) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        for (int e = 0; e < epochs; e++) {
            Iterator<PretrainBatches.Batch> it = batches.epoch(e, 0);
            while (it.hasNext()) {
                PretrainBatches.Batch b = it.next();
                for (float[] a : new float[][] {b.query(), b.key(), b.negatives()}) {
                    ByteBuffer buf = ByteBuffer.allocate(a.length * 4);
                    buf.asFloatBuffer().put(a);
                    md.update(buf.array());
                }
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** {@code n} real CIFAR-10 training images, evenly spaced over the sorted ImageFolder. */
    static InMemoryImageDataset cifarSample(int n) {
        ImageFolderDataset all = ImageFolderDataset.builder()
                .setRoot(TestData.cifar10TrainDir()).optChannels(3).build();
        int[] labels = new int[n];
        byte[] px = new byte[n * all.imageBytes()];
        for (int i = 0; i < n; i++) {
            int index = (int) ((long) i * all.size() / n);
            all.readImage(index, px, i * all.imageBytes());
            labels[i] = all.label(index);
        }
        return new InMemoryImageDataset("cifar-sample", 3, 32, 32, all.classes(), px, labels);
    }

    static NegativeSource patches(int min, int max, int m) {
        return m == 0 ? NegativeSource.none() : NegativeSource.patches(NonSemanticNegatives.patches(min, max), m);
    }

    static float[] slice(float[] a, int i, int floats) {
        return Arrays.copyOfRange(a, i * floats, (i + 1) * floats);
    }

    /**
     * Guards the batches against unintended change. The digests were first recorded with the loader as it was
     * before negative sources existed (commit ddd0ad2); the patch digests (M ≥ 1) were re-recorded once, on purpose,
     * when the patch sampler took the authors' exclusive corner bound [0, S − d − 1] (the M = 0 digest is unchanged
     * since then).
     */
    @Test
    void patchAndNoNegativesGiveTheRecordedBatches() throws Exception {
        ImageDataset fashion = TestData.fashionTrain(64);
        String[] expected = {
            "2090f1b2f7ff5314d43d3a9a11b9434f412b67eb141cb4c801540c3f5e7d7c3b",
            "d4e7867796fac6c83e958442bd6af5b3558716ad70f1a19fa47731201af0565c",
            "9ea40cde6970b8fa205c4ec2c02b324c5b070ebf4dbbf3df63ce729c5adfb7a2",
        };
        for (int m = 0; m <= 2; m++) {
            for (int workers : new int[] {1, 3}) {
                try (PretrainBatches b = new PretrainBatches(fashion, GRAY, patches(2, 9, m), 16, 7, workers)) {
                    assertEquals(expected[m], digest(b, 2), "Fashion-MNIST, M = " + m + ", workers " + workers);
                }
            }
        }
        ImageDataset cifar = cifarSample(40);
        String[] colour = {
            "e07aa85f4ab651a9bbd01fb1bd7ce00e2578321552dbb9e4351d6cc3cef42a24",
            "14b23e2e4f3fb0f8a1231a33da84445ea3d4fcc1c0ca5bffade43d5e5577a249",
        };
        for (int m = 1; m <= 2; m++) {
            try (PretrainBatches b = new PretrainBatches(cifar, COLOUR, patches(5, 21, m), 8, 11, 2)) {
                assertEquals(colour[m - 1], digest(b, 2), "CIFAR-10, M = " + m);
            }
        }
    }

    /** Whether {@code staged} holds exactly {@code values} (native order, from position 0 to its capacity). */
    static boolean holds(ByteBuffer staged, float[] values) {
        if (!staged.isDirect() || staged.capacity() != values.length * Float.BYTES) {
            return false;
        }
        float[] back = new float[values.length];
        staged.duplicate().order(staged.order()).clear().asFloatBuffer().get(back);
        return Arrays.equals(back, values);
    }

    /**
     * Staged batches carry direct buffers holding their views, still intact when the consumer asks for the next
     * batch — with the ring of buffers wrapping several times, and after an iterator abandoned with batches still
     * being made; staging does not change the batches.
     */
    @Test
    void stagedBatchesHoldTheirViewsUntilTheNextOne() throws Exception {
        ImageDataset fashion = TestData.fashionTrain(160);
        try (PretrainBatches plain = new PretrainBatches(fashion, GRAY, patches(2, 9, 1), 8, 7, 2);
                PretrainBatches staged = new PretrainBatches(fashion, GRAY, patches(2, 9, 1), 8, 7, 2, true)) {
            assertEquals(digest(plain, 1), digest(staged, 1), "staging must not change the batches");
            assertEquals(null, plain.epoch(0, 0).next().staged(0), "a loader that does not stage");
            Iterator<PretrainBatches.Batch> abandoned = staged.epoch(1, 0);
            abandoned.next(); // the workers go on making the batches after it, into ring buffers reused below
            Iterator<PretrainBatches.Batch> it = staged.epoch(2, 3);
            Iterator<PretrainBatches.Batch> ref = plain.epoch(2, 3);
            int batches = 0;
            PretrainBatches.Batch held = null;
            float[][] heldViews = null;
            while (it.hasNext()) {
                if (held != null) {
                    for (int v = 0; v < 3; v++) {
                        assertTrue(holds(held.staged(v), heldViews[v]), "batch " + held.index() + " view " + v
                                + " changed before the next batch was asked for");
                    }
                }
                held = it.next();
                PretrainBatches.Batch expected = ref.next();
                heldViews = new float[][] {expected.query(), expected.key(), expected.negatives()};
                assertEquals(expected.index(), held.index());
                batches++;
            }
            assertEquals(fashion.size() / 8 - 3, batches);
        }
    }

    @Test
    void noNegativesGiveEmptyNegatives() {
        ImageDataset fashion = TestData.fashionTrain(32);
        try (PretrainBatches b = new PretrainBatches(fashion, GRAY, NegativeSource.none(), 16, 7, 2)) {
            PretrainBatches.Batch batch = b.epoch(0, 0).next();
            assertEquals(0, batch.negatives().length);
            assertEquals(16 * b.viewFloats(), batch.query().length);
            assertEquals(16 * b.viewFloats(), batch.key().length);
        }
    }

    /** The texture of an image being the image itself, its texture negative must be its query view. */
    @Test
    void theImageAsItsOwnTextureGivesExactlyTheQueryView(@TempDir Path tmp) {
        ImageDataset fashion = TestData.fashionTrain(48);
        ImageDataset cifar = TestTextures.cifarFolder(3, tmp.resolve("cifar"));
        checkSelfTexture(fashion, GRAY, tmp.resolve("fashion-textures"));
        checkSelfTexture(cifar, COLOUR, tmp.resolve("cifar-textures"));
    }

    private static void checkSelfTexture(ImageDataset source, SemanticAugmentation augmentation, Path root) {
        ImageDataset textures = TextureDatasets.aligned(source, TestTextures.write(source, t -> t, root));
        try (PretrainBatches batches = new PretrainBatches(source, augmentation, NegativeSource.textures(textures), 8,
                5, 2)) {
            int view = batches.viewFloats();
            int checked = 0;
            for (int epoch = 0; epoch < 2; epoch++) {
                Iterator<PretrainBatches.Batch> it = batches.epoch(epoch, 0);
                while (it.hasNext()) {
                    PretrainBatches.Batch b = it.next();
                    assertEquals(b.size() * view, b.negatives().length);
                    for (int i = 0; i < b.size(); i++) {
                        float[] t = slice(b.negatives(), i, view);
                        String where = source.name() + " epoch " + epoch + " batch " + b.index() + " image " + i;
                        assertArrayEquals(slice(b.query(), i, view), t, where);
                        assertFalse(Arrays.equals(slice(b.key(), i, view), t), where + ": the key view differs");
                        checked++;
                    }
                }
            }
            assertEquals(2 * (source.size() / 8) * 8, checked);
        }
    }

    /**
     * With another texture (the image upside down), the negative is that texture augmented with the query view's
     * random parameters, recomputed here from the documented seeding, and differs from the query view.
     */
    @Test
    void textureNegativeRepeatsTheQueryAugmentationOnTheTexture(@TempDir Path tmp) {
        ImageDataset source = TestTextures.cifarFolder(2, tmp.resolve("cifar"));
        ImageDataset textures = TextureDatasets.aligned(source,
                TestTextures.write(source, TestTextures::flipVertically, tmp.resolve("textures")));
        int n = 4;
        long seed = 13;
        try (PretrainBatches batches = new PretrainBatches(source, COLOUR, NegativeSource.textures(textures), n,
                seed, 3)) {
            int view = batches.viewFloats();
            int epoch = 1;
            int[] order = batches.order(epoch);
            Iterator<PretrainBatches.Batch> it = batches.epoch(epoch, 0);
            while (it.hasNext()) {
                PretrainBatches.Batch b = it.next();
                SplittableRandom batchRng = new SplittableRandom(PretrainBatches.mix(seed, epoch, b.index()));
                for (int i = 0; i < n; i++) {
                    SplittableRandom rng = batchRng.split();
                    long querySeed = rng.nextLong();
                    int index = order[b.index() * n + i];
                    ByteImage image = ByteImage.of(source, index);
                    ByteImage texture = ByteImage.of(textures, index);
                    assertEquals(TestTextures.flipVertically(image), texture, "PNG textures are lossless");
                    float[] q = new float[view];
                    float[] k = new float[view];
                    float[] t = new float[view];
                    COLOUR.apply(image.pixels(), 0, 3, 32, 32, q, 0, new SplittableRandom(querySeed));
                    COLOUR.apply(image.pixels(), 0, 3, 32, 32, k, 0, rng);
                    COLOUR.apply(texture.pixels(), 0, 3, 32, 32, t, 0, new SplittableRandom(querySeed));
                    String where = "batch " + b.index() + " image " + i;
                    assertArrayEquals(q, slice(b.query(), i, view), where + " query");
                    assertArrayEquals(k, slice(b.key(), i, view), where + " key");
                    assertArrayEquals(t, slice(b.negatives(), i, view), where + " texture negative");
                    assertFalse(Arrays.equals(q, t), where + ": the texture negative differs from the query");
                }
            }
        }
    }

    @Test
    void textureBatchesDoNotDependOnTheWorkerCount(@TempDir Path tmp) throws Exception {
        ImageDataset fashion = TestData.fashionTrain(64);
        ImageDataset textures = TextureDatasets.aligned(fashion,
                TestTextures.write(fashion, TestTextures::flipVertically, tmp));
        String one;
        try (PretrainBatches b = new PretrainBatches(fashion, GRAY, NegativeSource.textures(textures), 16, 3, 1)) {
            one = digest(b, 2);
        }
        for (int workers : new int[] {2, 4}) {
            try (PretrainBatches b = new PretrainBatches(fashion, GRAY, NegativeSource.textures(textures), 16, 3,
                    workers)) {
                assertEquals(one, digest(b, 2), workers + " workers");
            }
        }
        try (PretrainBatches b = new PretrainBatches(fashion, GRAY, NegativeSource.textures(textures), 16, 4, 2)) {
            assertFalse(one.equals(digest(b, 2)), "another seed gives other batches");
        }
    }

    @Test
    void texturesOfOtherImagesAreRefused(@TempDir Path tmp) {
        ImageDataset fashion = TestData.fashionTrain(64);
        ImageDataset textures = TextureDatasets.aligned(TestData.fashionTrain(32),
                TestTextures.write(TestData.fashionTrain(32), t -> t, tmp));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new PretrainBatches(fashion, GRAY, NegativeSource.textures(textures), 16, 3, 1));
        assertTrue(e.getMessage().contains("not aligned with fashion-mnist/train[0:64]"), e.getMessage());
    }
}
