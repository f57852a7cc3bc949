package dev.tessera.io.safetensors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.TesseraException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsReaderTest {
    /** A file by hand: the given header JSON (unpadded) followed by {@code dataBytes} zero bytes. */
    private static byte[] file(String header, int dataBytes) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).array());
        out.writeBytes(h);
        out.writeBytes(new byte[dataBytes]);
        return out.toByteArray();
    }

    private static String error(byte[] bytes) {
        return assertThrows(TesseraException.class, () -> SafetensorsReader.parse("f.safetensors", bytes)).getMessage();
    }

    @Test
    void readsAHandWrittenFileWithoutPadding() {
        byte[] b = file("{\"a\":{\"dtype\":\"I32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 8);
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(b.length - 4, 7);
        SafetensorsReader r = SafetensorsReader.parse("f", b);
        assertEquals(7, r.tensor("a").toIntArray()[1]);
    }

    @Test
    void refusesMalformedFilesNamingTheFileAndEntry() {
        assertTrue(error(new byte[5]).startsWith("f.safetensors: truncated"));
        byte[] tooLong = file("{}", 0);
        ByteBuffer.wrap(tooLong).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 100);
        assertTrue(error(tooLong).contains("header length 100"));
        assertTrue(error(file("[1]", 0)).contains("not a JSON object"));
        assertTrue(error(file("{\"a\":", 0)).contains("not JSON"));
        assertTrue(error(file("{\"a\":{\"dtype\":\"Q7\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4))
                .contains("tensor 'a': unknown dtype"));
        assertTrue(error(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4]}}", 4))
                .contains("tensor 'a': data_offsets span 4 bytes, shape and dtype need 8"));
        assertTrue(error(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8))
                .contains("holes"));
        assertTrue(error(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 8))
                .contains("cover 4 of the 8"));
        assertTrue(error(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", 4))
                .contains("not a non-negative integer"));
        assertTrue(error(file("{\"__metadata__\":{\"k\":1}}", 0)).contains("'k' is not a string"));
    }

    @Test
    void missingFileIsAUserError(@TempDir Path dir) {
        Path f = dir.resolve("none.safetensors");
        TesseraException e = assertThrows(TesseraException.class, () -> SafetensorsReader.read(f));
        assertEquals(f + ": no such file", e.getMessage());
        assertTrue(Files.notExists(f));
    }
}
