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
import nsn.model.FlatParameters;
import nsn.report.AtomicFiles;
import nsn.report.Json;

/**
 * A pretraining checkpoint: configuration, the {@linkplain Position position} in the run, the trained encoder
 * (BatchNorm statistics included), then the method's {@linkplain ContrastiveMethod#saveState other state} with the
 * optimiser's momentum buffers — for MoCo the key encoder, the buffers and the queue; for SimCLR the buffers; for
 * BYOL the buffers, the predictor, the target encoder and the step count — and, in a float16 run, the {@linkplain
 * LossScaler loss scale}. {@link Pretrainer} writes one at every
 * epoch end and, with {@link Pretrainer#optCheckpointEvery}, every N steps within an epoch. The learning rate is a
 * function of the global step and every batch a pure function of (seed, epoch, batch index) ({@link
 * PretrainBatches}), and no other random state is drawn during training, so the position is the whole of the
 * schedulers', random generators' and data loader's state: resuming from a checkpoint continues the run exactly.
 *
 * <p>Every checkpoint is written atomically ({@link AtomicFiles}: a temporary file in the same folder, forced to
 * disk, then renamed over the old one), so a process killed while writing leaves the previous checkpoint intact and
 * at most a stale {@code .checkpoint.bin…tmp} file, which {@link Pretrainer} deletes when it starts. A checkpoint
 * never holds a non-finite value: {@link #save} refuses one ({@link NonFiniteStateException}) before the rename,
 * leaving the previous checkpoint as it was.
 *
 * <p>Format: magic {@code NSNCKPT2}, the configuration as JSON, epochs done, then (since version 2) the next batch
 * of the unfinished epoch, the sum and count of its step losses and its seconds so far, then arrays of big-endian
 * floats. Version-1 checkpoints (magic {@code NSNCKPT1}, written only at epoch ends, without the four position
 * fields) still load, as positions at an epoch boundary. MoCo checkpoints are laid out as before the method was
 * configurable, and their configuration (without a method) reads as MoCo-v2.
 */
public final class Checkpoint {

    /** Magic of version 1: epoch-end checkpoints without the position within an epoch. */
    static final String MAGIC_V1 = "NSNCKPT1";

    /** Magic of version 2, the one written: with the position within an epoch. */
    static final String MAGIC = "NSNCKPT2";

    /**
     * Where a run stands: {@code epochsDone} finished epochs, and in the unfinished epoch the batches done so far,
     * the sum and count of their losses (so that the epoch's {@code metrics.csv} loss is the mean over the whole
     * epoch, however often it was interrupted) and the seconds spent on them.
     *
     * @param epochsDone finished epochs, &ge; 0
     * @param nextBatch the first batch of epoch {@code epochsDone} (0-based) still to train; 0 at an epoch boundary
     * @param lossSum sum of the step losses of the batches before {@code nextBatch} in that epoch
     * @param lossCount number of those steps, equal to {@code nextBatch}
     * @param seconds training seconds spent on them
     */
    public record Position(int epochsDone, int nextBatch, double lossSum, int lossCount, double seconds) {

        /** Validates the fields. */
        public Position {
            if (epochsDone < 0 || nextBatch < 0 || lossCount != nextBatch || !(seconds >= 0)) {
                throw new IllegalArgumentException("checkpoint position needs epochsDone >= 0, nextBatch >= 0,"
                        + " lossCount == nextBatch and seconds >= 0, got " + epochsDone + ", " + nextBatch + ", "
                        + lossCount + ", " + seconds);
            }
        }

        /** The boundary after {@code epochs} finished epochs. */
        public static Position epochEnd(int epochs) {
            return new Position(epochs, 0, 0, 0, 0);
        }

        /** Whether the position is at an epoch boundary. */
        public boolean atEpochBoundary() {
            return nextBatch == 0;
        }

        /** Optimisation steps done in total, with {@code stepsPerEpoch} steps per epoch. */
        public long stepsDone(int stepsPerEpoch) {
            return (long) epochsDone * stepsPerEpoch + nextBatch;
        }
    }

    /**
     * The state to checkpoint holds a NaN or infinity: {@link #save} refuses it and the previous checkpoint stays.
     */
    public static final class NonFiniteStateException extends IOException {
        private static final long serialVersionUID = 1L;

        NonFiniteStateException(String message) {
            super(message);
        }
    }

    private Checkpoint() {}

    /** Writes the state of {@code method} and {@code sgd} after {@code epochsDone} whole epochs. */
    public static void save(Path file, PretrainConfig config, int epochsDone, ContrastiveMethod method, Optimizer sgd)
            throws IOException {
        save(file, config, Position.epochEnd(epochsDone), method, sgd);
    }

    /**
     * Writes the state of {@code method} and {@code sgd} at {@code position}, atomically.
     *
     * @throws NonFiniteStateException if a parameter, buffer or queue entry is NaN or infinite; {@code file} is then
     *     left as it was
     */
    public static void save(Path file, PretrainConfig config, Position position, ContrastiveMethod method,
            Optimizer sgd) throws IOException {
        try {
            write(file, config, position, method, sgd);
        } catch (IOException e) {
            // AtomicFiles names the file around any failure; a numerical fault is the caller's to report as such
            if (e.getCause() instanceof NonFiniteStateException nonFinite) {
                throw nonFinite;
            }
            throw e;
        }
    }

    private static void write(Path file, PretrainConfig config, Position position, ContrastiveMethod method,
            Optimizer sgd) throws IOException {
        AtomicFiles.write(file, stream -> {
            DataOutputStream out = new DataOutputStream(stream);
            out.writeUTF(MAGIC);
            writeString(out, Json.write(config));
            out.writeInt(position.epochsDone());
            out.writeInt(position.nextBatch());
            out.writeDouble(position.lossSum());
            out.writeInt(position.lossCount());
            out.writeDouble(position.seconds());
            writeParameters(out, method.encoder().parameters());
            method.saveState(out, sgd);
            if (method.lossScaler().isPresent()) { // float16 runs only: other checkpoints are as before
                method.lossScaler().get().save(out);
            }
            out.flush();
        });
    }

    /**
     * Checks that everything {@link #save} would write is finite, writing nothing.
     *
     * @throws NonFiniteStateException naming the first NaN or infinite value found
     */
    static void checkFinite(ContrastiveMethod method, Optimizer sgd) throws IOException {
        DataOutputStream out = new DataOutputStream(java.io.OutputStream.nullOutputStream());
        writeParameters(out, method.encoder().parameters());
        method.saveState(out, sgd);
    }

    /** The configuration stored in a checkpoint, without loading the tensors. */
    public static PretrainConfig readConfig(Path file) throws IOException {
        try (Header h = open(file)) {
            return Json.gson().fromJson(readString(h.in), PretrainConfig.class);
        }
    }

    /** The position stored in a checkpoint, without loading the tensors (a version-1 one is at an epoch end). */
    public static Position readPosition(Path file) throws IOException {
        try (Header h = open(file)) {
            readString(h.in);
            return readPosition(h, file);
        } catch (java.io.EOFException e) {
            throw new IOException(file + ": checkpoint is truncated", e);
        }
    }

    private static Position readPosition(Header h, Path file) throws IOException {
        int epochs = h.in.readInt();
        if (h.version == 1) {
            return Position.epochEnd(epochs);
        }
        int next = h.in.readInt();
        double sum = h.in.readDouble();
        int count = h.in.readInt();
        double seconds = h.in.readDouble();
        try {
            return new Position(epochs, next, sum, count, seconds);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": corrupt checkpoint position: " + e.getMessage(), e);
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
     * Restores {@code method} and {@code sgd} from {@code file}, returning the whole epochs done (a checkpoint
     * written within an epoch also holds that epoch's position: see {@link #resume}).
     *
     * @throws IOException if the file is not a checkpoint, is truncated, or was written for another config
     */
    public static int load(Path file, PretrainConfig expected, ContrastiveMethod method, Optimizer sgd)
            throws IOException {
        return resume(file, expected, method, sgd).epochsDone();
    }

    /**
     * Restores {@code method} and {@code sgd} from {@code file}, returning the position to continue from.
     *
     * @throws IOException if the file is not a checkpoint, is truncated, or was written for another config
     */
    public static Position resume(Path file, PretrainConfig expected, ContrastiveMethod method, Optimizer sgd)
            throws IOException {
        try (Header h = open(file)) {
            DataInputStream in = h.in;
            String json = readString(in);
            PretrainConfig stored = parseConfig(json);
            if (!expected.equals(stored)) {
                String diff = stored == null ? "" : " It differs in " + differences(stored, expected) + ".";
                throw new IOException(file + ": checkpoint was written for another configuration; use a new"
                        + " output folder or the same settings." + diff + " Stored config: " + json);
            }
            Position position = readPosition(h, file);
            readParameters(in, method.encoder().parameters(), "the encoder", file);
            method.loadState(in, sgd, file);
            if (method.lossScaler().isPresent()) { // the stored config, equal to the method's, says float16
                method.lossScaler().get().load(in, file);
            }
            return position;
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
        try (Header h = open(file)) {
            DataInputStream in = h.in;
            PretrainConfig stored = parseConfig(readString(in));
            if (stored != null && !stored.encoder().equals(encoder.config())) {
                throw new IOException(file + ": the checkpoint's encoder differs from the one to load it into, in "
                        + differences(stored.encoder(), encoder.config()) + "; give the flags it was trained with"
                        + " (e.g. --method, --projector-bn)");
            }
            readPosition(h, file);
            readParameters(in, encoder.parameters(), "the encoder", file);
        } catch (java.io.EOFException e) {
            throw new IOException(file + ": checkpoint is truncated", e);
        }
    }

    /** An open checkpoint after its magic, with the format version the magic names. */
    private record Header(DataInputStream in, int version) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    private static Header open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": no checkpoint file");
        }
        DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16));
        String magic;
        try {
            magic = in.readUTF();
        } catch (IOException e) {
            in.close();
            throw new IOException(file + ": not an nsn checkpoint (expected magic " + MAGIC + " or " + MAGIC_V1
                    + ")", e);
        }
        if (MAGIC.equals(magic)) {
            return new Header(in, 2);
        }
        if (MAGIC_V1.equals(magic)) {
            return new Header(in, 1);
        }
        in.close();
        throw new IOException(file + ": not an nsn checkpoint (expected magic " + MAGIC + " or " + MAGIC_V1 + ")");
    }

    static void writeParameters(DataOutputStream out, List<Parameter> params) throws IOException {
        out.writeInt(params.size());
        for (Parameter p : params) {
            try {
                writeArray(out, p.getArray().toFloatArray());
            } catch (NonFiniteStateException e) {
                throw new NonFiniteStateException("parameter " + p.getName() + ": " + e.getMessage());
            }
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
            FlatParameters.copyInto(a, v); // in place: a packed parameter stays a view of its buffer
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
            FlatParameters.copyInto(b, v);
        }
    }

    /**
     * Writes an array's length and values.
     *
     * @throws NonFiniteStateException if a value is NaN or infinite (nothing of the array is written then)
     */
    static void writeArray(DataOutputStream out, float[] v) throws IOException {
        for (int i = 0; i < v.length; i++) {
            if (!Float.isFinite(v[i])) {
                throw new NonFiniteStateException("value " + i + " of an array of " + v.length + " is " + v[i]);
            }
        }
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
