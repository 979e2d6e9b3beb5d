package nsn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import nsn.TestData;
import nsn.kernel.JavaEvaluator;
import org.junit.jupiter.api.Test;

/** {@code bin/nsn.jsh}, the JShell start script of {@code bin/nsn-jshell}: every import resolves in JShell. */
class JshellStartupScriptTest {

    @Test
    void everyImportOfTheStartScriptResolvesAndTheReadmeExampleCompiles() throws Exception {
        Path bin = TestData.repositoryRoot().resolve("bin");
        List<String> imports = Files.readAllLines(bin.resolve("nsn.jsh")).stream().map(String::strip)
                .filter(l -> l.startsWith("import ")).map(l -> l.substring("import ".length()).replace(";", "")
                        .strip()).toList();
        assertTrue(imports.contains("nsn.experiment.*") && imports.size() >= 10, imports.toString());
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (JavaEvaluator js = new JavaEvaluator(imports, new PrintStream(log, true, StandardCharsets.UTF_8))) {
            String warnings = log.toString(StandardCharsets.UTF_8);
            assertFalse(warnings.contains("could not"), warnings);
            assertEquals("table2", js.eval("Section.of(\"imagenet-1k\").command()", 1, 1));
            assertEquals(200, js.eval("HardnessConfig.preset(\"smoke\").images()", 2, 1));
            assertEquals("t", js.eval("Table.create(\"t\").name()", 3, 1));
            assertEquals(Path.of("runs", "table2-smoke"), js.eval("Table2Config.preset(\"smoke\").grid().base()"
                    + ".outputDir()", 4, 1));
            assertTrue(js.eval("new CategoryChartBuilder().build()", 5, 1) != null);
        }
        String launcher = Files.readString(bin.resolve("nsn-jshell"));
        assertTrue(launcher.contains("--startup DEFAULT --startup \"$ROOT/bin/nsn.jsh\""), launcher);
        assertTrue(Files.isExecutable(bin.resolve("nsn-jshell")));
    }
}
