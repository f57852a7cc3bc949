package dev.tessera.io.npz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.TesseraException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpzArchiveTest {
    @TempDir
    Path dir;

    private static Map<String, NpyArray> sample() {
        Map<String, NpyArray> m = new LinkedHashMap<>();
        m.put("edges", NpyArray.ofLongs(new long[] {0, 1, 1, 2}, 2, 2));
        m.put("x", NpyArray.ofFloats(new float[] {0.5f, -1f, 3f}));
        m.put("names", NpyArray.ofStrings(List.of("a", "bc")));
        m.put("mask", NpyArray.ofBooleans(new boolean[] {true, false, true, true}, 2, 2));
        return m;
    }

    @Test
    void storedAndDeflatedArchivesRoundTrip() {
        for (boolean compressed : new boolean[] {false, true}) {
            Path p = dir.resolve("a" + compressed + ".npz");
            NpzArchive.write(p, sample(), compressed);
            try (NpzArchive npz = NpzArchive.open(p)) {
                assertEquals(List.of("edges", "x", "names", "mask"), npz.names());
                assertTrue(npz.has("x"));
                assertFalse(npz.has("y"));
                assertArrayEquals(new long[] {0, 1, 1, 2}, npz.read("edges").asLongs());
                assertEquals(List.of("a", "bc"), npz.read("names").asStrings());
            }
            assertEquals(sample(), NpzArchive.readAll(p));
        }
    }

    @Test
    void writingIsDeterministic() throws IOException {
        Path a = dir.resolve("a.npz");
        Path b = dir.resolve("b.npz");
        NpzArchive.write(a, sample(), true);
        NpzArchive.write(b, sample(), true);
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
    }

    @Test
    void missingMemberNamesArchiveAndMember() {
        Path p = dir.resolve("a.npz");
        NpzArchive.write(p, sample(), false);
        try (NpzArchive npz = NpzArchive.open(p)) {
            String msg = assertThrows(TesseraException.class, () -> npz.read("labels")).getMessage();
            assertTrue(msg.startsWith(p + "[labels.npy]: member missing"), msg);
            assertTrue(msg.contains("edges, x, names, mask"), msg);
        }
    }

    @Test
    void truncatedArchiveIsAOneLineError() throws IOException {
        Path p = dir.resolve("a.npz");
        NpzArchive.write(p, sample(), true);
        byte[] all = Files.readAllBytes(p);
        Path half = dir.resolve("half.npz");
        Files.write(half, Arrays.copyOf(all, all.length / 2));
        String msg = assertThrows(TesseraException.class, () -> NpzArchive.open(half)).getMessage();
        assertTrue(msg.startsWith(half + ": not a zip archive, or truncated"), msg);
        assertFalse(msg.contains("\n"));
        Path missing = dir.resolve("none.npz");
        assertEquals(missing + ": file not found", assertThrows(TesseraException.class, () -> NpzArchive.open(missing)).getMessage());
    }

    @Test
    void corruptStoredMemberIsDetected() throws IOException {
        Path p = dir.resolve("a.npz");
        NpzArchive.write(p, Map.of("x", NpyArray.ofFloats(new float[] {1, 2, 3, 4})), false);
        byte[] all = Files.readAllBytes(p);
        // The last data byte of the only member sits just before the central directory.
        int cd = lastIndexOf(all, new byte[] {'P', 'K', 1, 2});
        all[cd - 1] ^= 0x55;
        Files.write(p, all);
        try (NpzArchive npz = NpzArchive.open(p)) {
            String msg = assertThrows(TesseraException.class, () -> npz.read("x")).getMessage();
            assertEquals(p + "[x.npy]: corrupt member (CRC-32 mismatch)", msg);
        }
    }

    @Test
    void failedWriteLeavesTargetUntouched() throws IOException {
        Path p = dir.resolve("a.npz");
        NpzArchive.write(p, sample(), true);
        byte[] before = Files.readAllBytes(p);
        Map<String, NpyArray> bad = new LinkedHashMap<>(sample());
        bad.put("boom", null);
        assertThrows(RuntimeException.class, () -> NpzArchive.write(p, bad, true));
        assertArrayEquals(before, Files.readAllBytes(p));
        try (var s = Files.list(dir)) {
            assertEquals(1, s.count(), "no temporary file left behind");
        }
    }

    private static int lastIndexOf(byte[] a, byte[] pattern) {
        for (int i = a.length - pattern.length; i >= 0; i--) {
            if (Arrays.equals(a, i, i + pattern.length, pattern, 0, pattern.length)) {
                return i;
            }
        }
        throw new AssertionError("pattern not found");
    }
}
