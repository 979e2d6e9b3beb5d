package nsn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.EOFException;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class BytesImageInputStreamTest {

    @Test
    void readsSeeksAndEndsAsAFileStreamDoes() throws IOException {
        byte[] data = {(byte) 0xFF, (byte) 0xD8, 1, 2, 3, 4, 5};
        BytesImageInputStream in = new BytesImageInputStream(data);
        assertEquals(7, in.length());
        assertEquals(0xFFD8, in.readUnsignedShort());
        in.mark();
        byte[] b = new byte[10];
        assertEquals(5, in.read(b, 2, 8), "a read past the end returns what is left");
        assertArrayEquals(new byte[] {0, 0, 1, 2, 3, 4, 5, 0, 0, 0}, b);
        assertEquals(-1, in.read());
        assertEquals(-1, in.read(b, 0, 1));
        assertEquals(0, in.read(b, 0, 0));
        in.reset();
        assertEquals(2, in.getStreamPosition());
        assertEquals(1, in.read());
        in.seek(6);
        assertEquals(5, in.read());
        in.seek(0);
        assertThrows(EOFException.class, () -> in.readFully(new byte[8]));
        assertThrows(IndexOutOfBoundsException.class, () -> in.read(b, 8, 3));
        in.close();
        assertThrows(IOException.class, in::read);
    }
}
