package dev.tessera.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.graph.CsrGraph;
import org.junit.jupiter.api.Test;

class UniformGraphTest {
    @Test
    void undirectedIsSymmetricSimpleAndNearTheWantedDegree() {
        CsrGraph g = UniformGraph.undirected(2000, 10, 7);
        assertEquals(2000, g.numNodes());
        assertEquals(0, g.countSelfLoops());
        for (int u = 0; u < g.numNodes(); u++) {
            int[] nb = g.neighbors(u);
            for (int i = 0; i < nb.length; i++) {
                assertTrue(g.hasEdge(nb[i], u), "edge " + u + " -> " + nb[i] + " has no reverse");
                assertTrue(i == 0 || nb[i - 1] < nb[i], "row " + u + " sorted without repeats");
            }
        }
        // 10,000 pairs drawn; repeated pairs (about M² / N(N-1) ≈ 25 expected) are stored once.
        long e = g.numEdges();
        assertTrue(e <= 20_000 && e >= 19_800, "edges " + e);
        assertEquals(g, UniformGraph.undirected(2000, 10, 7));
        assertNotEquals(g, UniformGraph.undirected(2000, 10, 8));
    }

    @Test
    void rejectsGraphsWithoutRoomForAnEdge() {
        assertThrows(IllegalArgumentException.class, () -> UniformGraph.undirected(1, 10, 0));
    }
}
