package nsn.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import nsn.cli.Main;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The kernel's language side (magics, rendering, errors) without sockets; the protocol is tested in kernel-tests/. */
class NsnKernelTest {

    private static final AtomicBoolean SHUT_DOWN = new AtomicBoolean();
    private static NsnKernel kernel;

    @BeforeAll
    static void start() {
        kernel = new NsnKernel(System.err, () -> SHUT_DOWN.set(true));
    }

    @AfterAll
    static void stop() {
        kernel.onShutdown(false);
        assertTrue(SHUT_DOWN.get());
    }

    @Test
    void rendersTheLastValueOfACell() {
        assertEquals("2", kernel.eval("1 + 1").getData(MIMEType.TEXT_PLAIN));
        DisplayData chart = kernel.eval("Charts.toImage(new XYChartBuilder().width(80).height(60).build())");
        assertTrue(chart.hasDataForType(MIMEType.IMAGE_PNG));
        DisplayData table = kernel.eval("Tables.config(QuickstartConfig.smoke())");
        assertTrue(((String) table.getData(MIMEType.TEXT_HTML)).contains("runs/quickstart-smoke"));
        assertEquals(null, kernel.eval("int unshown = 3;"));
    }

    @Test
    void jarsMagicAddsToTheClassPathAndRejectsWhatMatchesNothing(@TempDir Path tmp) {
        assertEquals(null, kernel.eval("%jars " + Path.of("").toAbsolutePath() + "/target/classes\n"));
        CellError.MagicError e = assertThrows(CellError.MagicError.class,
                () -> kernel.eval("int x = 1;\n%jars " + tmp + "/nothing/*.jar"));
        assertTrue(e.getMessage().startsWith("%jars: no jar or folder matches"), e.getMessage());
        assertTrue(e.traceback().get(0).startsWith("MagicError at line 2:"), e.traceback().toString());
        CellError.MagicError unknown = assertThrows(CellError.MagicError.class, () -> kernel.eval("%maven x:y:1"));
        assertTrue(unknown.getMessage().contains("unknown magic %maven"), unknown.getMessage());
        assertTrue(((String) kernel.eval("%imports").getData(MIMEType.TEXT_PLAIN)).contains("nsn.experiment.*"));
    }

    @Test
    void errorsKeepTheCellsLineNumbersAfterMagicLines() {
        CellError.CompileError e = assertThrows(CellError.CompileError.class,
                () -> kernel.eval("%imports\nint a = 1;\nint b = \"x\";"));
        assertTrue(e.getMessage().startsWith("line 3:"), e.getMessage());
        List<String> lines = kernel.formatError(e);
        assertTrue(lines.get(0).contains("Compile error at line 3") && lines.get(0).startsWith("\u001b["),
                "the first line is styled: " + lines.get(0));
    }

    @Test
    void completesJavaAndMagicNamesAndJudgesCompleteness() {
        ReplacementOptions magic = kernel.complete("%ja", 3);
        assertEquals(List.of("jars"), magic.getReplacements());
        assertEquals(1, magic.getSourceStart());
        String code = "%jars x.jar\nQuickstartConfig.pre";
        ReplacementOptions java = kernel.complete(code, code.length());
        assertEquals(List.of("preset("), java.getReplacements());
        assertEquals(BaseKernel.IS_COMPLETE_YES, kernel.isComplete("%jars a.jar\nint x = 1"));
        assertEquals(BaseKernel.IS_COMPLETE_BAD, kernel.isComplete("int x = ;)"));
        assertEquals("    ", kernel.isComplete("if (true) {"));
    }

    @Test
    void theCommandLineHasAKernelCommand() {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        assertEquals(0, cl.execute("kernel", "--help"));
        assertTrue(out.toString().contains("CONNECTION_FILE"), out.toString());
        assertEquals(1, cl.execute("kernel", "/no/such/connection.json"));
        assertTrue(err.toString().contains("no connection file /no/such/connection.json"), err.toString());
    }
}
