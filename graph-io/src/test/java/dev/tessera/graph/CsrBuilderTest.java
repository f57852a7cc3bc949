package dev.tessera.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

class CsrBuilderTest {
    @Test
    void rowsAreSortedAndDuplicatesDropped() {
        CsrGraph g = new CsrBuilder(4).addEdge(2, 1).addEdge(0, 3).addEdge(0, 1).addEdge(0, 3).addEdge(3, 3).build();
        assertEquals(4, g.numNodes());
        assertEquals(4, g.numEdges());
        assertArrayEquals(new long[] {0, 2, 2, 3, 4}, g.rowPointers());
        assertArrayEquals(new int[] {1, 3}, g.neighbors(0));
        assertArrayEquals(new int[] {}, g.neighbors(1));
        assertArrayEquals(new int[] {3}, g.neighbors(3));
        assertEquals(1, g.countSelfLoops());
        assertTrue(g.hasEdge(0, 3));
        assertFalse(g.hasEdge(3, 0));
        assertFalse(g.isWeighted());
        assertEquals(1f, g.weight(0));
        assertNull(g.weightArray());
    }

    @Test
    void keepPolicyMakesAMultigraphAndSumAddsWeights() {
        CsrBuilder keep = new CsrBuilder(2).optDuplicates(CsrBuilder.Duplicates.KEEP).addEdge(0, 1).addEdge(0, 1);
        assertEquals(2, keep.build().numEdges());
        CsrGraph sum = new CsrBuilder(2).optDuplicates(CsrBuilder.Duplicates.SUM)
                .addEdge(0, 1, 0.25f).addEdge(1, 0, 3f).addEdge(0, 1, 0.5f).build();
        assertEquals(2, sum.numEdges());
        assertArrayEquals(new float[] {0.75f, 3f}, sum.weightArray());
        CsrGraph drop = new CsrBuilder(2).addEdge(0, 1, 0.25f).addEdge(0, 1, 0.5f).build();
        assertArrayEquals(new float[] {0.25f}, drop.weightArray(), "DROP keeps the first occurrence's weight");
    }

    @Test
    void weightsFollowTheirEdgesWhenRowsAreSorted() {
        CsrGraph g = CsrBuilder.fromEdges(3, new int[] {0, 0, 0}, new int[] {2, 0, 1}, new float[] {2f, 0f, 1f},
                CsrBuilder.Duplicates.DROP);
        assertArrayEquals(new int[] {0, 1, 2}, g.neighbors(0));
        assertArrayEquals(new float[] {0f, 1f, 2f}, g.weightArray());
    }

    @Test
    void undirectedEdgesAddBothDirectionsAndLoopsOnce() {
        CsrGraph g = new CsrBuilder(3).addUndirectedEdge(0, 1).addUndirectedEdge(2, 2).build();
        assertEquals(3, g.numEdges());
        assertTrue(g.hasEdge(1, 0));
        assertEquals(1, g.countSelfLoops());
    }

    @Test
    void outOfRangeIdsAreRejected() {
        CsrBuilder b = new CsrBuilder(2);
        assertThrows(IndexOutOfBoundsException.class, () -> b.addEdge(0, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> b.addEdge(-1, 0));
        assertThrows(IllegalArgumentException.class,
                () -> CsrGraph.of(new long[] {0, 3}, new int[] {0, 0}, null), "row pointers disagree with columns");
    }

    @Test
    void offHeapSegmentsWorkLikeArrays() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cols = arena.allocate(3L * Integer.BYTES);
            cols.setAtIndex(ValueLayout.JAVA_INT, 0, 1);
            cols.setAtIndex(ValueLayout.JAVA_INT, 1, 0);
            cols.setAtIndex(ValueLayout.JAVA_INT, 2, 1);
            CsrGraph g = CsrGraph.of(new long[] {0, 1, 3}, cols, null);
            assertArrayEquals(new int[] {0, 1}, g.neighbors(1));
            assertArrayEquals(new int[] {1, 0, 1}, g.columnArray());
            assertEquals(new CsrBuilder(2).addEdge(0, 1).addEdge(1, 0).addEdge(1, 1).build(), g);
        }
    }
}
