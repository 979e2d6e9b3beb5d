import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.*;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.Arrays;
import nsn.model.*;

/**
 * Host time to issue one encoder forward against its time to finish, for nsn's encoder; bench/forward_issue.py does
 * the same for the PyTorch reference. On an accelerator a forward whose issue time is close to its finish time is
 * host-bound (the device waits for the host's launches), so the issue times of the two say how much of a forward's
 * gap is host-side overhead (JNI, DJL's blocks) rather than the kernels:
 *
 *   java -cp lib/target/nsn.jar bench/ForwardIssue.java DEPTH BATCH SIZE [cpu|gpu] [WIDTH] [WARMUP] [tuned]
 *
 * WARMUP (default 300) untimed forwards come first: a cold JVM issues each op several times slower until the JIT has
 * compiled DJL's blocks and JNI wrappers (on this CPU a tiny ResNet-18 forward took 3.7 ms in the first 25, 2.2 ms
 * over the first 400, 1.6 ms after 8000). Each of 23 timed forwards (3 dropped) starts after a device sync: "issue" = until forward() returns, "finish" = until a
 * host read of its output returns; without gradients (a key's forward) and inside a gradient collector (a query's).
 * {@code tuned} sets glibc's thresholds first ({@code NativeAllocator.tune()}, as {@code nsn bench step} does; the
 * Python twin sets the same with {@code mallopt}); each line also gives the median of the process's new pages (minor
 * page faults, Linux) per timed forward.
 */
public class ForwardIssue {
    public static void main(String[] a) {
        int depth = Integer.parseInt(a[0]), n = Integer.parseInt(a[1]), s = Integer.parseInt(a[2]);
        Device dev = a.length > 3 && a[3].equals("gpu") ? Device.gpu(0) : Device.cpu();
        int width = a.length > 4 ? Integer.parseInt(a[4]) : 64;
        int warmup = a.length > 5 ? Integer.parseInt(a[5]) : 300;
        if (a.length > 6 && a[6].equals("tuned")) {
            System.out.println("allocator: " + nsn.train.NativeAllocator.tune());
        }
        try (NDManager m = NDManager.newBaseManager(dev)) {
            Encoder e = Encoder.create(new EncoderConfig(depth, width,
                    s >= 128 ? ResNet.Stem.IMAGENET : ResNet.Stem.SMALL, 3, s, 128, true), m, 0);
            ParameterStore ps = new ParameterStore(m, false);
            NDArray x = m.randomNormal(new Shape(n, 3, s, s)); // (N, 3, S, S)
            for (boolean grad : new boolean[] {false, true}) {
                double[] issue = new double[20], finish = new double[20], faults = new double[20];
                for (int it = -warmup; it < 23; it++) {
                    try (NDManager f = m.newSubManager()) {
                        x.tempAttach(f);
                        x.sum().getFloat();
                        long f0 = minorFaults();
                        long t0 = System.nanoTime(), t1;
                        float v;
                        if (grad) {
                            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                                NDArray out = e.forward(ps, x, true); // (N, 128)
                                t1 = System.nanoTime();
                                v = out.sum().getFloat();
                            }
                        } else {
                            NDArray out = e.forward(ps, x, true);
                            t1 = System.nanoTime();
                            v = out.sum().getFloat();
                        }
                        long t2 = System.nanoTime();
                        if (it >= 3) {
                            issue[it - 3] = (t1 - t0) / 1e6;
                            finish[it - 3] = (t2 - t0) / 1e6;
                            faults[it - 3] = minorFaults() - f0;
                        }
                    }
                }
                Arrays.sort(issue);
                Arrays.sort(finish);
                Arrays.sort(faults);
                System.out.printf("djl   %-7s forward: issue median %7.2f ms, finish median %7.2f ms, new pages %.0f%n",
                        grad ? "grad" : "no-grad", (issue[9] + issue[10]) / 2, (finish[9] + finish[10]) / 2,
                        (faults[9] + faults[10]) / 2);
            }
        }
    }

    /** Minor page faults of this process so far (field 10 of /proc/self/stat), or 0 where that file is absent. */
    static long minorFaults() {
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/stat"));
            return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[7]);
        } catch (java.io.IOException | RuntimeException e) {
            return 0;
        }
    }
}
