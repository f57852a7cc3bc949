package dev.tessera.io.ogb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.TesseraException;
import dev.tessera.graph.NodeFeatures;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeatureParserTest {
    @TempDir
    Path tmp;

    private Path file(String content) {
        return TinyFolders.write(tmp, Map.of("f.csv.gz", content)).resolve("f.csv.gz");
    }

    @Test
    void offHeapStorageHoldsTheSameValues() {
        // Rows long enough for several parallel blocks, stored off-heap because the heap limit is set to 0.
        int n = 3000;
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < n; r++) {
            sb.append(r).append(",-0.25,").append(r % 7 == 0 ? "1e-3" : "0.5").append('\n');
        }
        Path f = file(sb.toString());
        NodeFeatures heap = FeatureParser.parse(f, n);
        NodeFeatures off = FeatureParser.parse(f, n, 0);
        assertFalse(heap.segment().isNative());
        assertTrue(off.segment().isNative());
        assertEquals(heap, off);
        assertEquals(3, off.cols());
        assertArrayEquals(new float[] {2999f, -0.25f, 0.5f}, off.row(2999));
        assertEquals(1e-3f, off.get(7, 2));
    }

    @Test
    void offHeapErrorsNameTheLine() {
        TesseraException e = assertThrows(TesseraException.class, () -> FeatureParser.parse(file("1,2\n3,x\n"), 2, 0));
        assertTrue(e.getMessage().contains("f.csv.gz:2: column 2: not a number: 'x'"), e.getMessage());
    }

    @Test
    void emptyFieldAndEmptyFile() {
        TesseraException e = assertThrows(TesseraException.class, () -> FeatureParser.parse(file("1,2\n3,\n"), 2));
        assertTrue(e.getMessage().contains("f.csv.gz:2: column 2: empty value"), e.getMessage());
        e = assertThrows(TesseraException.class, () -> FeatureParser.parse(file(""), 2));
        assertTrue(e.getMessage().contains("empty file"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }
}
