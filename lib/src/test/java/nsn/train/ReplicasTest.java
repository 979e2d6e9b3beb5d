package nsn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import nsn.model.Encoder;
import org.junit.jupiter.api.Test;

/**
 * Data parallelism on one CPU: several replicas on the same device run the same code as on several GPUs (shards,
 * gather, gradient sum, broadcast), without copies between devices.
 */
class ReplicasTest {

    static List<Device> cpus(int n) {
        return Collections.nCopies(n, Device.cpu());
    }

    static void assertSameParameters(Encoder expected, Encoder actual, String what) {
        List<float[]> a = MoCoTest.snapshot(expected);
        List<float[]> b = MoCoTest.snapshot(actual);
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i), b.get(i), what + ", parameter " + i);
        }
    }

    @Test
    void shardedForwardPutsRowsBackInBatchOrder() {
        try (NDManager m = NDManager.newBaseManager();
                Replicas r = Replicas.create(MoCoTest.TINY, m, cpus(3), 5)) {
            for (int i = 1; i < 3; i++) {
                assertSameParameters(r.master(), r.replica(i), "replica " + i + " starts as the master");
            }
            NDArray x = MoCoTest.images(m, 6, 1);
            // inference mode: every row's output is independent of the others, so sharding must not change it
            float[] whole = r.master().forward(r.store(0), x, false).toFloatArray();
            float[] inOrder = r.forward(x, null, false).toFloatArray();
            long[] order = Replicas.shuffleOrder(6, 11, 0);
            assertNotEquals(Arrays.toString(new long[] {0, 1, 2, 3, 4, 5}), Arrays.toString(order));
            float[] shuffled = r.forward(x, order, false).toFloatArray();
            assertArrayEquals(whole, inOrder, 1e-5f);
            assertArrayEquals(whole, shuffled, 1e-5f, "shuffled shards come back in batch order");
            assertThrows(IllegalArgumentException.class, () -> r.forward(MoCoTest.images(m, 4, 2), null, false),
                    "4 rows over 3 replicas");
        }
    }

    @Test
    void shuffleOrderIsAPermutationFixedBySeedAndStep() {
        long[] a = Replicas.shuffleOrder(64, 3, 7);
        assertArrayEquals(a, Replicas.shuffleOrder(64, 3, 7));
        assertNotEquals(Arrays.toString(a), Arrays.toString(Replicas.shuffleOrder(64, 3, 8)));
        long[] sorted = a.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            assertEquals(i, sorted[i]);
        }
    }

    /**
     * A batch made of one half repeated: each of two replicas sees one copy, whose BatchNorm statistics are the whole
     * batch's, so the summed gradient must be the one-device gradient of the whole batch.
     */
    @Test
    void reducedGradientIsTheWholeBatchGradient() {
        try (NDManager m = NDManager.newBaseManager();
                Replicas one = Replicas.create(MoCoTest.TINY, m, cpus(1), 5);
                Replicas two = Replicas.create(MoCoTest.TINY, m, cpus(2), 5)) {
            NDArray half = MoCoTest.images(m, 4, 3);
            NDArray x = NDArrays.concat(new ai.djl.ndarray.NDList(half, half)); // (8, 1, 12, 12)
            for (Replicas r : List.of(one, two)) {
                try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                    NDArray out = r.forward(x, null, true); // (8, D)
                    c.backward(out.square().mean());
                }
                r.reduceGradients();
            }
            List<Parameter> p1 = one.master().trainable().parameters();
            List<Parameter> p2 = two.master().trainable().parameters();
            List<Parameter> other = two.replica(1).trainable().parameters();
            double largest = 0;
            for (int i = 0; i < p1.size(); i++) {
                float[] g1 = p1.get(i).getArray().getGradient().toFloatArray();
                float[] g2 = p2.get(i).getArray().getGradient().toFloatArray();
                for (int j = 0; j < g1.length; j++) {
                    largest = Math.max(largest, Math.abs(g1[j]));
                    assertEquals(g1[j], g2[j], 1e-5 + 1e-3 * Math.abs(g1[j]), "parameter " + i + "[" + j + "]");
                }
                for (float v : other.get(i).getArray().getGradient().toFloatArray()) {
                    assertEquals(0f, v, "the other replica's gradient is zeroed once summed");
                }
            }
            assertTrue(largest > 1e-4, "the check compares real gradients, largest " + largest);
        }
    }

    @Test
    void mocoOnTwoReplicasKeepsThemEqualAndShufflesByStep() {
        try (NDManager m = NDManager.newBaseManager();
                MoCo moco = new MoCo(new MocoConfig(16, 0.9f, 0.2f, 2f, 1), nsn.loss.AlphaMode.LOGIT,
                        MoCoTest.TINY, m, 7, cpus(2), nsn.model.Precision.FP32)) {
            assertEquals(2, moco.replicas());
            Sgd sgd = new Sgd(moco.trainableParameters(), 0.9f, 1e-4f);
            float[] losses = new float[3];
            for (int s = 0; s < 3; s++) {
                try (NDManager step = m.newSubManager()) {
                    moco.beginStep(s);
                    losses[s] = moco.trainStep(step, MoCoTest.images(step, 4, 10 * s + 1),
                            MoCoTest.images(step, 4, 10 * s + 2), MoCoTest.images(step, 4, 10 * s + 3), sgd, 0.1f);
                }
                assertTrue(Float.isFinite(losses[s]));
                Encoder q = moco.queryReplicas().replica(1);
                Encoder k = moco.keyReplicas().replica(1);
                List<float[]> qm = MoCoTest.snapshot(moco.queryEncoder());
                List<float[]> q1 = MoCoTest.snapshot(q);
                List<float[]> km = MoCoTest.snapshot(moco.keyEncoder());
                List<float[]> k1 = MoCoTest.snapshot(k);
                for (int i = 0; i < qm.size(); i++) {
                    if (!Encoder.isTrainable(moco.queryEncoder().parameters().get(i))) {
                        continue; // running statistics follow each replica's own shards
                    }
                    assertArrayEquals(qm.get(i), q1.get(i), "query replica after step " + s + ", parameter " + i);
                    assertArrayEquals(km.get(i), k1.get(i), "key replica after step " + s + ", parameter " + i);
                }
            }
            assertEquals(12 % 16, moco.queue().pointer(), "each step enqueues the whole batch's keys");
        }
        // The same step index shuffles the keys' shards the same way; another index another way.
        float[] byStep = new float[3];
        for (int t = 0; t < 3; t++) {
            try (NDManager m = NDManager.newBaseManager();
                    MoCo moco = new MoCo(new MocoConfig(16, 0.9f, 0.2f, 2f, 0), nsn.loss.AlphaMode.LOGIT,
                            MoCoTest.TINY, m, 7, cpus(2), nsn.model.Precision.FP32)) {
                Sgd sgd = new Sgd(moco.trainableParameters(), 0.9f, 0f);
                try (NDManager step = m.newSubManager()) {
                    moco.beginStep(t == 2 ? 1 : 0);
                    byStep[t] = moco.trainStep(step, MoCoTest.images(step, 8, 1), MoCoTest.images(step, 8, 2), null,
                            sgd, 0.1f);
                }
            }
        }
        assertEquals(byStep[0], byStep[1], 0f, "same step, same shuffle");
        assertNotEquals(byStep[0], byStep[2], "another step shuffles the keys into other BatchNorm shards");
    }

    @Test
    void devicesMustStartWithTheManagersAndSplitTheBatch() {
        try (NDManager m = NDManager.newBaseManager()) {
            assertThrows(IllegalArgumentException.class, () -> Replicas.create(MoCoTest.TINY, m, List.of(), 1));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Replicas.create(MoCoTest.TINY, m, List.of(Device.gpu(0)), 1));
            assertTrue(e.getMessage().contains("must be the training manager's"), e.getMessage());
        }
    }
}
