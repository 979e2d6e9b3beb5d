package nsn.train;

import java.nio.file.Path;

/**
 * A trained model to evaluate: a name for tables and charts and the pretraining checkpoint it is read from, as the
 * analyses' {@code --checkpoint NAME=PATH} flags give it.
 *
 * @param name its name in tables and charts, non-blank
 * @param checkpoint the checkpoint file ({@link Checkpoint})
 */
public record NamedCheckpoint(String name, Path checkpoint) {

    /** Validates the fields. */
    public NamedCheckpoint {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("model name must not be blank, got '" + name + "'");
        }
        if (checkpoint == null) {
            throw new IllegalArgumentException("model '" + name + "' needs a checkpoint path");
        }
    }

    /**
     * Parses {@code NAME=PATH}, split at the last {@code =}: the name may contain {@code =} (e.g.
     * {@code alpha=2=runs/a2/checkpoint.bin}), the path may not. Spaces around either part are dropped.
     *
     * @throws IllegalArgumentException naming the expected form
     */
    public static NamedCheckpoint parse(String spec) {
        int eq = spec == null ? -1 : spec.lastIndexOf('=');
        if (eq <= 0 || eq == spec.length() - 1 || spec.substring(0, eq).isBlank()) {
            throw new IllegalArgumentException("--checkpoint must be NAME=PATH (e.g. alpha=2=runs/a2/checkpoint.bin),"
                    + " got '" + spec + "'");
        }
        return new NamedCheckpoint(spec.substring(0, eq).strip(), Path.of(spec.substring(eq + 1).strip()));
    }
}
