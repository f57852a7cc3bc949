package dev.tessera.ppr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tessera.graph.CsrGraph;
import dev.tessera.io.safetensors.SafetensorsDtype;
import dev.tessera.io.safetensors.SafetensorsReader;
import dev.tessera.io.safetensors.SafetensorsTensor;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PprResultTest {
    @Test
    void safetensorsOutputParsesBack(@TempDir Path dir) {
        CsrGraph g = PprGraphs.of(3, 0, 1, 0, 2, 1, 0);
        PprResult r = PersonalizedPageRank.builder().setAlpha(0.5).optEpsilon(1e-6).optTopK(4).optThreads(1).build().compute(g);
        Path file = dir.resolve("ppr.safetensors");
        r.toSafetensors().putMetadata("alpha", "0.5").write(file);
        SafetensorsReader read = SafetensorsReader.read(file);
        SafetensorsTensor ids = read.tensor("neighbors");
        SafetensorsTensor w = read.tensor("weights");
        assertEquals(SafetensorsDtype.I32, ids.dtype());
        assertEquals(SafetensorsDtype.F32, w.dtype());
        assertArrayEquals(new long[] {3, 4}, ids.shape());
        assertArrayEquals(new long[] {3, 4}, w.shape());
        assertArrayEquals(r.neighbors(), ids.toIntArray());
        assertArrayEquals(r.weights(), w.toFloatArray());
        assertEquals(-1, ids.toIntArray()[3]); // 3 nodes reachable at most, so rank 3 is padding
        assertEquals("0.5", read.metadata().get("alpha"));
    }
}
