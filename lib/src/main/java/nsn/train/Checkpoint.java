package nsn.train;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import nsn.model.Encoder;
import nsn.report.AtomicFiles;
import nsn.report.Json;

/**
 * A pretraining checkpoint: configuration, finished epochs, the trained encoder (BatchNorm statistics included),
 * then the method's {@linkplain ContrastiveMethod#saveState other state} with the optimiser's momentum buffers —
 * for MoCo the key encoder, the buffers and the queue; for SimCLR the buffers; for BYOL the buffers, the
 * predictor, the target encoder and the step count. Written atomically at each epoch end; with the loader's
 * per-batch seeding, resuming from it continues the run exactly.
 *
 * <p>Format: magic {@code NSNCKPT1}, the configuration as JSON, epochs done, then arrays of big-endian floats.
 * MoCo checkpoints are laid out as before the method was configurable, and their configuration (without a
 * method) reads as MoCo-v2.
 */
public final class Checkpoint {

    private static final String MAGIC = "NSNCKPT1";

    private Checkpoint() {}

    /** Writes the state of {@code method} and {@code sgd} after {@code epochsDone} epochs. */
    public static void save(Path file, PretrainConfig config, int epochsDone, ContrastiveMethod method, Optimizer sgd)
            throws IOException {
        AtomicFiles.write(file, stream -> {
            DataOutputStream out = new DataOutputStream(stream);
            out.writeUTF(MAGIC);
            writeString(out, Json.write(config));
            out.writeInt(epochsDone);
            writeParameters(out, method.encoder().parameters());
            method.saveState(out, sgd);
            out.flush();
        });
    }

    /** The configuration stored in a checkpoint, without loading the tensors. */
    public static PretrainConfig readConfig(Path file) throws IOException {
        try (DataInputStream in = open(file)) {
            return Json.gson().fromJson(readString(in), PretrainConfig.class);
        }
    }

    /**
     * The configuration in {@code json}, or {@code null} if it does not describe a valid one. Compared as a value
     * rather than as text, so that configurations written before a setting existed read as its default.
     */
    private static PretrainConfig parseConfig(String json) {
        try {
            return Json.gson().fromJson(json, PretrainConfig.class);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * Restores {@code method} and {@code sgd} from {@code file}, returning the epochs done.
     *
     * @throws IOException if the file is not a checkpoint, is truncated, or was written for another config
     */
    public static int load(Path file, PretrainConfig expected, ContrastiveMethod method, Optimizer sgd)
            throws IOException {
        try (DataInputStream in = open(file)) {
            String json = readString(in);
            PretrainConfig stored = parseConfig(json);
            if (!expected.equals(stored)) {
                String diff = stored == null ? "" : " It differs in " + differences(stored, expected) + ".";
                throw new IOException(file + ": checkpoint was written for another configuration; use a new"
                        + " output folder or the same settings." + diff + " Stored config: " + json);
            }
            int epochs = in.readInt();
            readParameters(in, method.encoder().parameters(), "the encoder", file);
            method.loadState(in, sgd, file);
            return epochs;
        } catch (java.io.EOFException e) {
            throw new IOException(file + ": checkpoint is truncated", e);
        }
    }

    /**
     * The components in which two values of the same record type differ, as {@code path: stored X, this run Y}
     * joined by {@code "; "}, descending into nested records (e.g. {@code encoder.headBatchNorm: stored false,
     * this run true}).
     */
    static String differences(Record stored, Record expected) {
        List<String> out = new java.util.ArrayList<>();
        differences("", stored, expected, out);
        return out.isEmpty() ? "nothing (equal)" : String.join("; ", out);
    }

    private static void differences(String prefix, Object a, Object b, List<String> out) {
        if (java.util.Objects.equals(a, b)) {
            return;
        }
        if (a instanceof Record ra && b != null && a.getClass() == b.getClass()) {
            for (java.lang.reflect.RecordComponent c : ra.getClass().getRecordComponents()) {
                try {
                    differences(prefix + c.getName() + ".", c.getAccessor().invoke(a), c.getAccessor().invoke(b),
                            out);
                } catch (ReflectiveOperationException e) {
                    out.add(prefix + c.getName() + " (unreadable)");
                }
            }
            return;
        }
        String name = prefix.isEmpty() ? "value" : prefix.substring(0, prefix.length() - 1);
        out.add(name + ": stored " + a + ", this run " + b);
    }

    /**
     * Loads only the query encoder's parameters (for evaluation).
     *
     * @throws IOException if the file is not a checkpoint, is truncated, or its encoder architecture differs from
     *     {@code encoder}'s (named in the message, e.g. a BYOL projector with BatchNorm against one without)
     */
    public static void loadQueryEncoder(Path file, Encoder encoder) throws IOException {
        try (DataInputStream in = open(file)) {
            PretrainConfig stored = parseConfig(readString(in));
            if (stored != null && !stored.encoder().equals(encoder.config())) {
                throw new IOException(file + ": the checkpoint's encoder differs from the one to load it into, in "
                        + differences(stored.encoder(), encoder.config()) + "; give the flags it was trained with"
                        + " (e.g. --method, --projector-bn)");
            }
            in.readInt();
            readParameters(in, encoder.parameters(), "the encoder", file);
        } catch (java.io.EOFException e) {
            throw new IOException(file + ": checkpoint is truncated", e);
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": no checkpoint file");
        }
        DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16));
        String magic;
        try {
            magic = in.readUTF();
        } catch (IOException e) {
            in.close();
            throw new IOException(file + ": not an nsn checkpoint (expected magic " + MAGIC + ")", e);
        }
        if (!MAGIC.equals(magic)) {
            in.close();
            throw new IOException(file + ": not an nsn checkpoint (expected magic " + MAGIC + ")");
        }
        return in;
    }

    static void writeParameters(DataOutputStream out, List<Parameter> params) throws IOException {
        out.writeInt(params.size());
        for (Parameter p : params) {
            writeArray(out, p.getArray().toFloatArray());
        }
    }

    /** Reads parameters written by {@link #writeParameters} into {@code params}, which {@code what} names. */
    static void readParameters(DataInputStream in, List<Parameter> params, String what, Path file)
            throws IOException {
        int n = in.readInt();
        if (n != params.size()) {
            throw new IOException(file + ": checkpoint has " + n + " parameters, " + what + " has " + params.size());
        }
        for (Parameter p : params) {
            NDArray a = p.getArray();
            float[] v = readArray(in);
            if (v.length != a.size()) {
                throw new IOException(file + ": parameter " + p.getName() + " has " + v.length
                        + " values, expected " + a.size());
            }
            a.set(v);
        }
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readString(DataInputStream in) throws IOException {
        int len = in.readInt();
        if (len < 0 || len > (1 << 24)) {
            throw new IOException("corrupt checkpoint: string of length " + len);
        }
        return new String(in.readNBytes(len), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Writes an optimiser's buffers (their count, then each one's values), as {@link #readBuffers} reads them. */
    static void writeBuffers(DataOutputStream out, List<NDArray> buffers) throws IOException {
        out.writeInt(buffers.size());
        for (NDArray b : buffers) {
            writeArray(out, b.toFloatArray());
        }
    }

    /** Reads buffers written by {@link #writeBuffers} into {@code buffers}, checking their count and sizes. */
    static void readBuffers(DataInputStream in, List<NDArray> buffers) throws IOException {
        int n = in.readInt();
        if (n != buffers.size()) {
            throw new IOException("optimizer state has " + n + " buffers, model has " + buffers.size());
        }
        for (NDArray b : buffers) {
            float[] v = readArray(in);
            if (v.length != b.size()) {
                throw new IOException("optimizer buffer of " + v.length + " values for a parameter of " + b.size());
            }
            b.set(v);
        }
    }

    static void writeArray(DataOutputStream out, float[] v) throws IOException {
        out.writeInt(v.length);
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(v.length * 4);
        buf.asFloatBuffer().put(v);
        out.write(buf.array());
    }

    static float[] readArray(DataInputStream in) throws IOException {
        int len = in.readInt();
        if (len < 0 || len > (1 << 28)) {
            throw new IOException("corrupt checkpoint: array of length " + len);
        }
        byte[] bytes = in.readNBytes(len * 4);
        if (bytes.length != len * 4) {
            throw new java.io.EOFException();
        }
        float[] v = new float[len];
        java.nio.ByteBuffer.wrap(bytes).asFloatBuffer().get(v);
        return v;
    }
}
