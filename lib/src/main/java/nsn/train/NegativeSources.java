package nsn.train;

import java.util.Objects;
import java.util.SplittableRandom;
import nsn.data.ImageDataset;
import nsn.negatives.NonSemanticNegatives;

/** The implementations behind {@link NegativeSource}'s factories. */
final class NegativeSources {

    private NegativeSources() {}

    /** No negatives. */
    enum None implements NegativeSource {
        INSTANCE;

        @Override
        public int perImage() {
            return 0;
        }

        @Override
        public boolean replaysQuery() {
            return false;
        }

        @Override
        public void generate(Query query, float[] dst, int dstOffset, SplittableRandom rng) {}

        @Override
        public String toString() {
            return "none";
        }
    }

    /** M negatives made from the query view, one after the other from the image's random source. */
    record Patches(NonSemanticNegatives generator, int perImage) implements NegativeSource {

        Patches {
            Objects.requireNonNull(generator, "generator");
            if (perImage < 1 || perImage > 16) {
                throw new IllegalArgumentException("patch negatives per image must be in [1, 16], got " + perImage);
            }
        }

        @Override
        public boolean replaysQuery() {
            return false;
        }

        @Override
        public void generate(Query query, float[] dst, int dstOffset, SplittableRandom rng) {
            int s = query.augmentation().outputSize();
            int view = query.channels() * s * s;
            for (int m = 0; m < perImage; m++) {
                generator.generate(query.view(), query.offset(), query.channels(), s, dst, dstOffset + m * view, rng);
            }
        }
    }

    /** The aligned texture image, augmented with the query view's random parameters. */
    record Textures(ImageDataset textures) implements NegativeSource {

        Textures {
            Objects.requireNonNull(textures, "textures");
        }

        @Override
        public int perImage() {
            return 1;
        }

        @Override
        public boolean replaysQuery() {
            return true;
        }

        @Override
        public void generate(Query query, float[] dst, int dstOffset, SplittableRandom rng) {
            byte[] pixels = new byte[textures.imageBytes()];
            textures.readImage(query.index(), pixels, 0);
            query.augmentation().apply(pixels, 0, textures.channels(), textures.height(), textures.width(), dst,
                    dstOffset, new SplittableRandom(query.seed()));
        }

        @Override
        public void checkCompatible(ImageDataset data) {
            if (textures.size() != data.size() || textures.channels() != data.channels()
                    || textures.height() != data.height() || textures.width() != data.width()) {
                throw new IllegalArgumentException("the texture dataset " + textures.name() + " (" + textures.size()
                        + " images of " + shape(textures) + ") is not aligned with " + data.name() + " ("
                        + data.size() + " images of " + shape(data) + "): it needs one texture per image with the"
                        + " same channels and size; see TextureDatasets.aligned");
            }
        }

        private static String shape(ImageDataset d) {
            return d.channels() + "x" + d.height() + "x" + d.width();
        }

        @Override
        public String toString() {
            return "textures of " + textures.name();
        }
    }
}
