package nsn.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import nsn.experiment.QuickstartConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JShell evaluation as the kernel does it, without the Jupyter protocol. */
class JavaEvaluatorTest {

    private static final ByteArrayOutputStream LOG = new ByteArrayOutputStream();
    private static JavaEvaluator ev;
    private static int cell;

    @BeforeAll
    static void start() {
        ev = new JavaEvaluator(JavaEvaluator.DEFAULT_IMPORTS, new PrintStream(LOG, true, StandardCharsets.UTF_8));
    }

    @AfterAll
    static void stop() {
        ev.close();
    }

    /** Evaluates a whole cell under the next execution count. */
    private static Object run(String code) {
        ev.beginCell();
        return ev.eval(code, ++cell, 0);
    }

    @Test
    void defaultImportsAllResolve() {
        assertEquals("", LOG.toString(StandardCharsets.UTF_8), "import failures are logged");
        assertEquals(3, run("List<Path> l = new ArrayList<>(List.of(Path.of(\"a\")));\n"
                + "Table t = Table.create(\"x\");\nXYChart c = null;\nBufferedImage b = null;\n"
                + "l.size() + t.columnCount() + Charts.WIDTH / Charts.WIDTH + (int) Stream.of(1).count()"));
    }

    @Test
    void everyPublicNsnClassIsReachableByItsSimpleName() throws IOException {
        Path classes = Path.of(QuickstartConfig.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        if (!Files.isDirectory(classes)) {
            return; // run from a jar: nothing to list
        }
        for (String pkg : List.of("data", "eval", "experiment", "report", "train")) {
            List<String> names;
            try (Stream<Path> files = Files.list(classes.resolve("nsn").resolve(pkg))) {
                names = files.map(p -> p.getFileName().toString())
                        .filter(n -> n.endsWith(".class") && !n.contains("$") && !n.startsWith("package-info"))
                        .map(n -> n.substring(0, n.length() - ".class".length()))
                        .collect(Collectors.toList());
            }
            for (String name : names) {
                boolean isPublic;
                try {
                    isPublic = java.lang.reflect.Modifier.isPublic(Class.forName("nsn." + pkg + "." + name)
                            .getModifiers());
                } catch (ClassNotFoundException e) {
                    throw new AssertionError(e);
                }
                if (isPublic) {
                    Object c = run(name + ".class");
                    assertEquals("nsn." + pkg + "." + name, ((Class<?>) c).getName(), name + " is ambiguous");
                }
            }
        }
    }

    @Test
    void theValueOfTheLastExpressionIsTheRealObject() {
        Object img = run("var img = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);\nimg");
        assertInstanceOf(BufferedImage.class, img);
        assertEquals(3, ((BufferedImage) img).getWidth());
        assertEquals(6, run("int a = 2;\nint b = a * 3;\nb"));
        assertEquals(9, run("a + 7"));
        assertNull(run("int d = 4;"), "a declaration has no value to show");
        assertNull(run("System.out.print(\"\")"), "a statement has no value to show");
        assertNull(run("// only a comment\n"));
        assertNull(run("String n = null;\nn"));
    }

    @Test
    void declarationsStayForLaterCells() {
        run("int twice(int x) {\n  return 2 * x;\n}");
        run("record P(int x, int y) {}");
        assertEquals(10, run("twice(new P(5, 1).x())"));
    }

    @Test
    void compileErrorsNameTheCellLineAndPointAtTheError() {
        CellError.CompileError e = assertThrows(CellError.CompileError.class,
                () -> run("int ok = 1;\n\nString s = 5;\nint never = 2;"));
        assertTrue(e.getMessage().startsWith("line 3: incompatible types"), e.getMessage());
        assertEquals(List.of("Compile error at line 3: incompatible types: int cannot be converted to java.lang.String",
                "    String s = 5;", "               ^"), e.traceback());
        assertThrows(CellError.CompileError.class, () -> run("never"), "snippets after the error did not run");

        ev.beginCell();
        CellError.CompileError later = assertThrows(CellError.CompileError.class,
                () -> ev.eval("int x =\n  undefinedThing + 1;", ++cell, 4));
        assertTrue(later.getMessage().startsWith("line 6: cannot find symbol"), later.getMessage());
        assertTrue(later.traceback().contains("      undefinedThing + 1;"), later.traceback().toString());

        CellError.CompileError missingSemicolon = assertThrows(CellError.CompileError.class,
                () -> run("class A {\n  int v() { return 1 }\n}"));
        assertTrue(missingSemicolon.getMessage().startsWith("line 2: ';' expected"), missingSemicolon.getMessage());
    }

    @Test
    void exceptionsShowTheStackDownToTheCellWithCellLines() {
        run("\nvoid boom(String why) {\n  throw new IllegalStateException(why);\n}");
        int declaredIn = cell;
        CellError.UncaughtException e = assertThrows(CellError.UncaughtException.class,
                () -> run("int before = 1;\nboom(\"bad\");"));
        assertEquals("java.lang.IllegalStateException", e.exceptionClass());
        assertEquals("java.lang.IllegalStateException: bad", e.getMessage());
        assertEquals(List.of("java.lang.IllegalStateException: bad",
                "    at boom (cell [" + declaredIn + "], line 3)", "    at line 2"), e.traceback());
        assertInstanceOf(IllegalStateException.class, e.getCause(), "the real exception is kept");

        CellError.UncaughtException lib = assertThrows(CellError.UncaughtException.class,
                () -> run("List<String> empty = List.of();\n\nempty.get(0)"));
        List<String> tb = lib.traceback();
        assertTrue(tb.get(0).contains("IndexOutOfBoundsException: Index 0"), tb.toString());
        assertEquals("    at line 3", tb.get(tb.size() - 1), "the trace ends at the cell: " + tb);
        assertTrue(tb.stream().noneMatch(l -> l.contains("jdk.jshell") || l.contains("nsn.kernel")), tb.toString());

        CellError.UncaughtException caused = assertThrows(CellError.UncaughtException.class,
                () -> run("throw new RuntimeException(\"outer\", new IllegalArgumentException(\"inner\"));"));
        assertTrue(caused.traceback().contains("Caused by: java.lang.IllegalArgumentException: inner"),
                caused.traceback().toString());
    }

    @Test
    void unresolvedReferencesAreExplained() {
        run("int usesMissing() { return missingValue + 1; }");
        CellError.UncaughtException e = assertThrows(CellError.UncaughtException.class, () -> run("usesMissing()"));
        assertTrue(e.getMessage().contains("missingValue"), e.getMessage());
    }

    @Test
    void anInterruptStopsABusyLoopAndTheNextCellRuns() {
        assertInterrupted("long spins = 0;\n"
                + "while (true) { System.setProperty(\"nsn.test.running\", \"1\"); spins++; }\n"
                + "System.out.println(\"not reached\");", 2);
        assertEquals(42, run("42"));
        assertInterrupted("System.setProperty(\"nsn.test.running\", \"1\");\nThread.sleep(60_000);", 2);
        assertEquals("ok", run("\"ok\""));
    }

    /** Runs {@code code}, interrupts it once it sets the property nsn.test.running, and checks it stopped. */
    private static void assertInterrupted(String code, int line) {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            System.clearProperty("nsn.test.running");
            ev.beginCell();
            int c = ++cell;
            CompletableFuture<Object> running = CompletableFuture.supplyAsync(() -> ev.eval(code, c, 0));
            while (System.getProperty("nsn.test.running") == null) {
                TimeUnit.MILLISECONDS.sleep(20);
            }
            TimeUnit.MILLISECONDS.sleep(300);
            assertFalse(running.isDone(), "the cell runs until interrupted");
            ev.interrupt();
            Throwable thrown = assertThrows(Exception.class, () -> running.get(20, TimeUnit.SECONDS)).getCause();
            assertInstanceOf(CellError.Interrupted.class, thrown);
            assertTrue(thrown.getMessage().endsWith("(at line " + line + ")"), thrown.getMessage());
        });
    }

    @Test
    void anInterruptBetweenCellsIsForgotten() {
        ev.interrupt();
        assertEquals(5, run("5"));
    }

    @Test
    void threadsACellStartsDoNotHoldItUp() {
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            assertEquals(1, run("var pool = java.util.concurrent.Executors.newFixedThreadPool(1);\n"
                    + "pool.submit(() -> { try { Thread.sleep(60_000); } catch (InterruptedException e) { } });\n1"));
            run("pool.shutdownNow();");
        });
    }

    @Test
    void completesMembersAndNamesAtTheCursor() {
        JavaEvaluator.Completion c = ev.complete("QuickstartConfig.sm", 19);
        assertTrue(c.matches().contains("smoke()") && c.matches().contains("small()"), c.matches().toString());
        assertEquals(17, c.start());
        assertEquals(19, c.end());

        String code = "int q = 1;\nMath.ma";
        JavaEvaluator.Completion m = ev.complete(code, code.length());
        assertTrue(m.matches().contains("max("), m.matches().toString());
        assertEquals(code.length() - 2, m.start());

        String mid = "System.out.pri\nint z = 1;";
        JavaEvaluator.Completion p = ev.complete(mid, 14);
        assertTrue(p.matches().contains("println("), p.matches().toString());
    }

    @Test
    void tellsWhetherCodeIsComplete() {
        assertEquals(JavaEvaluator.COMPLETE, ev.isComplete("int x = 1"));
        assertEquals(JavaEvaluator.COMPLETE, ev.isComplete("int x = 1;\nx + 1"));
        assertEquals(JavaEvaluator.COMPLETE, ev.isComplete(""));
        assertEquals("    ", ev.isComplete("for (int i = 0; i < 3; i++) {"));
        assertEquals("  ", ev.isComplete("void f() {\n  int a = 1;"));
        assertEquals(JavaEvaluator.INVALID, ev.isComplete("int x = ;)"));
    }

    @Test
    void inspectsSignaturesAndVariables() {
        assertTrue(ev.inspect("Math.max(", 9, false).contains("int Math.max(int a, int b)"));
        run("int inspected = 7;");
        String doc = ev.inspect("inspected", 9, false);
        assertTrue(doc != null && doc.contains("inspected"), doc);
        assertNull(ev.inspect("   ", 2, false));
    }

    @Test
    void jarsAddedToTheClassPathAreUsableInLaterCells(@TempDir Path tmp) throws Exception {
        Path src = tmp.resolve("src/demo/Greeter.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, "package demo; public class Greeter { public String greet() { return \"hello\"; } }");
        Path classes = Files.createDirectories(tmp.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertEquals(0, javac.run(null, null, null, "-d", classes.toString(), src.toString()));
        Path jar = tmp.resolve("greeter.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out)) {
            j.putNextEntry(new JarEntry("demo/Greeter.class"));
            j.write(Files.readAllBytes(classes.resolve("demo/Greeter.class")));
            j.closeEntry();
        }
        assertThrows(CellError.CompileError.class, () -> run("new demo.Greeter()"));
        assertTrue(ev.addToClasspath(jar));
        assertFalse(ev.addToClasspath(jar), "added once");
        assertTrue(ev.classpath().contains(jar.toAbsolutePath().normalize().toString()));
        assertEquals("hello", run("new demo.Greeter().greet()"));
        assertThrows(IllegalArgumentException.class, () -> ev.addToClasspath(tmp.resolve("missing.jar")));
    }
}
