package nsn.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MagicsTest {

    @Test
    void aCellIsReadAsCodeAndMagicSegmentsInOrderWithTheirLines() {
        List<Magics.Segment> s = Magics.segments("%jars a.jar b/*.jar\nint x = 1;\n\nx\n%classpath \"c d\"\n// end");
        assertEquals(4, s.size());
        assertEquals(Magics.Segment.Kind.LINE_MAGIC, s.get(0).kind());
        assertEquals("jars", s.get(0).name());
        assertEquals(List.of("a.jar", "b/*.jar"), s.get(0).args());
        assertEquals(Magics.Segment.Kind.CODE, s.get(1).kind());
        assertEquals("int x = 1;\n\nx\n", s.get(1).text());
        assertEquals(1, s.get(1).firstLine());
        assertEquals(List.of("c d"), s.get(2).args());
        assertEquals(4, s.get(2).firstLine());
        assertEquals("// end", s.get(3).text());
        assertEquals(5, s.get(3).firstLine());
    }

    @Test
    void onlyPercentInTheFirstColumnIsAMagic() {
        List<Magics.Segment> s = Magics.segments("int y = 10\n  % 3;\nString p = \"%jars x\";");
        assertEquals(1, s.size());
        assertEquals(Magics.Segment.Kind.CODE, s.get(0).kind());
        assertEquals(0, s.get(0).firstLine());
    }

    @Test
    void aFirstLineWithTwoPercentSignsMakesACellMagic() {
        List<Magics.Segment> s = Magics.segments("%%script bash\necho hi\n");
        assertEquals(1, s.size());
        assertEquals(Magics.Segment.Kind.CELL_MAGIC, s.get(0).kind());
        assertEquals("script", s.get(0).name());
        assertEquals(List.of("bash"), s.get(0).args());
        assertEquals("echo hi\n", s.get(0).text());
    }

    @Test
    void maskingKeepsOffsets() {
        String cell = "%jars a.jar\nint x = 1;";
        String masked = Magics.mask(cell);
        assertEquals(cell.length(), masked.length());
        assertEquals("           \nint x = 1;", masked);
        assertEquals("a\n\nb", Magics.mask("a\n\nb"));
    }

    @Test
    void argumentsSplitAtSpacesWithQuotesAndEscapes() {
        assertEquals(List.of("a", "b c", "d\"e", ""), Magics.splitArgs("  a \"b c\"  d\\\"e \"\""));
        assertEquals(List.of(), Magics.splitArgs("   "));
    }

    @Test
    void jarArgumentsResolveGlobsAndPathListsAndNameWhatMatchesNothing(@TempDir Path tmp) throws Exception {
        Path a = Files.createFile(tmp.resolve("a.jar"));
        Path b = Files.createFile(tmp.resolve("b.jar"));
        Files.createFile(tmp.resolve("notes.txt"));
        List<Path> globbed = Magics.resolveJars(tmp + "/*.jar");
        assertEquals(2, globbed.size(), globbed.toString());
        assertTrue(globbed.containsAll(List.of(a, b)) || globbed.stream().map(Path::toAbsolutePath).toList()
                .containsAll(List.of(a.toAbsolutePath(), b.toAbsolutePath())), globbed.toString());
        assertEquals(2, Magics.resolveJars(a + File.pathSeparator + b).size());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Magics.resolveJars(tmp + "/missing/*.jar"));
        assertTrue(e.getMessage().contains("no jar or folder matches '" + tmp + "/missing/*.jar'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Magics.resolveJars(tmp + "/none.jar"));
    }
}
