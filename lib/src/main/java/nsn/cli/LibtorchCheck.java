package nsn.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks, before the engine starts, that a libtorch given through {@code PYTORCH_LIBRARY_PATH} (the CUDA route of
 * the {@code cuda} build) is the version DJL's PyTorch JNI was built for. DJL loads any libtorch it is pointed at;
 * with another version the JNI links but fails at the first tensor copy with an unrelated message ("Cannot access
 * data pointer of Tensor that doesn't have storage" with torch 2.11 on an H100, docs/BENCHMARKS.md), so the
 * mismatch is named here instead. A folder that also holds a JNI built for its libtorch ({@code
 * bench/build-djl-jni.sh}) passes: DJL loads that JNI first.
 */
final class LibtorchCheck {

    /** The libtorch version of DJL 0.36's {@code pytorch-jni 2.7.1-0.36.0}. */
    static final String JNI_LIBTORCH = "2.7.1";

    /** The JNI DJL 0.36 loads from the libtorch folder before its own: what bench/build-djl-jni.sh writes. */
    static final String OWN_JNI = "0.36.0-libdjl_torch.so";

    private static final Pattern PIP_VERSION = Pattern.compile("__version__\\s*=\\s*['\"]([^'\"]+)['\"]");

    private LibtorchCheck() {}

    /**
     * The problem with the environment's libtorch, if any.
     *
     * @param env the process environment
     * @return a message naming the folder, its version and the one needed; empty when no override is set, its
     *     version cannot be read, or it matches
     */
    static Optional<String> problem(Map<String, String> env) {
        String path = env.get("PYTORCH_LIBRARY_PATH");
        if (path == null || path.isBlank()) {
            return Optional.empty();
        }
        for (String entry : path.split(File.pathSeparator)) {
            Path dir = Path.of(entry);
            if (!Files.isRegularFile(dir.resolve("libtorch.so"))) {
                continue;
            }
            Optional<String> version = version(dir);
            if (version.isPresent() && !version.get().startsWith(JNI_LIBTORCH) && !hasOwnJni(dir)) {
                return Optional.of("PYTORCH_LIBRARY_PATH=" + dir + " is libtorch " + version.get()
                        + ", but nsn's DJL " + "(pytorch-jni " + JNI_LIBTORCH + "-0.36.0) needs libtorch "
                        + JNI_LIBTORCH + " (e.g. pip install torch==" + JNI_LIBTORCH + " and its torch/lib, or the"
                        + " libtorch " + JNI_LIBTORCH + " zip), or a JNI built for it (bench/build-djl-jni.sh writes "
                        + OWN_JNI + " there); other versions fail at the first tensor copy");
            }
            return Optional.empty(); // DJL uses the first folder with libtorch.so
        }
        return Optional.empty();
    }

    /** Whether {@code lib} holds a JNI of its own, which DJL loads in place of the 2.7.1 one in its jar. */
    static boolean hasOwnJni(Path lib) {
        return Files.isRegularFile(lib.resolve(OWN_JNI)) || Files.isRegularFile(lib.resolve("libdjl_torch.so"));
    }

    /** The version of the libtorch in {@code lib}: pip's {@code torch/version.py} or the zip's build-version. */
    static Optional<String> version(Path lib) {
        try {
            Path pip = lib.resolveSibling("version.py");
            if (Files.isRegularFile(pip)) {
                Matcher m = PIP_VERSION.matcher(Files.readString(pip));
                if (m.find()) {
                    return Optional.of(m.group(1));
                }
            }
            Path zip = lib.resolveSibling("build-version");
            if (Files.isRegularFile(zip)) {
                String v = Files.readString(zip).trim();
                return v.isEmpty() ? Optional.empty() : Optional.of(v);
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
