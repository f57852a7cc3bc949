package dev.tessera.transforms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.tessera.graph.CsrBuilder;
import dev.tessera.graph.CsrGraph;
import org.junit.jupiter.api.Test;

class CsrOpsTest {
    @Test
    void reversesEveryEdgeWithItsWeight() {
        // 0→1 (2), 0→2 (1), 1→2 (3), 2→0 (0.5), 2→2 (4)
        CsrGraph g = new CsrBuilder(3).addEdge(0, 1, 2f).addEdge(0, 2, 1f).addEdge(1, 2, 3f).addEdge(2, 0, 0.5f)
                .addEdge(2, 2, 4f).build();
        CsrGraph t = CsrOps.transpose(g);
        assertArrayEquals(new long[] {0, 1, 2, 5}, t.rowPointers());
        assertArrayEquals(new int[] {2}, t.neighbors(0));
        assertArrayEquals(new int[] {0}, t.neighbors(1));
        assertArrayEquals(new int[] {0, 1, 2}, t.neighbors(2)); // sorted by source
        assertArrayEquals(new float[] {0.5f, 2f, 1f, 3f, 4f}, t.weightArray());
        assertEquals(g, CsrOps.transpose(t));
        assertFalse(CsrOps.transpose(new CsrBuilder(2).addEdge(0, 1).build()).isWeighted());
    }
}
