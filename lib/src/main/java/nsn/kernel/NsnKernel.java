package nsn.kernel;

import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.HelpLink;
import org.dflib.jjava.jupyter.kernel.JupyterIO;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.magic.LineMagic;
import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;
import org.dflib.jjava.jupyter.kernel.util.TextColor;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.reply.HistoryReply;
import org.dflib.jjava.jupyter.messages.request.HistoryRequest;

/**
 * nsn's Jupyter kernel: JJava's {@link BaseKernel} (protocol, streams, rendering, magics) with cells evaluated by a
 * {@link JavaEvaluator}. The evaluator starts on a background thread ({@link #start}), so the kernel answers
 * {@code kernel_info} at once and the first cell waits only for what is left of JShell's start.
 *
 * <p>Magics: {@code %jars PATH...} and {@code %classpath PATH...} add jars or class folders (globs allowed, paths
 * relative to the notebook's folder); {@code %imports} lists the default imports. The environment variables
 * {@value #CLASSPATH_ENV} and {@value #IJAVA_CLASSPATH_ENV} add class path entries at start.
 */
public final class NsnKernel extends BaseKernel {

    /** Extra class path entries (path-separator separated, globs allowed) added at start. */
    public static final String CLASSPATH_ENV = "NSN_KERNEL_CLASSPATH";
    /** IJava's variable for the same, honoured so IJava setups carry over. */
    public static final String IJAVA_CLASSPATH_ENV = "IJAVA_CLASSPATH";

    /** How often a running cell's output is published. */
    static final long STREAM_TICK_MS = 100;

    private final CompletableFuture<JavaEvaluator> evaluator = new CompletableFuture<>();
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile boolean cellRunning;
    private volatile boolean interruptRequested;
    private final PrintStream log;
    private final Runnable onShutdown;
    private final CellStream outStream;
    private final CellStream errStream;
    private final PrintStream cellOut;
    private final PrintStream cellErr;

    /**
     * A kernel; its evaluator starts with {@link #start} or on first use.
     *
     * @param log the kernel's own diagnostics (its process's standard error, not a cell's)
     * @param onShutdown run when Jupyter asks the kernel to shut down, after the evaluator is closed
     */
    public NsnKernel(PrintStream log, Runnable onShutdown) {
        super("nsn", version(), languageInfo(),
                List.of(new HelpLink("JShell", "https://docs.oracle.com/en/java/javase/17/jshell/")),
                null, new JupyterIO(StandardCharsets.UTF_8), new CommManager(), new Renderer(), null,
                new MagicsRegistry(), false, errorStyler());
        this.log = log;
        this.onShutdown = onShutdown;
        this.outStream = new CellStream(io.out, System.out);
        this.errStream = new CellStream(io.err, System.err);
        this.cellOut = new PrintStream(outStream, false, StandardCharsets.UTF_8);
        this.cellErr = new PrintStream(errStream, false, StandardCharsets.UTF_8);
        Thread ticker = new Thread(() -> {
            while (true) {
                try {
                    Thread.sleep(STREAM_TICK_MS);
                } catch (InterruptedException e) {
                    return;
                }
                outStream.tick();
                errStream.tick();
            }
        }, "nsn-kernel-streams");
        ticker.setDaemon(true);
        ticker.start();
        Renderers.register(renderer);
        LineMagic<Object, NsnKernel> jars = (kernel, args) -> kernel.addJars(args);
        magicsRegistry.registerLineMagic("jars", jars);
        magicsRegistry.registerLineMagic("classpath", jars);
        magicsRegistry.registerLineMagic("imports",
                (LineMagic<Object, NsnKernel>) (kernel, args) -> String.join("\n", JavaEvaluator.DEFAULT_IMPORTS));
    }

    /**
     * Starts JShell on a background thread (once; later calls do nothing). The launcher calls this right after the
     * sockets are bound, so that the start does not compete with answering the first {@code kernel_info}; any use
     * of the evaluator starts it too.
     */
    public void start() {
        if (started.compareAndSet(false, true)) {
            Thread t = new Thread(() -> {
                try {
                    evaluator.complete(newEvaluator());
                } catch (Throwable e) {
                    evaluator.completeExceptionally(e);
                }
            }, "nsn-kernel-start");
            t.setDaemon(true);
            t.start();
        }
    }

    private static String version() {
        String v = NsnKernel.class.getPackage().getImplementationVersion();
        return v == null ? "development" : v;
    }

    private static LanguageInfo languageInfo() {
        return new LanguageInfo.Builder("java")
                .version(Runtime.version().toString())
                .mimetype("text/x-java-source")
                .fileExtension(".jshell")
                .pygments("java")
                .codemirror("java")
                .build();
    }

    private static StringStyler errorStyler() {
        return new StringStyler.Builder()
                .addPrimaryStyle(TextColor.BOLD_RESET_FG)
                .addSecondaryStyle(TextColor.BOLD_RED_FG)
                .addHighlightStyle(TextColor.BOLD_RESET_FG)
                .build();
    }

    private JavaEvaluator newEvaluator() {
        long t0 = System.nanoTime();
        JavaEvaluator ev = new JavaEvaluator(JavaEvaluator.DEFAULT_IMPORTS, log);
        for (String env : List.of(CLASSPATH_ENV, IJAVA_CLASSPATH_ENV)) {
            String value = System.getenv(env);
            if (value == null || value.isBlank()) {
                continue;
            }
            try {
                for (Path p : Magics.resolveJars(value)) {
                    ev.addToClasspath(p);
                }
            } catch (RuntimeException e) {
                log.println("nsn kernel: $" + env + ": " + e.getMessage());
            }
        }
        if (System.getenv("NSN_KERNEL_DEBUG") != null) {
            log.printf("nsn kernel: JShell ready in %.2f s%n", (System.nanoTime() - t0) / 1e9);
        }
        return ev;
    }

    /** The evaluator, waiting for its start if needed; its start failure as a runtime exception. */
    public JavaEvaluator evaluator() {
        start();
        try {
            return evaluator.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    private Object addJars(List<String> args) {
        if (args.isEmpty()) {
            throw new IllegalArgumentException("usage: %jars PATH_OR_GLOB... (jars or class folders)");
        }
        JavaEvaluator ev = evaluator();
        List<String> added = new ArrayList<>();
        for (String arg : args) {
            for (Path p : Magics.resolveJars(arg)) {
                if (ev.addToClasspath(p)) {
                    added.add(p.toString());
                }
            }
        }
        if (System.getenv("NSN_KERNEL_DEBUG") != null && !added.isEmpty()) {
            log.println("nsn kernel: class path += " + String.join(File.pathSeparator, added));
        }
        return null;
    }

    @Override
    public Object evalRaw(String code) {
        interruptRequested = false;
        cellRunning = true;
        try {
            JavaEvaluator ev = evaluator();
            int cell = executionCount.get() - 1;
            ev.beginCell();
            if (interruptRequested) {
                ev.interrupt(); // it came while JShell was still starting
            }
            Object value = null;
            for (Magics.Segment s : Magics.segments(code)) {
                switch (s.kind()) {
                    case CODE -> value = ev.eval(s.text(), cell, s.firstLine());
                    case LINE_MAGIC -> value = runMagic(s, () -> magicsRegistry.evalLineMagic(this, s.name(),
                            s.args()));
                    case CELL_MAGIC -> value = runMagic(s, () -> magicsRegistry.evalCellMagic(this, s.name(),
                            s.args(), s.text()));
                    default -> throw new IllegalStateException(s.kind().toString());
                }
            }
            return value;
        } finally {
            cellRunning = false;
            cellOut.flush();
            cellErr.flush();
            outStream.deactivate();
            errStream.deactivate();
            io.out.flush();
            io.err.flush();
        }
    }

    private interface MagicCall {
        Object call() throws Exception;
    }

    private static Object runMagic(Magics.Segment s, MagicCall call) {
        try {
            return call.call();
        } catch (CellError e) {
            throw e;
        } catch (Exception e) {
            String what = (s.kind() == Magics.Segment.Kind.CELL_MAGIC ? "%%" : "%") + s.name();
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            if (e.getClass().getSimpleName().equals("UndefinedMagicException")) {
                message = "unknown magic " + what + " (this kernel has %jars, %classpath and %imports)";
            }
            throw new CellError.MagicError(what + ": " + message,
                    List.of("MagicError at line " + (s.firstLine() + 1) + ": " + what + ": " + message), e);
        }
    }

    /**
     * Answers {@code history_request} with an empty history (the kernel keeps none), busy then idle on IOPub as for
     * every request. JJava's default sends nothing without a history manager; JupyterLab then shows the kernel's
     * status as "Unknown" until the first cell runs, because the status replies to its {@code kernel_info} probes
     * are ones it ignores.
     */
    @Override
    protected void handleHistoryRequest(ShellReplyEnvironment env, Message<HistoryRequest> request) {
        env.setBusyDeferIdle();
        env.reply(new EmptyHistoryReply());
    }

    /** An empty {@code history_reply} with the {@code status} field the protocol asks for (JJava's has none). */
    private static final class EmptyHistoryReply extends HistoryReply {
        @SuppressWarnings("unused") // serialized by Gson
        private final String status = "ok";

        EmptyHistoryReply() {
            super(List.of());
        }
    }

    /** JJava's streams for the cell, behind {@link CellStream}s that publish in batches. */
    @Override
    protected void replaceOutputStreams(ShellReplyEnvironment env) {
        super.replaceOutputStreams(env);
        outStream.activate();
        errStream.activate();
        System.setOut(cellOut);
        System.setErr(cellErr);
    }

    @Override
    public DisplayData inspect(String code, int at, boolean extraDetail) {
        String doc = evaluator().inspect(Magics.mask(code), at, extraDetail);
        return doc == null ? null : new DisplayData(doc);
    }

    @Override
    public ReplacementOptions complete(String code, int at) {
        String line = currentLine(code, at);
        if (line.startsWith("%") && !line.contains(" ")) {
            String typed = line.replaceFirst("^%+", "");
            List<String> names = magicsRegistry.getLineMagicNames().stream().filter(n -> n.startsWith(typed))
                    .sorted().collect(Collectors.toList());
            return new ReplacementOptions(names, at - typed.length(), at);
        }
        JavaEvaluator.Completion c = evaluator().complete(Magics.mask(code), at);
        return new ReplacementOptions(c.matches(), c.start(), c.end());
    }

    private static String currentLine(String code, int at) {
        int start = code.lastIndexOf('\n', Math.max(at - 1, 0)) + 1;
        return at >= start ? code.substring(start, at) : "";
    }

    @Override
    public String isComplete(String code) {
        String answer = evaluator().isComplete(Magics.mask(code));
        return switch (answer) {
            case JavaEvaluator.COMPLETE -> IS_COMPLETE_YES;
            case JavaEvaluator.INVALID -> IS_COMPLETE_BAD;
            default -> answer;
        };
    }

    /** Stops the running cell (an {@code interrupt_request} on the control channel). */
    @Override
    public void interrupt() {
        if (!cellRunning) {
            return;
        }
        interruptRequested = true;
        if (evaluator.isDone() && !evaluator.isCompletedExceptionally()) {
            evaluator.join().interrupt();
        }
    }

    @Override
    public List<String> formatError(Throwable e) {
        if (e instanceof CellError c) {
            List<String> lines = new ArrayList<>();
            List<String> tb = c.traceback();
            for (int i = 0; i < tb.size(); i++) {
                lines.add(i == 0 ? errorStyler.secondary(tb.get(i)) : tb.get(i));
            }
            return lines;
        }
        return super.formatError(e);
    }

    @Override
    public void onShutdown(boolean isRestarting) {
        try {
            super.onShutdown(isRestarting);
            if (evaluator.isDone() && !evaluator.isCompletedExceptionally()) {
                evaluator.join().interrupt();
                evaluator.join().close();
            }
        } catch (RuntimeException e) {
            log.println("nsn kernel: error while shutting down: " + e);
        } finally {
            onShutdown.run();
        }
    }
}
