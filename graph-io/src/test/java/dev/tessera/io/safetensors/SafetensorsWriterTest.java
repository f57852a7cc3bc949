package dev.tessera.io.safetensors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsWriterTest {
    @Test
    void byteLayoutFollowsTheSpecification(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("t.safetensors");
        new SafetensorsWriter()
                .addInt32("ids", new int[] {1, -2, 3, 4, 5, 0x01020304}, 2, 3)
                .addFloat32("w", new float[] {0.5f, -1f}, 2)
                .addFloat64("d", new double[] {2.25}, 1)
                .putMetadata("alpha", "0.15")
                .write(file);
        byte[] b = Files.readAllBytes(file);
        ByteBuffer le = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        long n = le.getLong(0);
        assertEquals(0, n % 8, "header padded to 8 bytes");
        String header = new String(b, 8, (int) n, StandardCharsets.UTF_8);
        assertTrue(header.startsWith("{"));
        String trimmed = header.stripTrailing();
        assertTrue(trimmed.endsWith("}"));
        assertEquals(header.length(), header.indexOf(' ', trimmed.length()) < 0 ? trimmed.length()
                : trimmed.length() + (header.length() - trimmed.length()), "only spaces pad the header");
        assertTrue(header.substring(trimmed.length()).chars().allMatch(c -> c == ' '));
        JsonNode json = new ObjectMapper().readTree(trimmed);
        assertEquals("0.15", json.get("__metadata__").get("alpha").asText());
        // 8-byte dtypes come first, then 4-byte ones by name: d, ids, w.
        assertEquals("F64", json.get("d").get("dtype").asText());
        assertEquals(List.of(0L, 8L), offsets(json.get("d")));
        assertEquals("I32", json.get("ids").get("dtype").asText());
        assertEquals("[2,3]", json.get("ids").get("shape").toString());
        assertEquals(List.of(8L, 32L), offsets(json.get("ids")));
        assertEquals("F32", json.get("w").get("dtype").asText());
        assertEquals(List.of(32L, 40L), offsets(json.get("w")));
        int data = 8 + (int) n;
        assertEquals(data + 40, b.length, "the buffer holds exactly the tensors");
        assertEquals(2.25, le.getDouble(data));
        assertEquals(-2, le.getInt(data + 8 + 4));
        // Little-endian: the least significant byte first.
        assertArrayEquals(new byte[] {4, 3, 2, 1}, java.util.Arrays.copyOfRange(b, data + 8 + 20, data + 8 + 24));
        assertEquals(-1f, le.getFloat(data + 36));
    }

    private static List<Long> offsets(JsonNode t) {
        return List.of(t.get("data_offsets").get(0).asLong(), t.get("data_offsets").get(1).asLong());
    }

    @Test
    void roundTripsThroughTheReader(@TempDir Path dir) {
        Path file = dir.resolve("r.safetensors");
        new SafetensorsWriter().addInt64("big", new long[] {1L << 40, -7}, 2).addFloat32("s", new float[] {3f})
                .addInt32("empty", new int[0], 0, 5).write(file);
        SafetensorsReader r = SafetensorsReader.read(file);
        assertArrayEquals(new long[] {1L << 40, -7}, r.tensor("big").toLongArray());
        assertArrayEquals(new long[0], r.tensor("s").shape(), "a scalar has an empty shape");
        assertArrayEquals(new float[] {3f}, r.tensor("s").toFloatArray());
        assertArrayEquals(new long[] {0, 5}, r.tensor("empty").shape());
        assertTrue(r.metadata().isEmpty());
        assertEquals(0, r.headerLength() % 8);
    }

    @Test
    void writesAtomicallyAndReplaces(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("a.safetensors");
        new SafetensorsWriter().addInt32("x", new int[] {1}, 1).write(file);
        new SafetensorsWriter().addInt32("x", new int[] {2, 3}, 2).write(file);
        assertArrayEquals(new int[] {2, 3}, SafetensorsReader.read(file).tensor("x").toIntArray());
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(file), s.toList(), "no temporary left behind");
        }
    }

    @Test
    void refusesWrongShapesAndNames() {
        SafetensorsWriter w = new SafetensorsWriter();
        assertThrows(IllegalArgumentException.class, () -> w.addInt32("x", new int[] {1, 2, 3}, 2));
        assertThrows(IllegalArgumentException.class, () -> w.addInt32("__metadata__", new int[] {1}, 1));
        w.addInt32("x", new int[] {1}, 1);
        assertThrows(IllegalArgumentException.class, () -> w.addInt32("x", new int[] {1}, 1));
    }
}
