package nsn.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import nsn.corruption.Corruption;
import nsn.corruption.CorruptedDatasetWriter;
import nsn.corruption.Scale;
import nsn.data.DataDirs;
import nsn.data.ImageDataset;
import nsn.data.ImageFolderDataset;
import nsn.data.Split;
import nsn.experiment.DatasetSpec;
import nsn.report.Progress;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code nsn make-corrupted-dataset}: writes the ImageNet-C style "-C" variant of a dataset. */
@Command(name = "make-corrupted-dataset", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write the corrupted (-C) variant of a dataset in ImageNet-C's layout,"
                + " OUT/<corruption>/<severity>/<class>/<file>.png, with the 15 corruptions of Hendrycks & Dietterich"
                + " (ICLR 2019) at their published severities (see docs/CORRUPTIONS.md).",
            "Resumable: existing files are skipped, every file is written atomically. The same --seed gives the"
                + " same bytes as the in-memory view Corruption.corrupted(data, corruption, severity, seed)."})
final class MakeCorruptedDatasetCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    DataSourceOptions source = new DataSourceOptions();

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "DIR", description = "output root")
    Path out;

    @Option(names = "--corruptions", split = ",", paramLabel = "NAME",
            description = "comma-separated corruption names (default: all 15)")
    List<String> corruptions;

    @Option(names = "--severities", defaultValue = "1-5", paramLabel = "LIST",
            description = "severities as a range 1-5 or a list 1,3,5 (default: ${DEFAULT-VALUE})")
    String severities;

    @Option(names = "--scale", defaultValue = "auto", paramLabel = "auto|cifar|imagenet",
            description = "parameter table: auto picks cifar up to 84 px, imagenet from 85 px"
                    + " (default: ${DEFAULT-VALUE})")
    String scale;

    @Option(names = "--seed", defaultValue = "0", description = "seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--limit", defaultValue = "0", paramLabel = "N",
            description = "only the first N images (0 = all; default: ${DEFAULT-VALUE})")
    int limit;

    @Option(names = "--threads", paramLabel = "N", description = "worker threads (default: available processors)")
    Integer threads;

    @Option(names = {"-q", "--quiet"}, description = "no progress bar (also: NSN_PROGRESS=off)")
    boolean quiet;

    /** Parses {@code 1-5} or {@code 1,3,5}. */
    static List<Integer> parseSeverities(String text) {
        List<Integer> out = new ArrayList<>();
        try {
            for (String part : text.split(",")) {
                String p = part.trim();
                int dash = p.indexOf('-', 1);
                if (dash > 0) {
                    int from = Integer.parseInt(p.substring(0, dash).trim());
                    int to = Integer.parseInt(p.substring(dash + 1).trim());
                    for (int s = from; s <= to; s++) {
                        out.add(s);
                    }
                } else {
                    out.add(Integer.parseInt(p));
                }
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--severities must be a range like 1-5 or a list like 1,3,5, got '"
                    + text + "'");
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("--severities must name at least one severity");
        }
        for (int s : out) {
            if (s < Corruption.MIN_SEVERITY || s > Corruption.MAX_SEVERITY) {
                throw new IllegalArgumentException("--severities must be in [1, 5], got " + s);
            }
        }
        return out;
    }

    @Override
    public Integer call() throws InterruptedException {
        List<Corruption> chosen = new ArrayList<>();
        if (corruptions == null || corruptions.isEmpty()) {
            chosen.addAll(Corruption.all());
        } else {
            for (String name : corruptions) {
                chosen.add(Corruption.of(name));
            }
        }
        List<Integer> sev = parseSeverities(severities);
        if (limit < 0) {
            throw new IllegalArgumentException("--limit must be >= 0, got " + limit);
        }
        ImageDataset source = this.source.load();
        CorruptedDatasetWriter.Builder b = CorruptedDatasetWriter.builder().setSource(source).setOutput(out)
                .optCorruptions(chosen).optSeverities(sev).optSeed(seed).optLimit(limit)
                .optProgress(Progress.console(quiet));
        if (!scale.equalsIgnoreCase("auto")) {
            b.optScale(Scale.of(scale));
        }
        if (threads != null) {
            b.optThreads(threads);
        }
        CorruptedDatasetWriter.Summary s = b.build().run();
        PrintWriter pw = spec.commandLine().getOut();
        pw.printf(Locale.ROOT, "%s -> %s: %d corruptions x %d severities, %d written, %d already done, %.1f s%n",
                source.name(), out, chosen.size(), sev.size(), s.written(), s.skipped(), s.seconds());
        pw.flush();
        return 0;
    }
}
