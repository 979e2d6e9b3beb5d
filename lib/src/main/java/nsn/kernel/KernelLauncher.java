package nsn.kernel;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;

/**
 * Runs the kernel for one Jupyter connection file ({@code nsn kernel CONNECTION_FILE}) until Jupyter shuts it down.
 *
 * <p>Order matters for a kernel that always starts: the handlers are set before the sockets bind (the channels'
 * loops start polling at bind), JShell starts in the background so {@code kernel_info} is answered at once, and the
 * process exits by itself after a shutdown request ({@value #EXIT_GRACE_MS} ms later at the latest, even when a cell
 * still runs) or when the process that started it (Jupyter's {@code JPY_PARENT_PID}) is gone.
 */
public final class KernelLauncher {

    /** After a shutdown request, the process exits within this time even if a channel or a cell hangs. */
    static final long EXIT_GRACE_MS = 1500;

    private KernelLauncher() {}

    /**
     * Serves the connection in {@code connectionFile} until a shutdown request.
     *
     * @return the process exit status (0)
     */
    public static int run(Path connectionFile) throws Exception {
        String json;
        try {
            json = Files.readString(connectionFile);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no connection file " + connectionFile.toAbsolutePath()
                    + " (Jupyter passes it as {connection_file}; see kernelspec/README.md)", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the connection file " + connectionFile.toAbsolutePath()
                    + ": " + e.getMessage(), e);
        }
        KernelConnectionProperties properties = KernelConnectionProperties.parse(json);
        PrintStream log = System.err;
        NsnKernel kernel = new NsnKernel(log, KernelLauncher::exitSoon);
        JupyterConnection connection = new JupyterConnection(properties);
        kernel.becomeHandlerForConnection(connection);
        kernel.onStartup();
        exitWithParent();
        connection.connect();
        kernel.start();
        if (System.getenv("NSN_KERNEL_DEBUG") != null) {
            log.printf("nsn kernel: listening %d ms after the JVM started%n",
                    java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime());
        }
        connection.waitUntilClose();
        return 0;
    }

    /** Exits the JVM {@value #EXIT_GRACE_MS} ms from now unless it has exited already. */
    private static void exitSoon() {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(EXIT_GRACE_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            System.exit(0);
        }, "nsn-kernel-exit");
        t.setDaemon(true);
        t.start();
    }

    /** Exits when Jupyter's process (JPY_PARENT_PID) ends, so an orphaned kernel does not linger. */
    private static void exitWithParent() {
        String parent = System.getenv("JPY_PARENT_PID");
        if (parent == null || !parent.matches("\\d+")) {
            return;
        }
        Optional<ProcessHandle> handle = ProcessHandle.of(Long.parseLong(parent));
        handle.ifPresent(h -> h.onExit().thenRun(() -> System.exit(0)));
    }
}
