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

    /**
     * Refuses to reuse this folder for another configuration, before anything in it is overwritten: when an earlier
     * run left {@code provenance.json} here and its {@code config.<field>} differs from {@code expected} (compared
     * as values of {@code expected}'s type, so settings added since read as their defaults), this fails. A folder
     * without {@code provenance.json} (a new run) or with the same value (a rerun, which resumes) passes.
     *
     * @param field the top-level field of the stored configuration to compare, e.g. {@code pretrain}, or
     *     {@code null} to compare the whole configuration
     * @param expected this run's value of that field
     * @throws IllegalStateException naming the folder, the field and both values, and saying what to do
     */
    public void checkSameConfig(String field, Object expected) {
        Path file = dir.resolve("provenance.json");
        if (!Files.exists(file)) {
            return;
        }
        com.google.gson.JsonElement config = storedConfig(file);
        Object stored;
        try {
            com.google.gson.JsonElement value = field == null ? config
                    : config == null || !config.isJsonObject() ? null : config.getAsJsonObject().get(field);
            stored = value == null ? null : Json.gson().fromJson(value, expected.getClass());
        } catch (RuntimeException e) {
            throw unreadable(file, e);
        }
        if (!expected.equals(stored)) {
            throw new IllegalStateException(dir + " holds a run of another configuration ("
                    + (field == null ? "config" : "config." + field) + " in " + file.getFileName() + " differs); nsn does not overwrite it: use another output folder"
                    + " (-o), rerun with the same settings to resume, or delete " + dir + ". Stored: "
                    + (stored == null ? "none" : Json.write(stored)) + "; this run: " + Json.write(expected));
        }
    }

    /**
     * Like {@link #checkSameConfig(String, Object) checkSameConfig(null, expected)} but compares the configuration
     * as JSON without the {@code ignored} top-level fields — those that do not change the results (the device,
     * quietness, thread counts, where the data or the output lie).
     *
     * @throws IllegalStateException naming the folder and saying what to do, if any other field differs
     */
    public void checkSameConfigExcept(Object expected, java.util.Set<String> ignored) {
        Path file = dir.resolve("provenance.json");
        if (!Files.exists(file)) {
            return;
        }
        com.google.gson.JsonElement stored = storedConfig(file);
        com.google.gson.JsonElement mine = com.google.gson.JsonParser.parseString(Json.write(expected));
        if (!without(mine, ignored).equals(stored == null ? null : without(stored, ignored))) {
            throw new IllegalStateException(dir + " holds a run of another configuration (config in "
                    + file.getFileName() + " differs beyond " + new java.util.TreeSet<>(ignored) + "); nsn does not"
                    + " overwrite it: use another output folder (-o), rerun with the same settings, or delete " + dir);
        }
    }

    /** The {@code config} object of an existing {@code provenance.json} (null when it has none). */
    private com.google.gson.JsonElement storedConfig(Path file) {
        try {
            return com.google.gson.JsonParser.parseString(Files.readString(file)).getAsJsonObject().get("config");
        } catch (IOException | RuntimeException e) {
            throw unreadable(file, e);
        }
    }

    private IllegalStateException unreadable(Path file, Exception e) {
        return new IllegalStateException(dir + " holds an unreadable " + file.getFileName() + " (" + e.getMessage()
                + "); use another output folder (-o) or delete " + dir, e);
    }

    private static com.google.gson.JsonElement without(com.google.gson.JsonElement json, java.util.Set<String> keys) {
        if (!json.isJsonObject()) {
            return json;
        }
        com.google.gson.JsonObject copy = json.getAsJsonObject().deepCopy();
        keys.forEach(copy::remove);
        return copy;
    }

    /**
     * Claims {@code folder} for one set of settings of a command that fills it file by file and skips files already
     * there (so that a killed run resumes): writes {@code folder/fileName} with {@code settings} on the first run,
     * and on a rerun checks that every setting is the same. A rerun with other settings would keep the earlier
     * files as if they were its own and mix two datasets, so it is refused.
     *
     * @param folder the output folder (created if missing)
     * @param fileName the settings file, e.g. {@code cue-conflict-settings.json}
     * @param settings the settings that determine the files' content, by name
     * @throws IllegalArgumentException naming the first setting that differs, its stored and new values and the file
     * @throws UncheckedIOException naming the settings file if it cannot be read or written
     */
    public static void claimSettings(Path folder, String fileName, Map<String, String> settings) {
        Path file = folder.resolve(fileName);
        try {
            if (Files.exists(file)) {
                com.google.gson.JsonObject previous;
                try {
                    previous = com.google.gson.JsonParser.parseString(Files.readString(file)).getAsJsonObject();
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException(file + ": unreadable settings of an earlier run ("
                            + e.getMessage() + "); choose another output folder");
                }
                for (Map.Entry<String, String> e : settings.entrySet()) {
                    com.google.gson.JsonElement old = previous.get(e.getKey());
                    String stored = old == null || !old.isJsonPrimitive() ? null : old.getAsString();
                    if (!e.getValue().equals(stored)) {
                        throw new IllegalArgumentException(folder + " holds files made with " + e.getKey() + " "
                                + (stored == null ? "(missing)" : stored) + ", not " + e.getValue() + " (see " + file
                                + "); rerun with the same settings to resume, or choose another output folder");
                    }
                }
                return;
            }
            Files.createDirectories(folder);
            AtomicFiles.writeString(file, Json.write(new LinkedHashMap<>(settings)) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
