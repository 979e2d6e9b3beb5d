package nsn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LibtorchCheckTest {

    private static Path pipTorch(Path root, String version) throws IOException {
        Path lib = Files.createDirectories(root.resolve("torch/lib"));
        Files.writeString(lib.resolve("libtorch.so"), "not a real library");
        Files.writeString(root.resolve("torch/version.py"),
                "from typing import Optional\n__version__ = '" + version + "'\ncuda: Optional[str] = '13.0'\n");
        return lib;
    }

    @Test
    void aPipTorchOfAnotherVersionIsNamed(@TempDir Path dir) throws IOException {
        Path lib = pipTorch(dir, "2.11.0+cu130");
        Optional<String> p = LibtorchCheck.problem(Map.of("PYTORCH_LIBRARY_PATH", lib.toString()));
        assertTrue(p.isPresent());
        assertTrue(p.get().contains(lib.toString()) && p.get().contains("libtorch 2.11.0+cu130")
                && p.get().contains("needs libtorch 2.7.1"), p.get());
    }

    @Test
    void theMatchingVersionAndUnreadableOnesPass(@TempDir Path dir) throws IOException {
        Path ok = pipTorch(dir.resolve("a"), "2.7.1+cu128");
        assertEquals(Optional.empty(), LibtorchCheck.problem(Map.of("PYTORCH_LIBRARY_PATH", ok.toString())));
        Path zip = Files.createDirectories(dir.resolve("libtorch/lib"));
        Files.writeString(zip.resolve("libtorch.so"), "x");
        Files.writeString(dir.resolve("libtorch/build-version"), "2.7.1+cu126\n");
        assertEquals(Optional.of("2.7.1+cu126"), LibtorchCheck.version(zip));
        assertEquals(Optional.empty(), LibtorchCheck.problem(Map.of("PYTORCH_LIBRARY_PATH", zip.toString())));
        Files.writeString(dir.resolve("libtorch/build-version"), "2.5.1+cpu\n");
        assertTrue(LibtorchCheck.problem(Map.of("PYTORCH_LIBRARY_PATH", zip.toString())).isPresent());
        Path bare = Files.createDirectories(dir.resolve("bare/lib"));
        Files.writeString(bare.resolve("libtorch.so"), "x");
        assertEquals(Optional.empty(), LibtorchCheck.problem(Map.of("PYTORCH_LIBRARY_PATH", bare.toString())));
        assertEquals(Optional.empty(), LibtorchCheck.problem(Map.of()));
    }

    @Test
    void anotherVersionWithAJniBuiltForItPasses(@TempDir Path dir) throws IOException {
        Path lib = pipTorch(dir, "2.13.0+cpu");
        Map<String, String> env = Map.of("PYTORCH_LIBRARY_PATH", lib.toString());
        assertTrue(LibtorchCheck.problem(env).orElseThrow().contains("bench/build-djl-jni.sh"));
        Files.writeString(lib.resolve(LibtorchCheck.OWN_JNI), "a JNI built for 2.13");
        assertEquals(Optional.empty(), LibtorchCheck.problem(env));
        Files.delete(lib.resolve(LibtorchCheck.OWN_JNI));
        Files.writeString(lib.resolve("libdjl_torch.so"), "DJL's unversioned name");
        assertEquals(Optional.empty(), LibtorchCheck.problem(env));
    }

    @Test
    void theFirstFolderWithLibtorchDecides(@TempDir Path dir) throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Path bad = pipTorch(dir.resolve("b"), "2.9.0");
        Path good = pipTorch(dir.resolve("g"), "2.7.1");
        String sep = java.io.File.pathSeparator;
        assertTrue(LibtorchCheck.problem(Map.of("PYTORCH_LIBRARY_PATH", empty + sep + bad + sep + good))
                .isPresent());
        assertEquals(Optional.empty(),
                LibtorchCheck.problem(Map.of("PYTORCH_LIBRARY_PATH", good + sep + bad)));
    }
}
