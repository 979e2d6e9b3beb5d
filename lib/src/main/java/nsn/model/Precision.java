package nsn.model;

import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The arithmetic of a network's forward and backward passes. {@link #FP32} is plain float32. {@link #BF16} is mixed
 * precision as PyTorch's autocast does it on CPUs and GPUs with bfloat16 units (Intel AMX, NVIDIA Ampere and later):
 * convolutions and linear layers run in bfloat16 on bfloat16 copies of their float32 weights, BatchNorm keeps its
 * float32 parameters and statistics, and the outputs, the loss, the gradients (which reach the float32 weights through
 * the casts) and the optimiser stay float32. DJL's PyTorch engine has no autocast, so {@link Encoder#forward(
 * ai.djl.training.ParameterStore, ai.djl.ndarray.NDArray, boolean, Precision)} makes the casts itself. bfloat16 keeps
 * float32's exponent range, so no loss scaling is needed (float16 would need it, and is not offered).
 */
public enum Precision {
    /** float32 throughout. */
    FP32("fp32", DataType.FLOAT32),
    /** bfloat16 convolutions and linear layers, float32 elsewhere. */
    BF16("bf16", DataType.BFLOAT16);

    private final String id;
    private final DataType compute;

    Precision(String id, DataType compute) {
        this.id = id;
        this.compute = compute;
    }

    /** The name used on the command line and in configurations: {@code fp32} or {@code bf16}. */
    public String id() {
        return id;
    }

    /** The data type convolutions and linear layers compute in. */
    public DataType compute() {
        return compute;
    }

    /** File written beside a JNI built by {@code bench/build-djl-jni.sh}, naming what it adds to DJL's. */
    static final String JNI_FEATURES = "0.36.0-libdjl_torch.features";

    /**
     * Why this precision cannot run with the libtorch JNI the environment selects, if it cannot: DJL 0.36's own JNI
     * has no bfloat16 (a bfloat16 tensor aborts the JVM), so {@link #BF16} needs the JNI {@code bench/build-djl-jni.sh}
     * builds, found in the {@code PYTORCH_LIBRARY_PATH} folder with its features file.
     *
     * @param env the environment ({@code System.getenv()})
     * @return the problem, or empty when the precision can run
     */
    public Optional<String> problem(Map<String, String> env) {
        if (this == FP32) {
            return Optional.empty();
        }
        String lib = env.get("PYTORCH_LIBRARY_PATH");
        Path features = lib == null || lib.isBlank() ? null : Path.of(lib, JNI_FEATURES);
        try {
            if (features != null && Files.isRegularFile(features)
                    && Files.readString(features).lines().anyMatch(l -> l.trim().equals("bfloat16"))) {
                return Optional.empty();
            }
        } catch (IOException e) {
            return Optional.of("cannot read " + features + ": " + e.getMessage());
        }
        return Optional.of("precision bf16 needs a PyTorch JNI with bfloat16, which DJL 0.36's own lacks (it would"
                + " abort the JVM): build one for the machine's libtorch with bench/build-djl-jni.sh and point"
                + " PYTORCH_LIBRARY_PATH at that folder (README, \"GPU\"); "
                + (features == null ? "PYTORCH_LIBRARY_PATH is not set" : "no " + features + " naming bfloat16"));
    }

    /**
     * Throws if {@link #problem} finds one in this process's environment.
     *
     * @throws IllegalArgumentException saying what to do
     */
    public void checkSupported() {
        problem(System.getenv()).ifPresent(p -> {
            throw new IllegalArgumentException(p);
        });
    }

    /**
     * Parses {@code fp32} or {@code bf16} (case and surrounding blanks ignored; {@code float32} and {@code bfloat16}
     * too).
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static Precision of(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        return switch (n) {
            case "fp32", "float32" -> FP32;
            case "bf16", "bfloat16" -> BF16;
            default -> throw new IllegalArgumentException("unknown precision '" + name + "': expected fp32 or bf16");
        };
    }
}
