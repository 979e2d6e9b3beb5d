package nsn.report;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes files so that a crash leaves either the old or the new content, never a torn file. */
public final class AtomicFiles {

    /** Writes the content of a file through an output stream. */
    @FunctionalInterface
    public interface Writer {
        /** Writes the whole content. */
        void write(OutputStream out) throws IOException;
    }

    private AtomicFiles() {}

    /** Writes {@code text} (UTF-8) to {@code target} atomically. */
    public static void writeString(Path target, String text) throws IOException {
        write(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Writes {@code target} atomically: the content goes to a temporary file in the same folder, is forced to
     * disk, then renamed over the target.
     *
     * <p>When anything fails (the folder cannot be made because a parent is a file, the folder is read-only, the
     * disk fills up while writing, the target is a directory) the temporary file is deleted, {@code target} keeps
     * its old content or stays absent, and the {@link IOException} thrown names {@code target}:
     * {@code cannot write <target>: <cause>}, with the original exception as its cause.
     *
     * @throws IOException naming {@code target}
     * @throws OutOfMemoryError naming {@code target}, when the writer ran out of memory (no file is left behind)
     */
    public static void write(Path target, Writer writer) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
            readableByAll(tmp);
            try (var channel = java.nio.channels.FileChannel.open(tmp,
                            java.nio.file.StandardOpenOption.WRITE);
                    OutputStream out = new java.io.BufferedOutputStream(
                            java.nio.channels.Channels.newOutputStream(channel), 1 << 16)) {
                writer.write(out);
                out.flush();
                channel.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new IOException("cannot write " + target + ": " + describe(e), e);
        } catch (OutOfMemoryError e) {
            // the writer's data is unreachable once we are here, so naming the file costs little memory
            OutOfMemoryError named = new OutOfMemoryError("out of memory while writing " + target
                    + " (nothing written; the old file, if any, is kept): " + e.getMessage());
            named.initCause(e);
            throw named;
        } finally {
            if (tmp != null) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /** The exception's class and message: {@code FileAlreadyExistsException: /a/b} says more than {@code /a/b}. */
    private static String describe(IOException e) {
        String name = e.getClass().getSimpleName();
        return e.getMessage() == null ? name : name + ": " + e.getMessage();
    }

    /**
     * Temporary files are created owner-only ({@code rw-------}); results are ordinary files, so give them the
     * usual {@code rw-r--r--} where the file system has POSIX permissions.
     */
    private static void readableByAll(Path file) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        }
    }
}
