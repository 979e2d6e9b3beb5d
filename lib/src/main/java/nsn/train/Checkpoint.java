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
 * A pretraining checkpoint: configuration, finished epochs, both encoders (BatchNorm statistics included), the
 * optimiser's momentum buffers and the queue. Written atomically at each epoch end; with the loader's
 * per-batch seeding, resuming from it continues the run exactly.
 *
 * <p>Format: magic {@code NSNCKPT1}, the configuration as JSON, epochs done, then arrays of big-endian floats.
 */
public final class Checkpoint {

    private static final String MAGIC = "NSNCKPT1";

    private Checkpoint() {}

    /** Writes the state of {@code moco} and {@code sgd} after {@code epochsDone} epochs. */
    public static void save(Path file, PretrainConfig config, int epochsDone, MoCo moco, Sgd sgd)
            throws IOException {
        AtomicFiles.write(file, stream -> {
            DataOutputStream out = new DataOutputStream(stream);
            out.writeUTF(MAGIC);
            writeString(out, Json.write(config));
            out.writeInt(epochsDone);
            writeParameters(out, moco.queryEncoder().parameters());
            writeParameters(out, moco.keyEncoder().parameters());
            sgd.save(out);
            FeatureQueue q = moco.queue();
            out.writeInt(q.pointer());
            writeArray(out, q.keys().toFloatArray());
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
     * Restores {@code moco} and {@code sgd} from {@code file}, returning the epochs done.
     *
     * @throws IOException if the file is not a checkpoint, is truncated, or was written for another config
     */
    public static int load(Path file, PretrainConfig expected, MoCo moco, Sgd sgd) throws IOException {
        try (DataInputStream in = open(file)) {
            String json = readString(in);
            if (!json.equals(Json.write(expected))) {
                throw new IOException(file + ": checkpoint was written for another configuration; use a new"
                        + " output folder or the same settings. Stored config: " + json);
            }
            int epochs = in.readInt();
            readParameters(in, moco.queryEncoder(), file);
            readParameters(in, moco.keyEncoder(), file);
            sgd.load(in);
            int pointer = in.readInt();
            moco.queue().restore(readArray(in), pointer);
            return epochs;
        } catch (java.io.EOFException e) {
            throw new IOException(file + ": checkpoint is truncated", e);
        }
    }

    /** Loads only the query encoder's parameters (for evaluation). */
    public static void loadQueryEncoder(Path file, Encoder encoder) throws IOException {
        try (DataInputStream in = open(file)) {
            readString(in);
            in.readInt();
            readParameters(in, encoder, file);
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

    private static void writeParameters(DataOutputStream out, List<Parameter> params) throws IOException {
        out.writeInt(params.size());
        for (Parameter p : params) {
            writeArray(out, p.getArray().toFloatArray());
        }
    }

    private static void readParameters(DataInputStream in, Encoder encoder, Path file) throws IOException {
        List<Parameter> params = encoder.parameters();
        int n = in.readInt();
        if (n != params.size()) {
            throw new IOException(file + ": checkpoint has " + n + " parameters, the encoder has " + params.size());
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
