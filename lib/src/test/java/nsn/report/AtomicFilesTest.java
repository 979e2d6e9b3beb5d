package nsn.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    private static List<String> names(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void writesTheContentReadableByAllAndLeavesNoTemporaryFile(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("results.json");
        AtomicFiles.writeString(target, "{}");
        AtomicFiles.writeString(target, "{\"a\": 1}");
        assertEquals("{\"a\": 1}", Files.readString(target));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count());
        }
    }

    /** The disk fills up half-way through the content: the old file survives and no temporary file is left. */
    @Test
    void aWriteThatFailsMidwayKeepsTheOldFileAndNamesTheTarget(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("metrics.csv");
        AtomicFiles.writeString(target, "old");
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(target, out -> {
            out.write(new byte[200_000]);
            throw new IOException("No space left on device");
        }));
        assertEquals("cannot write " + target + ": IOException: No space left on device", e.getMessage());
        assertEquals("old", Files.readString(target));
        assertEquals(List.of("metrics.csv"), names(dir));
    }

    @Test
    void runningOutOfMemoryWhileWritingKeepsTheOldFileAndNamesTheTarget(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("features.bin");
        AtomicFiles.writeString(target, "old");
        OutOfMemoryError e = assertThrows(OutOfMemoryError.class, () -> AtomicFiles.write(target, out -> {
            out.write(new byte[200_000]);
            throw new OutOfMemoryError("Java heap space"); // what a too-large buffer in the writer would throw
        }));
        assertTrue(e.getMessage().startsWith("out of memory while writing " + target), e.getMessage());
        assertTrue(e.getMessage().endsWith("Java heap space"), e.getMessage());
        assertEquals("old", Files.readString(target));
        assertEquals(List.of("features.bin"), names(dir), "no temporary file is left behind");
    }

    @Test
    void aParentThatIsAFileOrATargetThatIsAFolderFailsNamingTheTarget(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("runs"), "a file, not a folder");
        Path under = file.resolve("quickstart/results.json");
        IOException parent = assertThrows(IOException.class, () -> AtomicFiles.writeString(under, "{}"));
        assertTrue(parent.getMessage().startsWith("cannot write " + under + ": "), parent.getMessage());
        assertTrue(parent.getMessage().contains(file + "/quickstart: Not a directory")
                || parent.getMessage().contains("FileAlreadyExistsException"), parent.getMessage());

        Path folder = dir.resolve("table.csv");
        Files.createDirectories(folder.resolve("inside"));
        IOException target = assertThrows(IOException.class, () -> AtomicFiles.writeString(folder, "a,b"));
        assertTrue(target.getMessage().startsWith("cannot write " + folder + ": "), target.getMessage());
        assertTrue(Files.isDirectory(folder.resolve("inside")));
        assertEquals(List.of("runs", "table.csv"), names(dir), "no temporary file is left behind");
    }

    /** Only meaningful for a user the permissions bind (root writes anyway), so skipped as root. */
    @Test
    void aReadOnlyFolderFailsNamingTheTarget(@TempDir Path dir) throws Exception {
        Path readOnly = Files.createDirectories(dir.resolve("ro"));
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            assumeFalse(Files.isWritable(readOnly), "running as root: permissions do not stop writes");
            Path target = readOnly.resolve("results.json");
            IOException e = assertThrows(IOException.class, () -> AtomicFiles.writeString(target, "{}"));
            assertTrue(e.getMessage().startsWith("cannot write " + target + ": AccessDeniedException"),
                    e.getMessage());
            assertEquals(List.of(), names(readOnly));
        } finally {
            Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    /** A real writer: the run folder was replaced by a file after the run opened it. */
    @Test
    void runDirectoryResultsNameTheFileThatCouldNotBeWritten(@TempDir Path dir) throws Exception {
        Path runFolder = dir.resolve("run");
        RunDirectory run = RunDirectory.open(runFolder);
        run.writeResults(Map.of("top1", 0.5));
        Files.delete(runFolder.resolve("results.json"));
        Files.delete(runFolder);
        Files.writeString(runFolder, "not a folder");
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> run.writeResults(Map.of("top1", 1)));
        assertTrue(e.getMessage().startsWith("cannot write " + runFolder.resolve("results.json")), e.getMessage());
        assertEquals("not a folder", Files.readString(runFolder));
        assertEquals(List.of("run"), names(dir));
        assertFalse(Files.exists(dir.resolve(".results.json.tmp")));
    }
}
