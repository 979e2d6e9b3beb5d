package nsn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import nsn.model.Encoder;
import nsn.model.FlatParametersTest;
import org.junit.jupiter.api.Test;

/** Reading a checkpoint writes into packed parameters and SGD's flat momentum in place, so both stay views. */
class FlatCheckpointTest {

    @Test
    void readParametersKeepsThePackedViews() throws IOException {
        try (NDManager m = NDManager.newBaseManager();
                Encoder a = Encoder.create(FlatParametersTest.TINY, m, 1);
                Encoder c = Encoder.create(FlatParametersTest.TINY, m, 9)) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                Checkpoint.writeParameters(out, a.parameters());
            }
            Checkpoint.readParameters(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())),
                    c.parameters(), "the encoder", Path.of("test.bin"));
            assertArrayEquals(a.trainable().values().toFloatArray(), c.trainable().values().toFloatArray());
            FlatParametersTest.assertViews(c);
        }
    }

    @Test
    void aResumedFlatSgdContinuesAsTheUninterruptedOne() throws IOException {
        try (NDManager m = NDManager.newBaseManager();
                Encoder straight = Encoder.create(FlatParametersTest.TINY, m, 4);
                Encoder resumed = Encoder.create(FlatParametersTest.TINY, m, 4)) {
            List<Parameter> ps = FlatParametersTest.trainable(straight);
            List<Parameter> pr = FlatParametersTest.trainable(resumed);
            Sgd s1 = new Sgd(ps, 0.9f, 1e-4f);
            Sgd s2 = new Sgd(pr, 0.9f, 1e-4f);
            for (int step = 0; step < 2; step++) {
                FlatParametersTest.backward(m, straight, step);
                FlatParametersTest.backward(m, resumed, step);
                s1.step(0.05f);
                s2.step(0.05f);
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                Checkpoint.writeParameters(out, resumed.parameters());
                s2.save(out);
            }
            try (Encoder fresh = Encoder.create(FlatParametersTest.TINY, m, 11)) {
                Sgd s3 = new Sgd(FlatParametersTest.trainable(fresh), 0.9f, 1e-4f);
                DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
                Checkpoint.readParameters(in, fresh.parameters(), "the encoder", Path.of("test.bin"));
                s3.load(in);
                for (int step = 2; step < 4; step++) {
                    FlatParametersTest.backward(m, straight, step);
                    FlatParametersTest.backward(m, fresh, step);
                    s1.step(0.05f);
                    s3.step(0.05f);
                }
                assertArrayEquals(straight.trainable().values().toFloatArray(),
                        fresh.trainable().values().toFloatArray());
                FlatParametersTest.assertViews(fresh);
            }
        }
    }
}
