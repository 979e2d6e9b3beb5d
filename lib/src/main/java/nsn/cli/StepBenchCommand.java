package nsn.cli;

import ai.djl.Device;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import nsn.bench.StepBenchmark;
import nsn.experiment.Experiments;
import nsn.model.Precision;
import nsn.model.ResNet;
import nsn.train.NativeAllocator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code nsn bench step}: one MoCo-v2 training step with non-semantic negatives in nsn, and, with {@code --python},
 * the same step in PyTorch ({@code bench/step_reference.py}) in alternating rounds on the same machine, printing
 * the DJL/PyTorch step-time ratio.
 */
@Command(name = "step", mixinStandardHelpOptions = true,
        description = "MoCo-v2 step with non-semantic negatives (forward q and k, loss of Eq. 1, backward, SGD,"
                + " momentum update, enqueue) on fixed random inputs; with --python, the PyTorch reference"
                + " bench/step_reference.py in alternating rounds and the DJL/PyTorch ratio of median step times.")
final class StepBenchCommand implements Callable<Integer> {

    /** Untimed steps on a GPU unless --warmup says otherwise. */
    static final int GPU_WARMUP = 300;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--depth", defaultValue = "18", description = "ResNet depth. Default: ${DEFAULT-VALUE}")
    int depth;

    @Option(names = "--width", defaultValue = "64", description = "first-stage channels. Default: ${DEFAULT-VALUE}")
    int width;

    @Option(names = "--size", defaultValue = "32", description = "input side in pixels. Default: ${DEFAULT-VALUE}")
    int size;

    @Option(names = "--stem", description = "imagenet, small or small_strided (default: imagenet from 128 px up,"
            + " small below)")
    String stem;

    @Option(names = "--batch", defaultValue = "128", description = "batch size N. Default: ${DEFAULT-VALUE}")
    int batch;

    @Option(names = "--queue", defaultValue = "4096", description = "queue size K. Default: ${DEFAULT-VALUE}")
    int queue;

    @Option(names = "--negatives", defaultValue = "1",
            description = "non-semantic negatives per image M. Default: ${DEFAULT-VALUE}")
    int negatives;

    @Option(names = "--warmup", description = "untimed first steps (default: 3 on the CPU, 300 on a GPU, where a step"
            + " takes milliseconds and the JIT needs a few hundred to compile the host side; docs/BENCHMARKS.md)")
    Integer warmup;

    @Option(names = "--steps", defaultValue = "10", description = "timed steps per round. Default: ${DEFAULT-VALUE}")
    int steps;

    @Option(names = "--rounds", defaultValue = "3",
            description = "rounds (each: nsn's steps, then the reference's). Default: ${DEFAULT-VALUE}")
    int rounds;

    @Option(names = "--precision", defaultValue = "fp32", description = "fp32, or bf16 / fp16: mixed precision"
            + " (bfloat16 or float16 convolutions and linear layers; bf16 needs the JNI of bench/build-djl-jni.sh,"
            + " fp16 scales the loss); the reference then runs the encoders under the same autocast (and fp16 with a"
            + " GradScaler). Default: fp32")
    String precision;

    @Option(names = "--device", defaultValue = "auto", description = "auto, cpu, gpu or gpu:N, or a"
            + " comma-separated list to time a data-parallel step (gpu:0,gpu:1; cpu,cpu = two BatchNorm shards on the"
            + " CPU). Default: auto")
    String device;

    @Option(names = "--threads", description = "intra-op threads of both sides (nsn: ai.djl.pytorch.num_threads,"
            + " set here unless given with -D; the reference: torch.set_num_threads)")
    Integer threads;

    @Option(names = "--python", description = "Python with torch for the reference, e.g. .venv-bench/bin/python"
            + " (bench/setup-reference.sh makes it); without it only nsn is timed")
    String python;

    @Option(names = "--reference", description = "the reference script (default: bench/step_reference.py under"
            + " the nsn home or the working folder)")
    Path reference;

    @Option(names = "--reference-malloc", defaultValue = "tuned", description = "glibc allocator of the reference:"
            + " tuned (MALLOC_MMAP_THRESHOLD_ / MALLOC_TRIM_THRESHOLD_ as nsn sets them for itself, so the ratio"
            + " compares the steps) or default (what a PyTorch user gets without them). Default: ${DEFAULT-VALUE}")
    String referenceMalloc;

    @Option(names = "--seed", defaultValue = "0", description = "seed of weights and inputs. Default: 0")
    long seed;

    @Override
    public Integer call() throws Exception {
        if (threads != null) {
            if (threads < 1) {
                throw new IllegalArgumentException("--threads must be positive, got " + threads);
            }
            // takes effect only if the engine has not started yet in this JVM (an explicit -D wins)
            if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
                System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
            }
            if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null) {
                System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
            }
        }
        if (!referenceMalloc.equals("tuned") && !referenceMalloc.equals("default")) {
            throw new IllegalArgumentException("--reference-malloc must be tuned or default, got '" + referenceMalloc
                    + "'");
        }
        if (rounds < 1) {
            throw new IllegalArgumentException("--rounds must be positive, got " + rounds);
        }
        ResNet.Stem s = stem != null ? parseStem(stem) : size >= 128 ? ResNet.Stem.IMAGENET : ResNet.Stem.SMALL;
        Path script = python == null ? null : referenceScript();
        List<Device> devices = Experiments.devices(device);
        int untimed = untimedSteps(warmup, devices);
        StepBenchmark.Config config = new StepBenchmark.Config(depth, width, s, size, batch, queue, negatives,
                untimed, steps, devices, seed, Precision.of(precision));
        if (script != null && config.devices().size() > 1) {
            throw new IllegalArgumentException("the PyTorch reference runs on one device; leave out --python to time"
                    + " nsn on " + config.devices().size() + " devices");
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(StepBenchmark.engineLine());
        List<Double> djl = new ArrayList<>();
        List<Double> torch = new ArrayList<>();
        try (StepBenchmark.Session session = new StepBenchmark.Session(config)) {
            for (int r = 0; r < rounds; r++) {
                StepBenchmark.Result mine = session.measure(r == 0 ? config.warmup() : 0, steps);
                StepBenchmark.print(out, String.format(Locale.ROOT, "round %d nsn/djl", r + 1), config, mine);
                for (double v : mine.millis()) {
                    djl.add(v);
                }
                if (script != null) {
                    torch.addAll(runReference(script, config, s, out, r + 1));
                }
            }
        }
        double dm = median(djl);
        out.printf(Locale.ROOT, "nsn/djl: median %.1f ms/step over %d steps%n", dm, djl.size());
        if (!torch.isEmpty()) {
            double tm = median(torch);
            out.printf(Locale.ROOT, "pytorch: median %.1f ms/step over %d steps%n", tm, torch.size());
            out.printf(Locale.ROOT, "ratio djl/pytorch = %.3f (goal <= 1.05: %s)%n", dm / tm,
                    dm / tm <= 1.05 ? "met" : "NOT met");
        }
        out.flush();
        return 0;
    }

    private static ResNet.Stem parseStem(String name) {
        try {
            return ResNet.Stem.valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--stem must be imagenet, small or small_strided, got '" + name + "'",
                    e);
        }
    }

    private Path referenceScript() {
        if (reference != null) {
            return reference;
        }
        String home = System.getProperty("nsn.home");
        Path p = Path.of(home != null ? home : ".", "bench", "step_reference.py");
        if (!Files.isRegularFile(p)) {
            throw new IllegalArgumentException("reference script " + p + " not found; give it with --reference");
        }
        return p;
    }

    /** {@code --warmup} as given, else 3 on the CPU and {@link #GPU_WARMUP} when any device is a GPU. */
    static int untimedSteps(Integer warmup, List<Device> devices) {
        return warmup != null ? warmup : devices.stream().anyMatch(Device::isGpu) ? GPU_WARMUP : 3;
    }

    /** Runs the reference once (its own warm-up, then {@code steps} timed steps) and returns its step times. */
    private List<Double> runReference(Path script, StepBenchmark.Config c, ResNet.Stem s, PrintWriter out,
            int round) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(python, script.toString(), "--json",
                "--depth", Integer.toString(c.depth()), "--width", Integer.toString(c.width()),
                "--stem", s.name().toLowerCase(Locale.ROOT), "--size", Integer.toString(c.imageSize()),
                "--batch", Integer.toString(c.batchSize()), "--queue", Integer.toString(c.queueSize()),
                "--negatives", Integer.toString(c.negatives()), "--warmup", Integer.toString(Math.max(1, c.warmup())),
                "--steps", Integer.toString(c.steps()), "--seed", Long.toString(c.seed()),
                "--device", c.device().isGpu() ? "cuda:" + c.device().getDeviceId() : "cpu",
                "--precision", c.precision().id()));
        if (threads != null) {
            cmd.addAll(List.of("--threads", threads.toString(), "--interop-threads", "1"));
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        if (referenceMalloc.equals("tuned")) {
            pb.environment().put("MALLOC_MMAP_THRESHOLD_", Integer.toString(NativeAllocator.MMAP_THRESHOLD_BYTES));
            pb.environment().put("MALLOC_TRIM_THRESHOLD_", Integer.toString(NativeAllocator.TRIM_THRESHOLD_BYTES));
        }
        Process p = pb.start();
        String json = null;
        StringBuilder all = new StringBuilder();
        try (BufferedReader r = new BufferedReader(
                new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                all.append(line).append('\n');
                if (line.startsWith("{")) {
                    json = line;
                } else if (line.startsWith("pytorch")) {
                    out.println("round " + round + " " + line + " [allocator " + referenceMalloc + "]");
                    out.flush();
                }
            }
        }
        int rc = p.waitFor();
        if (rc != 0 || json == null) {
            throw new UncheckedIOException(new IOException("the reference " + String.join(" ", cmd)
                    + " failed (exit " + rc + "):\n" + all));
        }
        JsonObject o = JsonParser.parseString(json).getAsJsonObject();
        JsonArray millis = o.getAsJsonArray("millis");
        List<Double> v = new ArrayList<>();
        millis.forEach(e -> v.add(e.getAsDouble()));
        return v;
    }

    private static double median(List<Double> values) {
        return StepBenchmark.median(values.stream().mapToDouble(Double::doubleValue).toArray());
    }
}
