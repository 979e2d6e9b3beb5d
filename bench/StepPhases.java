import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.*;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.*;
import nsn.model.*;
import nsn.train.*;
import nsn.loss.*;

/**
 * Per-phase times of nsn's MoCo-v2 step (momentum update, key forward, negatives' forward, query forward + loss,
 * backward, SGD, enqueue), each phase ended by a host read that waits for the device; bench/step_phases.py times
 * the same phases of the PyTorch reference. A diagnostic beside {@code nsn bench step}, which times whole steps:
 *
 *   java -cp lib/target/nsn.jar bench/StepPhases.java DEPTH BATCH SIZE QUEUE [cpu|gpu] [WARMUP]
 *
 * (a JRE without javac: compile it first with {@code javac -cp lib/target/nsn.jar -d DIR bench/StepPhases.java}).
 * Width 64, MoCo-v2 head, one patch-sized negative per image; WARMUP (default 200) untimed phased steps first, so
 * that the JIT has compiled the host side (a cold JVM issues each op several times slower), then 13 timed ones
 * (3 dropped), then 6 whole steps.
 */
public class StepPhases {
    public static void main(String[] a) {
        System.out.println("allocator: " + NativeAllocator.tune());
        int depth = Integer.parseInt(a[0]), n = Integer.parseInt(a[1]), s = Integer.parseInt(a[2]);
        int kq = Integer.parseInt(a[3]);
        Device dev = a.length > 4 && a[4].equals("gpu") ? Device.gpu(0) : Device.cpu();
        int warmup = a.length > 5 ? Integer.parseInt(a[5]) : 200;
        try (NDManager m = NDManager.newBaseManager(dev)) {
            EncoderConfig ec = new EncoderConfig(depth, 64, s >= 128 ? ResNet.Stem.IMAGENET : ResNet.Stem.SMALL, 3, s,
                    128, true);
            MoCo moco = new MoCo(new MocoConfig(kq, 0.999f, 0.2f, 2f, 1), AlphaMode.LOGIT, ec, m, 0);
            Sgd sgd = new Sgd(moco.trainableParameters(), 0.9f, 1e-4f);
            ParameterStore ps = new ParameterStore(m, false);
            InfoNce loss = new InfoNce(0.2f, 2f);
            float[] x = new float[n * 3 * s * s];
            Random r = new Random(0);
            for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
            Shape sh = new Shape(n, 3, s, s);
            String[] names = {"momentum", "key fwd", "ns fwd", "q fwd+loss", "backward", "sgd", "enqueue"};
            double[][] t = new double[13][7];
            double[] inputs = new double[13];
            for (int w = -warmup; w < 13; w++) {
                int it = Math.max(w, 0); // the warm-up's times are overwritten by the timed steps'
                try (NDManager step = m.newSubManager()) {
                    long c0 = System.nanoTime();
                    NDArray xq = step.create(x, sh), xk = step.create(x, sh), xns = step.create(x, sh);
                    xns.sum().getFloat();
                    inputs[it] = (System.nanoTime() - c0) / 1e6;
                    long t0 = System.nanoTime();
                    sync(moco);
                    t0 = System.nanoTime();
                    moco.keyEncoder().momentumUpdateFrom(moco.queryEncoder(), 0.999f);
                    sync(moco);
                    long t1 = System.nanoTime();
                    NDArray k = fwd(step, moco.keyEncoder(), ps, xk);
                    k.sum().getFloat();
                    long t2 = System.nanoTime();
                    NDArray ns = fwd(step, moco.keyEncoder(), ps, xns).reshape(n, 1, 128);
                    ns.sum().getFloat();
                    long t3 = System.nanoTime();
                    long t4, t5;
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray q = fwd(step, moco.queryEncoder(), ps, xq);
                        NDArray l = loss.loss(q, k, moco.queue().keys(), ns);
                        l.getFloat();
                        t4 = System.nanoTime();
                        gc.backward(l);
                        sync(moco);
                        t5 = System.nanoTime();
                    }
                    long t6 = System.nanoTime();
                    sgd.step(0.03f);
                    sync(moco);
                    long t7 = System.nanoTime();
                    moco.queue().enqueue(k);
                    moco.queue().keys().sum().getFloat();
                    long t8 = System.nanoTime();
                    t[it] = new double[] {(t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6, (t4 - t3) / 1e6,
                            (t5 - t4) / 1e6, (t7 - t6) / 1e6, (t8 - t7) / 1e6};
                }
            }
            for (int it = 0; it < 6; it++) {
                try (NDManager step = m.newSubManager()) {
                    NDArray xq = step.create(x, sh), xk = step.create(x, sh), xns = step.create(x, sh);
                    long t0 = System.nanoTime();
                    moco.trainStep(step, xq, xk, xns, sgd, 0.03f);
                    System.out.printf("djl whole step %.1f ms%n", (System.nanoTime() - t0) / 1e6);
                }
            }
            double[] in = java.util.Arrays.copyOfRange(inputs, 3, 13);
            Arrays.sort(in);
            System.out.printf("djl %-12s median %8.2f ms  min %8.2f%n", "inputs", (in[4] + in[5]) / 2, in[0]);
            for (int p = 0; p < 7; p++) {
                double[] col = new double[10];
                for (int it = 3; it < 13; it++) col[it - 3] = t[it][p];
                Arrays.sort(col);
                System.out.printf("djl %-12s median %8.2f ms  min %8.2f%n", names[p], (col[4] + col[5]) / 2, col[0]);
            }
        }
    }

    static void sync(MoCo moco) {
        try (NDArray x = moco.keyEncoder().parameters().get(0).getArray().sum();
                NDArray y = moco.queryEncoder().parameters().get(0).getArray().sum()) {
            x.getFloat();
            y.getFloat();
        }
    }

    static NDArray fwd(NDManager step, Encoder e, ParameterStore ps, NDArray x) {
        try (NDManager f = step.newSubManager()) {
            x.tempAttach(f);
            NDArray out = MoCo.l2Normalize(e.forward(ps, x, true));
            out.attach(step);
            return out;
        }
    }
}
