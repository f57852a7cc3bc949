package dev.tessera.io.ogb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.TesseraException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ByteLinesTest {
    @TempDir
    Path tmp;

    private List<String> read(String name, String content) {
        Path p = TinyFolders.write(tmp, Map.of(name, content)).resolve(name);
        List<String> out = new ArrayList<>();
        try (ByteLines lines = ByteLines.open(p)) {
            while (lines.next()) {
                assertEquals(out.size() + 1, lines.lineNumber());
                out.add(lines.lineString());
            }
        }
        return out;
    }

    @Test
    void splitsLinesLikeReadLine() {
        assertEquals(List.of("a", "", "b", "c"), read("x.csv", "a\n\nb\r\nc"));
        assertEquals(List.of("a", "b"), read("x.csv.gz", "a\nb\n"));
        assertEquals(List.of(), read("x.csv", ""));
        assertEquals(List.of(""), read("x.csv", "\n"));
    }

    @Test
    void linesAcrossAndBeyondTheBuffer() {
        // Lines straddling the 64 KiB buffer boundary, and one line four times longer than the buffer.
        StringBuilder sb = new StringBuilder();
        List<String> want = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            String line = i == 7_000 ? "x".repeat(1 << 18) : "line" + i;
            want.add(line);
            sb.append(line).append('\n');
        }
        assertEquals(want, read("big.csv.gz", sb.toString()));
    }

    @Test
    void missingFileAndNotGzip() throws IOException {
        TesseraException e = assertThrows(TesseraException.class, () -> ByteLines.open(tmp.resolve("none.csv.gz")));
        assertTrue(e.getMessage().endsWith("none.csv.gz: file not found"), e.getMessage());
        Path plain = Files.writeString(tmp.resolve("plain.csv.gz"), "0,1\n");
        e = assertThrows(TesseraException.class, () -> ByteLines.open(plain).close());
        assertTrue(e.getMessage().contains("plain.csv.gz: corrupt gzip stream"), e.getMessage());
    }
}
