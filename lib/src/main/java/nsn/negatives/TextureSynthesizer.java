package nsn.negatives;

import java.util.List;
import nsn.data.ByteImage;

/** Non-parametric multi-resolution texture synthesis (work in progress). */
public final class TextureSynthesizer {

    private final TextureSynthesisConfig config;

    /** A synthesizer with {@code config}. */
    public TextureSynthesizer(TextureSynthesisConfig config) {
        this.config = config;
    }

    /** A synthesizer with the EmbarkStudios defaults. */
    public static TextureSynthesizer defaults() {
        return new TextureSynthesizer(TextureSynthesisConfig.defaults());
    }

    /** Parameters. */
    public TextureSynthesisConfig config() {
        return config;
    }

    /**
     * Synthesizes a {@code height × width} texture from the example images, on the calling thread. The result
     * depends only on the examples, the size, the config and the seed. All examples must have the same number
     * of channels, which the output gets.
     */
    public ByteImage synthesize(List<ByteImage> examples, int height, int width, long seed) {
        throw new UnsupportedOperationException("not yet");
    }
}
