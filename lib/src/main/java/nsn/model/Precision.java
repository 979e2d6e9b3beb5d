package nsn.model;

import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The arithmetic of a network's forward and backward passes. {@link #FP32} is plain float32. {@link #BF16} and
 * {@link #FP16} are mixed precision as PyTorch's autocast does it: convolutions and linear layers run in bfloat16 or
 * float16 on copies of their float32 weights, BatchNorm keeps its float32 parameters and statistics, and the outputs,
 * the loss, the gradients (which reach the float32 weights through the casts) and the optimiser stay float32. DJL's
 * PyTorch engine has no autocast, so {@link Encoder#forward(ai.djl.training.ParameterStore, ai.djl.ndarray.NDArray,
 * boolean, Precision)} makes the casts itself. bfloat16 keeps float32's exponent range and needs no loss scaling;
 * float16 does (its gradients underflow below 6e-8), so an {@link #FP16} run scales its loss dynamically as PyTorch's
 * {@code GradScaler} does ({@code nsn.train.LossScaler}). bfloat16 is for hardware with bfloat16 units (NVIDIA Ampere
 * and later, Intel AMX) and needs the JNI {@code bench/build-djl-jni.sh} builds; float16 runs with DJL's own JNI and is
 * for GPUs without bfloat16 (Volta, Turing). CPUs have no fast float16 kernels: there it is for tests only.
 */
public enum Precision {
    /** float32 throughout. */
    FP32("fp32", DataType.FLOAT32),
    /** bfloat16 convolutions and linear layers, float32 elsewhere. */
    BF16("bf16", DataType.BFLOAT16),
    /** float16 convolutions and linear layers, float32 elsewhere, with dynamic loss scaling. */
    FP16("fp16", DataType.FLOAT16);

    private final String id;
    private final DataType compute;

    Precision(String id, DataType compute) {
        this.id = id;
        this.compute = compute;
    }

    /** The name used on the command line and in configurations: {@code fp32}, {@code bf16} or {@code fp16}. */
    public String id() {
        return id;
    }

    /** The data type convolutions and linear layers compute in. */
    public DataType compute() {
        return compute;
    }

    /** Whether training in this precision scales its loss (float16's narrow exponent range). */
    public boolean scalesLoss() {
        return this == FP16;
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
        if (this != BF16) {
            return Optional.empty(); // float16 is in DJL's own dtype table
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
     * Parses {@code fp32}, {@code bf16} or {@code fp16} (case and surrounding blanks ignored; {@code float32},
     * {@code bfloat16} and {@code float16} too).
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static Precision of(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        return switch (n) {
            case "fp32", "float32" -> FP32;
            case "bf16", "bfloat16" -> BF16;
            case "fp16", "float16" -> FP16;
            default -> throw new IllegalArgumentException("unknown precision '" + name
                    + "': expected fp32, bf16 or fp16");
        };
    }
}
