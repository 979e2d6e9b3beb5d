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

    @Option(names = "--montage-cell", defaultValue = "160", paramLabel = "PX",
            description = "displayed side of each montage cell (the corruptions act at 224 px)."
                    + " Default: ${DEFAULT-VALUE}")
    int montageCell;

    @Option(names = "--distortion", paramLabel = "DIR", description = "instead of timing: print the mean distortion"
            + " per severity over images of DIR (the first image of each class folder, then the images directly in"
            + " DIR, sorted), resized to --size and centre-cropped")
    Path distortion;

    @Option(names = "--size", defaultValue = "32", paramLabel = "PX",
            description = "image side for --distortion; picks the table by Scale.forSize. Default: ${DEFAULT-VALUE}")
    int size;

    @Option(names = "--limit", defaultValue = "10", paramLabel = "N",
            description = "images for --distortion. Default: ${DEFAULT-VALUE}")
    int limit;

    @Option(names = "--seeds", defaultValue = "2", paramLabel = "K",
            description = "seeds per image for --distortion. Default: ${DEFAULT-VALUE}")
    int seeds;

    @Option(names = "--seed", defaultValue = "0", description = "montage seed. Default: ${DEFAULT-VALUE}")
    long seed;

    /** The first image of each class folder of {@code dir}, then the images directly in it, sorted; at most n. */
    static List<Path> distortionFiles(Path dir, int n) throws java.io.IOException {
        List<Path> files = new ArrayList<>();
        java.util.function.Predicate<Path> isImage = p -> {
            String s = p.getFileName().toString().toLowerCase(Locale.ROOT);
            return java.nio.file.Files.isRegularFile(p) && !s.startsWith(".") && (s.endsWith(".jpg")
                    || s.endsWith(".jpeg") || s.endsWith(".png") || s.endsWith(".bmp"));
        };
        List<Path> entries;
        try (var list = java.nio.file.Files.list(dir)) {
            entries = list.sorted().toList();
        }
        for (Path e : entries) {
            if (java.nio.file.Files.isDirectory(e)) {
                try (var inner = java.nio.file.Files.list(e)) {
                    inner.filter(isImage).sorted().findFirst().ifPresent(files::add);
                }
            }
        }
        entries.stream().filter(isImage).forEach(files::add);
        return files.subList(0, Math.min(n, files.size()));
    }

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
                    Scale.IMAGENET, seed, montageCell);
            out.println("wrote " + montageOut);
            out.flush();
            return 0;
        }
        if (distortion != null) {
            List<ByteImage> images = new ArrayList<>();
            for (Path f : distortionFiles(distortion, limit)) {
                byte[] px = new byte[3 * size * size];
                ImageFolderDataset.readFile(f, 3, size, size, px, 0);
                images.add(new ByteImage(3, size, size, px));
            }
            Scale scale = Scale.forSize(size, size);
            out.printf(Locale.ROOT, "%d images of %s at %d px, scale %s, %d seeds each%n", images.size(), distortion,
                    size, scale.name().toLowerCase(Locale.ROOT), seeds);
            out.printf(Locale.ROOT, "%-18s | %-39s | %s%n", "corruption", "mean |x - y| (0-255), severity 1..5",
                    "1 - corr(x, y), severity 1..5");
            for (CorruptionBenchmark.Distortion d : CorruptionBenchmark.distortion(chosen, images, scale, seeds)) {
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-18s |", d.corruption()));
                for (double v : d.meanAbsDiff()) {
                    line.append(String.format(Locale.ROOT, " %7.2f", v));
                }
                line.append(" |");
                for (double v : d.oneMinusCorrelation()) {
                    line.append(String.format(Locale.ROOT, " %6.3f", v));
                }
                out.println(line);
                out.flush();
            }
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
