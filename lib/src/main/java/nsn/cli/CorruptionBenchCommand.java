package nsn.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import nsn.corruption.Corruption;
import nsn.corruption.CorruptionBenchmark;
import nsn.corruption.CorruptionMontage;
import nsn.corruption.Scale;
import nsn.data.ByteImage;
import nsn.data.ImageFolderDataset;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code nsn bench corruptions}: single-thread images/s of each ImageNet-C corruption at 32 and 224 px. */
@Command(name = "corruptions", mixinStandardHelpOptions = true,
        description = {"Single-thread throughput of each of the 15 corruptions on a synthetic RGB image, all five"
                + " severities in turn: at 32 px with the CIFAR-10-C table and at 224 px with the ImageNet-C table.",
            "With --montage IMAGE --montage-out PNG it instead writes a figure of IMAGE (resized to 224 px and"
                + " centre-cropped) under every corruption at severities 1, 3 and 5."})
final class CorruptionBenchCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--seconds", defaultValue = "2", description = "timed seconds per corruption and size."
            + " Default: ${DEFAULT-VALUE}")
    double seconds;

    @Option(names = "--warmup", defaultValue = "0.5", description = "warm-up seconds. Default: ${DEFAULT-VALUE}")
    double warmup;

    @Option(names = "--sizes", split = ",", defaultValue = "32,224",
            description = "image sides; each uses Scale.forSize. Default: ${DEFAULT-VALUE}")
    List<Integer> sizes;

    @Option(names = "--corruptions", split = ",", description = "corruption names (default: all 15)")
    List<String> corruptions;

    @Option(names = "--montage", paramLabel = "IMAGE", description = "write a montage of this image instead")
    Path montage;

    @Option(names = "--montage-out", paramLabel = "PNG", description = "where the montage goes")
    Path montageOut;

    @Option(names = "--seed", defaultValue = "0", description = "montage seed. Default: ${DEFAULT-VALUE}")
    long seed;

    @Override
    public Integer call() throws Exception {
        List<Corruption> chosen = new ArrayList<>();
        if (corruptions == null) {
            chosen.addAll(Corruption.all());
        } else {
            for (String c : corruptions) {
                chosen.add(Corruption.of(c));
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (montage != null) {
            if (montageOut == null) {
                throw new IllegalArgumentException("--montage needs --montage-out PNG");
            }
            byte[] px = new byte[3 * 224 * 224];
            ImageFolderDataset.readFile(montage, 3, 224, 224, px, 0);
            CorruptionMontage.write(montageOut, new ByteImage(3, 224, 224, px), chosen, List.of(1, 3, 5),
                    Scale.IMAGENET, seed);
            out.println("wrote " + montageOut);
            out.flush();
            return 0;
        }
        out.printf(Locale.ROOT, "%-18s %6s %9s %8s %10s%n", "corruption", "size", "scale", "images", "images/s");
        for (int size : sizes) {
            Scale scale = Scale.forSize(size, size);
            for (CorruptionBenchmark.Result r : CorruptionBenchmark.run(chosen, size, 3, scale, seconds, warmup)) {
                out.printf(Locale.ROOT, "%-18s %6d %9s %8d %10.1f%n", r.corruption(), r.size(),
                        r.scale().name().toLowerCase(Locale.ROOT), r.images(), r.imagesPerSecond());
                out.flush();
            }
        }
        return 0;
    }
}
