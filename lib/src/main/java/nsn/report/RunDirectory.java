package nsn.report;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A run's output folder: {@code provenance.json}, {@code metrics.csv} (one row per epoch, appended and flushed
 * as training goes, so a crash keeps every finished epoch), {@code results.json} (named final metrics) and
 * checkpoints.
 */
public final class RunDirectory {

    /** Columns of {@code metrics.csv}. */
    public static final List<String> METRIC_COLUMNS =
            List.of("stage", "epoch", "loss", "lr", "seconds", "images_per_second");

    private final Path dir;

    private RunDirectory(Path dir) {
        this.dir = dir;
    }

    /** Opens (creating if needed) the output folder {@code dir}. */
    public static RunDirectory open(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create output folder " + dir.toAbsolutePath(), e);
        }
        return new RunDirectory(dir);
    }

    /** The folder. */
    public Path path() {
        return dir;
    }

    /** A file inside the folder. */
    public Path resolve(String name) {
        return dir.resolve(name);
    }

    /** Writes {@code provenance.json}. */
    public void writeProvenance(Provenance provenance) {
        try {
            provenance.write(dir.resolve("provenance.json"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve("provenance.json"), e);
        }
    }

    /**
     * Appends one row to {@code metrics.csv}, writing the header first if the file is new. Rows with the same
     * stage and epoch as an existing row (a resumed run repeating an epoch) replace it.
     */
    public synchronized void appendMetrics(String stage, int epoch, double loss, double lr, double seconds,
            double imagesPerSecond) {
        Path file = dir.resolve("metrics.csv");
        String row = String.format(Locale.ROOT, "%s,%d,%.6f,%.6g,%.3f,%.1f", stage, epoch, loss, lr, seconds,
                imagesPerSecond);
        try {
            if (Files.exists(file)) {
                String prefix = stage + "," + epoch + ",";
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                if (lines.stream().anyMatch(l -> l.startsWith(prefix))) {
                    List<String> kept = lines.stream().filter(l -> !l.startsWith(prefix))
                            .collect(Collectors.toList());
                    kept.add(row);
                    AtomicFiles.writeString(file, String.join("\n", kept) + "\n");
                    return;
                }
            }
            boolean header = !Files.exists(file);
            try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                if (header) {
                    w.write(String.join(",", METRIC_COLUMNS));
                    w.newLine();
                }
                w.write(row);
                w.newLine();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /**
     * The loss recorded in {@code metrics.csv} for {@code stage} at {@code epoch}, if that row exists: what a resumed
     * run that has nothing left to train reports as its final loss.
     */
    public synchronized java.util.OptionalDouble recordedLoss(String stage, int epoch) {
        Path file = dir.resolve("metrics.csv");
        if (!Files.exists(file)) {
            return java.util.OptionalDouble.empty();
        }
        String prefix = stage + "," + epoch + ",";
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.startsWith(prefix)) {
                    String[] f = line.split(",", -1);
                    return java.util.OptionalDouble.of(Double.parseDouble(f[2]));
                }
            }
        } catch (IOException | RuntimeException e) {
            return java.util.OptionalDouble.empty();
        }
        return java.util.OptionalDouble.empty();
    }

    /** Writes {@code results.json}: named final metrics plus free-form details. */
    public void writeResults(Map<String, ?> results) {
        try {
            AtomicFiles.writeString(dir.resolve("results.json"), Json.write(new LinkedHashMap<>(results)) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve("results.json"), e);
        }
    }
}
