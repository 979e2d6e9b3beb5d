package nsn.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CellStreamTest {

    /** A target that records what each flush publishes, as JJava's stream does. */
    static final class Published extends OutputStream {
        final List<String> messages = new ArrayList<>();
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();

        @Override
        public void write(int b) {
            buf.write(b);
        }

        @Override
        public void flush() {
            if (buf.size() > 0) {
                messages.add(buf.toString(StandardCharsets.UTF_8));
                buf.reset();
            }
        }
    }

    @Test
    void writesArePublishedInBatchesWhileACellRuns() {
        Published published = new Published();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        CellStream stream = new CellStream(new PrintStream(published, false, StandardCharsets.UTF_8),
                new PrintStream(log, true, StandardCharsets.UTF_8));
        PrintStream out = new PrintStream(stream, false, StandardCharsets.UTF_8);
        stream.activate();
        out.printf("%s of %d%n", "one", 2);
        out.print("no newline yet");
        assertEquals(List.of(), published.messages, "nothing before a tick");
        stream.tick();
        assertEquals(List.of("one of 2\nno newline yet"), published.messages);
        out.print("é and more");
        stream.deactivate();
        assertEquals("é and more", published.messages.get(1));
        out.println("after the cell");
        assertEquals(2, published.messages.size());
        assertEquals("after the cell\n", log.toString(StandardCharsets.UTF_8), "goes to the kernel's own stream");
    }

    @Test
    void aTickNeverSplitsACharacter() {
        byte[] euro = "a€".getBytes(StandardCharsets.UTF_8); // 'a' then 3 bytes
        assertEquals(4, CellStream.completeUtf8Prefix(euro));
        assertEquals(1, CellStream.completeUtf8Prefix(new byte[] {euro[0], euro[1], euro[2]}));
        assertEquals(1, CellStream.completeUtf8Prefix(new byte[] {euro[0], euro[1]}));
        byte[] e = "é".getBytes(StandardCharsets.UTF_8);
        assertEquals(0, CellStream.completeUtf8Prefix(new byte[] {e[0]}));
        assertEquals(2, CellStream.completeUtf8Prefix(e));
        assertEquals(0, CellStream.completeUtf8Prefix(new byte[0]));
    }
}
