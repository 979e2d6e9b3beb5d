package nsn.kernel;

import java.io.File;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.Completeness;
import jdk.jshell.SourceCodeAnalysis.CompletionInfo;
import jdk.jshell.UnresolvedReferenceException;
import jdk.jshell.VarSnippet;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/**
 * Java cells, evaluated by JShell in this JVM (see {@link CellExecutionControl}).
 *
 * <p>A cell is split into JShell snippets (declarations, statements, expressions) and they run in order until one
 * fails; the value of a cell is the value of its last snippet when that is an expression. Failures become
 * {@link CellError}s whose tracebacks use the cell's line numbers: a compile error shows the line with a caret under
 * the error, an exception shows its stack trace down to the cell, with frames in the cell's code (or in methods an
 * earlier cell declared) as {@code at line 3} / {@code at f (cell [2], line 5)}.
 *
 * <p>Not thread-safe, except {@link #interrupt}, which may be called from any thread while a cell runs.
 */
public final class JavaEvaluator implements AutoCloseable {

    /** The imports every cell sees: jshell's defaults, nsn's packages, and the chart and table APIs. */
    public static final List<String> DEFAULT_IMPORTS = List.of("java.io.*", "java.math.*", "java.net.*",
            "java.nio.file.*", "java.util.*", "java.util.concurrent.*", "java.util.function.*", "java.util.regex.*",
            "java.util.stream.*", "java.awt.image.BufferedImage", "nsn.data.*", "nsn.eval.*", "nsn.experiment.*",
            "nsn.report.*", "nsn.train.*", "org.knowm.xchart.*", "tech.tablesaw.api.*");

    /** {@link #isComplete} answers. */
    public static final String COMPLETE = "complete";
    public static final String INVALID = "invalid";

    /** Frames of library code shown before the cell's own frames, when there are many. */
    private static final int LIBRARY_FRAMES = 15;

    /** Where a snippet came from: the cell's execution count and the cell line its first character is on. */
    private record Location(int cell, int line) {}

    /** Completion matches replacing {@code code[start, end)}. */
    public record Completion(List<String> matches, int start, int end) {}

    private final JShell shell;
    private final SourceCodeAnalysis analysis;
    private final PrintStream log;
    private final Map<String, Location> locations = new ConcurrentHashMap<>();
    private final Set<String> classpath = new LinkedHashSet<>();
    private volatile CellExecutionControl control;
    private volatile boolean interrupted;

    /**
     * Starts JShell with nsn on its class path and evaluates {@code imports}.
     *
     * @param imports what to import, e.g. {@code nsn.experiment.*}; one that fails is reported on {@code log}
     * @param log where the kernel's own warnings go (not a cell's output)
     */
    public JavaEvaluator(List<String> imports, PrintStream log) {
        this.log = log;
        this.shell = JShell.builder()
                .executionEngine(new ExecutionControlProvider() {
                    @Override
                    public String name() {
                        return "nsn-kernel";
                    }

                    @Override
                    public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
                        CellExecutionControl c = new CellExecutionControl();
                        control = c;
                        return c;
                    }
                }, Map.of())
                .out(log)
                .err(log)
                .build();
        this.analysis = shell.sourceCodeAnalysis();
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                classpath.add(Path.of(entry).toAbsolutePath().normalize().toString());
            }
        }
        Path self = codeSource();
        if (self != null) {
            addToClasspath(self);
        }
        for (String imp : imports) {
            String source = "import " + imp + ";";
            for (SnippetEvent e : shell.eval(source)) {
                if (e.causeSnippet() == null && e.status() == Snippet.Status.REJECTED) {
                    log.println("nsn kernel: could not " + source + " "
                            + shell.diagnostics(e.snippet()).map(d -> d.getMessage(Locale.ROOT))
                                    .collect(Collectors.joining("; ")));
                }
            }
        }
    }

    /** The jar or class folder nsn was loaded from, or null. */
    private static Path codeSource() {
        try {
            CodeSource cs = JavaEvaluator.class.getProtectionDomain().getCodeSource();
            return cs == null || cs.getLocation() == null ? null : Path.of(cs.getLocation().toURI());
        } catch (URISyntaxException | IllegalArgumentException | SecurityException e) {
            return null;
        }
    }

    /**
     * Adds a jar or class folder to the class path of the cells that follow (compiler and class loader).
     *
     * @return false when it was already on the class path
     * @throws IllegalArgumentException when it does not exist
     */
    public boolean addToClasspath(Path entry) {
        Path p = entry.toAbsolutePath().normalize();
        if (!Files.exists(p)) {
            throw new IllegalArgumentException("no such jar or folder: " + p);
        }
        String s = p.toString();
        if (classpath.contains(s)) {
            return false;
        }
        shell.addToClasspath(s);
        classpath.add(s);
        return true;
    }

    /** The class path entries cells compile and load against, in order. */
    public List<String> classpath() {
        return List.copyOf(classpath);
    }

    /** Marks the start of a cell: forgets an interrupt that came while no cell ran. */
    public void beginCell() {
        interrupted = false;
        CellExecutionControl c = control;
        if (c != null) {
            c.clearStop();
        }
    }

    /**
     * Stops the running cell: the snippet that runs is stopped and the cell's later snippets are not run. The cell
     * then fails with {@link CellError.Interrupted}. Callable from any thread; a no-op between cells.
     */
    public void interrupt() {
        interrupted = true;
        CellExecutionControl c = control;
        if (c != null) {
            c.stop();
        }
    }

    /**
     * Evaluates the code of a cell (or a part of one that starts at {@code firstLine}).
     *
     * @param code Java source: any mix of imports, declarations, statements and expressions
     * @param cell the cell's execution count, for frames that later cells hit
     * @param firstLine the 0-based line of the cell where {@code code} starts
     * @return the value of the last snippet if it is an expression (null also when it has none)
     * @throws CellError when the code does not compile, throws, or is interrupted
     */
    public Object eval(String code, int cell, int firstLine) {
        String rest = code;
        int offset = 0;
        Object value = null;
        while (!rest.isBlank()) {
            CompletionInfo info = analysis.analyzeCompletion(rest);
            if (info.completeness() == Completeness.EMPTY) {
                break;
            }
            String source;
            String remaining;
            if (info.completeness().isComplete()) {
                source = info.source();
                remaining = info.remaining();
            } else {
                source = rest; // incomplete: let the compiler say what is missing
                remaining = "";
            }
            int lead = leadingWhitespace(source);
            int line = firstLine + countNewlines(code, 0, offset + lead) + 1;
            value = evalSnippet(source.substring(lead), cell, line);
            offset += rest.length() - remaining.length();
            rest = remaining;
        }
        return value;
    }

    private Object evalSnippet(String source, int cell, int line) {
        if (interrupted) {
            throw interruptedAt(line);
        }
        reset();
        List<SnippetEvent> events = shell.eval(source);
        SnippetEvent main = events.stream().filter(e -> e.causeSnippet() == null).findFirst().orElse(null);
        if (main == null) {
            return null;
        }
        Snippet snippet = main.snippet();
        locations.put(snippet.id(), new Location(cell, line));
        CellExecutionControl c = control;
        if ((c != null && c.takeStopped()) || interrupted) {
            throw interruptedAt(line);
        }
        if (main.status() == Snippet.Status.REJECTED) {
            throw compileError(snippet, source, line);
        }
        if (main.exception() != null) {
            throw uncaught(main.exception(), c == null ? null : c.takeThrown(), cell, line);
        }
        if (snippet instanceof DeclarationSnippet d && (main.status() == Snippet.Status.RECOVERABLE_DEFINED
                || main.status() == Snippet.Status.RECOVERABLE_NOT_DEFINED)) {
            String missing = shell.unresolvedDependencies(d).collect(Collectors.joining(", "));
            System.err.println("note: " + describe(d) + " cannot be used until " + missing + " is declared");
        }
        Object value = c == null ? CellExecutionControl.NO_VALUE : c.takeValue();
        boolean expression = snippet.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND
                || snippet.subKind() == Snippet.SubKind.VAR_VALUE_SUBKIND;
        return expression && value != CellExecutionControl.NO_VALUE ? value : null;
    }

    private void reset() {
        CellExecutionControl c = control;
        if (c != null) {
            c.takeValue();
            c.takeThrown();
        }
    }

    private static CellError.Interrupted interruptedAt(int line) {
        String message = "the cell was stopped by an interrupt request (at line " + line + ")";
        return new CellError.Interrupted(message, List.of("Interrupted: " + message));
    }

    private CellError.CompileError compileError(Snippet snippet, String source, int line) {
        List<Diag> diags = shell.diagnostics(snippet).collect(Collectors.toList());
        List<Diag> errors = diags.stream().filter(Diag::isError).collect(Collectors.toList());
        if (!errors.isEmpty()) {
            diags = errors;
        }
        List<String> lines = new ArrayList<>();
        String first = null;
        for (Diag d : diags) {
            String[] message = d.getMessage(Locale.ROOT).split("\\R");
            long position = d.getStartPosition() >= 0 ? d.getStartPosition() : d.getPosition();
            if (position < 0 || position > source.length()) {
                lines.add("Compile error at line " + line + ": " + message[0]);
                first = first == null ? "line " + line + ": " + message[0] : first;
            } else {
                int pos = (int) position;
                int lineStart = source.lastIndexOf('\n', pos - 1) + 1;
                int lineEnd = source.indexOf('\n', pos);
                lineEnd = lineEnd < 0 ? source.length() : lineEnd;
                int at = line + countNewlines(source, 0, pos);
                int end = (int) Math.min(Math.max(d.getEndPosition(), pos + 1), lineEnd);
                lines.add("Compile error at line " + at + ": " + message[0]);
                lines.add("    " + source.substring(lineStart, lineEnd));
                lines.add("    " + " ".repeat(pos - lineStart) + "^" + "~".repeat(Math.max(0, end - pos - 1)));
                first = first == null ? "line " + at + ": " + message[0] : first;
            }
            for (int i = 1; i < message.length; i++) {
                lines.add("  " + message[i].strip());
            }
        }
        if (first == null) {
            first = "line " + line + ": the snippet was rejected";
            lines.add("Compile error at line " + line + ": the snippet was rejected (" + snippet.kind() + ")");
        }
        return new CellError.CompileError(first, lines);
    }

    private CellError.UncaughtException uncaught(JShellException e, Throwable original, int cell, int line) {
        if (e instanceof UnresolvedReferenceException u) {
            DeclarationSnippet d = u.getSnippet();
            String missing = shell.unresolvedDependencies(d).collect(Collectors.joining(", "));
            String message = describe(d) + " cannot be used until " + missing + " is declared";
            return new CellError.UncaughtException(UnresolvedReferenceException.class.getName(), message,
                    List.of("UnresolvedReferenceException: " + message, "    at line " + line), original);
        }
        String className = e instanceof EvalException ee ? ee.getExceptionClassName() : e.getClass().getName();
        String message = e.getMessage();
        List<String> lines = new ArrayList<>();
        lines.add(message == null ? className : className + ": " + message);
        appendFrames(lines, e.getStackTrace(), cell, true);
        Throwable cause = e.getCause();
        for (int depth = 0; cause != null && depth < 10; depth++, cause = cause.getCause()) {
            String causeClass = cause instanceof EvalException ce ? ce.getExceptionClassName()
                    : cause.getClass().getName();
            lines.add("Caused by: " + (cause.getMessage() == null ? causeClass : causeClass + ": "
                    + cause.getMessage()));
            appendFrames(lines, cause.getStackTrace(), cell, false);
        }
        return new CellError.UncaughtException(className, message == null ? className : className + ": " + message,
                lines, original);
    }

    /**
     * Appends {@code at ...} lines down to the cell's last frame (JShell already drops the frames that call the
     * cell). Long runs of library frames before the cell's code are shortened.
     */
    private void appendFrames(List<String> lines, StackTraceElement[] frames, int cell, boolean top) {
        int firstCell = -1;
        int lastCell = -1;
        for (int i = 0; i < frames.length; i++) {
            if (isCellFrame(frames[i])) {
                firstCell = firstCell < 0 ? i : firstCell;
                lastCell = i;
            }
        }
        int end = lastCell >= 0 ? lastCell + 1 : Math.min(frames.length, top ? LIBRARY_FRAMES : 5);
        int libraryRun = firstCell >= 0 ? firstCell : end;
        int shownLibrary = libraryRun > LIBRARY_FRAMES + 5 ? LIBRARY_FRAMES : libraryRun;
        for (int i = 0; i < end; i++) {
            if (i == shownLibrary && shownLibrary < libraryRun) {
                lines.add("    ... " + (libraryRun - shownLibrary) + " more frames in libraries");
                i = libraryRun - 1;
                continue;
            }
            lines.add("    at " + formatFrame(frames[i], cell));
        }
        if (end < frames.length && lastCell < 0) {
            lines.add("    ... " + (frames.length - end) + " more");
        }
    }

    private static boolean isCellFrame(StackTraceElement f) {
        return f.getFileName() != null && f.getFileName().startsWith("#");
    }

    private String formatFrame(StackTraceElement f, int cell) {
        if (!isCellFrame(f)) {
            return f.toString();
        }
        String id = f.getFileName().substring(1);
        Location loc = locations.get(id);
        String where;
        if (loc == null) {
            where = "snippet " + id + ", line " + f.getLineNumber();
        } else {
            int at = loc.line() + Math.max(f.getLineNumber(), 1) - 1;
            where = loc.cell() == cell ? "line " + at : "cell [" + loc.cell() + "], line " + at;
        }
        String method = f.getMethodName();
        boolean topLevel = method == null || method.isEmpty() || method.startsWith("do_it$");
        String owner = f.getClassName() == null || f.getClassName().isEmpty() ? "" : f.getClassName() + ".";
        return topLevel ? where : owner + method + " (" + where + ")";
    }

    private static String describe(DeclarationSnippet d) {
        return switch (d.kind()) {
            case METHOD -> "method " + d.name() + "(...)";
            case VAR -> "variable " + d.name();
            case TYPE_DECL -> "type " + d.name();
            default -> d.name();
        };
    }

    /** Completions at {@code cursor}: matches for the identifier or member being typed there. */
    public Completion complete(String code, int cursor) {
        int start = snippetStart(code, cursor);
        String head = code.substring(start, cursor);
        int[] anchor = new int[1];
        List<SourceCodeAnalysis.Suggestion> suggestions = analysis.completionSuggestions(head, head.length(), anchor);
        List<String> matches = suggestions.stream()
                .sorted(Comparator.comparing((SourceCodeAnalysis.Suggestion s) -> !s.matchesType()))
                .map(SourceCodeAnalysis.Suggestion::continuation)
                .distinct()
                .collect(Collectors.toList());
        return new Completion(matches, start + anchor[0], cursor);
    }

    /**
     * Whether {@code code} can run as is: {@link #COMPLETE}, {@link #INVALID}, or, when it needs more lines (an open
     * brace), the indent for the next line.
     */
    public String isComplete(String code) {
        String rest = code;
        while (!rest.isBlank()) {
            CompletionInfo info = analysis.analyzeCompletion(rest);
            switch (info.completeness()) {
                case COMPLETE:
                case COMPLETE_WITH_SEMI:
                    rest = info.remaining();
                    break;
                case EMPTY:
                    return COMPLETE;
                case DEFINITELY_INCOMPLETE:
                case CONSIDERED_INCOMPLETE:
                    return nextIndent(code);
                default:
                    return INVALID;
            }
        }
        return COMPLETE;
    }

    private static String nextIndent(String code) {
        String[] lines = code.split("\\R", -1);
        String last = "";
        for (int i = lines.length - 1; i >= 0; i--) {
            if (!lines[i].isBlank()) {
                last = lines[i];
                break;
            }
        }
        String indent = last.substring(0, leadingWhitespace(last));
        String t = last.strip();
        return t.endsWith("{") || t.endsWith("(") ? indent + "    " : indent;
    }

    /**
     * Documentation at {@code cursor}: the signatures of the method or type being called or named there, or the type
     * and value of a variable; null when there is none.
     */
    public String inspect(String code, int cursor, boolean detail) {
        int start = snippetStart(code, cursor);
        String head = code.substring(start, cursor);
        List<SourceCodeAnalysis.Documentation> docs = analysis.documentation(head, head.length(), detail);
        if (!docs.isEmpty()) {
            return docs.stream()
                    .map(d -> d.javadoc() == null || d.javadoc().isBlank() ? d.signature()
                            : d.signature() + "\n" + d.javadoc())
                    .distinct()
                    .collect(Collectors.joining("\n\n"));
        }
        String name = identifierAt(code, cursor);
        if (name.isEmpty()) {
            return null;
        }
        return shell.variables()
                .filter(v -> v.name().equals(name))
                .reduce((a, b) -> b)
                .map(this::describeVariable)
                .orElse(null);
    }

    private String describeVariable(VarSnippet v) {
        String value;
        try {
            value = shell.varValue(v);
        } catch (RuntimeException e) {
            value = "(" + e.getMessage() + ")";
        }
        if (value != null && value.length() > 500) {
            value = value.substring(0, 500) + "...";
        }
        return v.typeName() + " " + v.name() + " = " + value;
    }

    private static String identifierAt(String code, int cursor) {
        int s = Math.min(cursor, code.length());
        int e = s;
        while (s > 0 && Character.isJavaIdentifierPart(code.charAt(s - 1))) {
            s--;
        }
        while (e < code.length() && Character.isJavaIdentifierPart(code.charAt(e))) {
            e++;
        }
        return code.substring(s, e);
    }

    /** The offset where the snippet that {@code cursor} is in starts. */
    int snippetStart(String code, int cursor) {
        String head = code.substring(0, cursor);
        int offset = 0;
        while (offset < head.length()) {
            String rest = head.substring(offset);
            CompletionInfo info = analysis.analyzeCompletion(rest);
            if (!info.completeness().isComplete() || info.remaining().isEmpty()) {
                return offset;
            }
            offset += rest.length() - info.remaining().length();
        }
        return offset;
    }

    static int leadingWhitespace(String s) {
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    static int countNewlines(String s, int from, int to) {
        int n = 0;
        for (int i = from; i < Math.min(to, s.length()); i++) {
            if (s.charAt(i) == '\n') {
                n++;
            }
        }
        return n;
    }

    @Override
    public void close() {
        shell.close();
    }
}
