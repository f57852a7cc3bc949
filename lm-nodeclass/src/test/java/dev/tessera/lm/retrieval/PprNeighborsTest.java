package dev.tessera.lm.retrieval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tessera.graph.CsrBuilder;
import dev.tessera.graph.CsrGraph;
import org.junit.jupiter.api.Test;

class PprNeighborsTest {
    /** Star 0-{1,2,3} plus a tail 3-4. */
    private static CsrGraph graph() {
        CsrBuilder b = new CsrBuilder(5);
        b.addUndirectedEdge(0, 1);
        b.addUndirectedEdge(0, 2);
        b.addUndirectedEdge(0, 3);
        b.addUndirectedEdge(3, 4);
        return b.build();
    }

    @Test
    void strongestFirstWithoutTheTargetTiesByNodeId() {
        PprNeighbors ppr = PprNeighbors.builder().optTopK(3).optEpsilon(1e-10).optThreads(2).build();
        int[][] r = ppr.neighbors(graph(), new int[] {1, 0, 4});
        // From leaf 1: the hub 0 first; 2 and 3 are one hop further, but 3 also passes mass to 4 and receives
        // it back, and has degree 2 (pi_1(v) ∝ deg(v) pi_v(1) on an undirected graph): 3 outranks 2.
        assertArrayEquals(new int[] {0, 3, 2}, r[0]);
        // From the hub: 3 (degree 2) before 1 and 2, which tie and come in id order.
        assertArrayEquals(new int[] {3, 1, 2}, r[1]);
        // From the end of the tail: 3, then the hub, then one leaf (1 and 2 tie: the smaller id).
        assertArrayEquals(new int[] {3, 0, 1}, r[2]);
    }

    @Test
    void fewerThanKWhenFewerAreReachedAndNoneForKZero() {
        CsrBuilder b = new CsrBuilder(4);
        b.addUndirectedEdge(0, 1);
        CsrGraph g = b.build();
        int[][] r = PprNeighbors.builder().optTopK(3).build().neighbors(g, new int[] {0, 2});
        assertArrayEquals(new int[] {1}, r[0]);
        assertEquals(0, r[1].length, "an isolated node reaches nobody but itself");
        int[][] none = PprNeighbors.builder().optTopK(0).build().neighbors(g, new int[] {0, 1});
        assertEquals(0, none[0].length);
        assertEquals(0, none[1].length);
    }

    @Test
    void anyThreadCountGivesTheSameRows() {
        CsrBuilder b = new CsrBuilder(60);
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(3);
        for (int i = 0; i < 150; i++) {
            b.addUndirectedEdge(rnd.nextInt(60), rnd.nextInt(60));
        }
        CsrGraph g = b.build();
        int[] targets = new int[60];
        for (int i = 0; i < 60; i++) {
            targets[i] = 59 - i;
        }
        int[][] one = PprNeighbors.builder().optTopK(5).optThreads(1).build().neighbors(g, targets);
        int[][] four = PprNeighbors.builder().optTopK(5).optThreads(4).build().neighbors(g, targets);
        for (int i = 0; i < 60; i++) {
            assertArrayEquals(one[i], four[i]);
            for (int v : one[i]) {
                org.junit.jupiter.api.Assertions.assertNotEquals(targets[i], v);
            }
        }
    }
}
