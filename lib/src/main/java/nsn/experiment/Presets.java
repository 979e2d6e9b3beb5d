package nsn.experiment;

import java.util.List;
import java.util.Locale;

/**
 * The scales every section of the paper has, smallest first: {@code smoke} (checks that everything runs, for tests),
 * {@code small} (the default: every section on CIFAR-10 / Fashion-MNIST, all of them in under 20 minutes on 2 cores,
 * as the notebooks run in CI), {@code medium} (the CPU scale of the results in docs/RESULTS.md, about an hour for
 * every section) and {@code paper} (the paper's ImageNet recipes, for a CUDA GPU). Every command and configuration
 * reads a preset name through {@link #parse}.
 */
public final class Presets {

    /** The preset names, smallest first. */
    public static final List<String> NAMES = List.of("smoke", "small", "medium", "paper");

    private Presets() {}

    /**
     * The preset name normalised (trimmed, lower case), or an exception naming the bad value.
     *
     * @param name small, medium, paper or smoke, in any case
     * @return the name as listed in {@link #NAMES}
     * @throws IllegalArgumentException naming {@code name} and the accepted ones
     */
    public static String parse(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        if (!NAMES.contains(n)) {
            throw new IllegalArgumentException("preset: unknown preset '" + name + "': expected small, medium, paper"
                    + " or smoke");
        }
        return n;
    }
}
