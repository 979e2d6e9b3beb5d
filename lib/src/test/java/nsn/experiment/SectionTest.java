package nsn.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import nsn.ood.OodBenchmark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How {@link Section} wires the presets into one output folder; nothing is trained. */
class SectionTest {

    @Test
    void sectionsWriteUnderTheOutputRootAndShareTable1sRuns(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("out");
        Path data = tmp.resolve("data");
        Path t1 = Section.TABLE1.outputDir(out);
        assertEquals(out.resolve("table1"), t1);
        Table1Config table1 = Section.table1("smoke", t1, data);
        assertEquals(t1, table1.grid().base().outputDir());
        assertEquals(data, table1.grid().base().dataDir());
        assertEquals(Table1Config.smoke().grid().base().pretrain(), table1.grid().base().pretrain());

        Table2Config t2 = Section.table2("small", Section.IMAGENET_1K.outputDir(out), t1, data);
        assertEquals(t1, t2.runs());
        assertEquals(out.resolve("imagenet-1k"), t2.grid().base().outputDir());

        AlphaSweepConfig a = Section.alphaSweep("smoke", Section.ALPHA_SWEEP.outputDir(out), data);
        assertEquals(out.resolve("alpha-sweep"), a.grid().base().outputDir());
        assertEquals(List.of(0f, 2f), a.alphas());
        for (String preset : List.of("smoke", "small", "medium")) { // reproduce reads Table 1's runs back: same recipe
            Path x = tmp.resolve("same");
            assertEquals(Section.table1(preset, x, data).grid(),
                    Section.alphaSweep(preset, Section.ALPHA_SWEEP.outputDir(out), data).grid().withOutputDir(x),
                    preset);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Section.alphaSweep("paper", out, data));
        assertTrue(e.getMessage().contains(data.resolve(Section.CUE_CONFLICT_DIR).toString()), e.getMessage());

        // the paper preset adds the ImageNet benchmarks laid out under the data root as columns
        Files.createDirectories(data.resolve("imagenet-r"));
        Table1Config paper = Section.table1("paper", t1, data);
        assertEquals(List.of("imagenet-r"), paper.grid().ood().stream().map(OodSet::name).toList());
        assertEquals(OodBenchmark.IMAGENET_R, paper.grid().ood().get(0).benchmark());
        assertEquals(1, Section.table2("paper", out, t1, data).grid().ood().size());
    }

    @Test
    void reportFilesLeaveOutRunsAndImageDatasets(@TempDir Path tmp) throws Exception {
        for (String f : List.of("table.csv", "figure.png", "results.json", "shape-bias/shape-bias.png",
                "moco/seed-0/results.json", "textures/cat/a.png", "notes.md", "checkpoint.bin")) {
            Files.createDirectories(tmp.resolve(f).getParent());
            Files.writeString(tmp.resolve(f), "x");
        }
        assertEquals(List.of("figure.png", "results.json", "shape-bias/shape-bias.png", "table.csv"),
                Section.reportFiles(tmp).stream().map(p -> tmp.relativize(p).toString()).toList());
        assertEquals(List.of(), Section.reportFiles(tmp.resolve("none")));
    }
}
