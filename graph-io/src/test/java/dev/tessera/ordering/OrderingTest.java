package dev.tessera.ordering;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.graph.CsrBuilder;
import dev.tessera.graph.CsrGraph;
import dev.tessera.graph.GraphDataset;
import dev.tessera.graph.NodeFeatures;
import dev.tessera.graph.Split;
import org.junit.jupiter.api.Test;

class OrderingTest {
    @Test
    void holdsThePermutationBothWays() {
        Ordering o = Ordering.of("test", new int[] {2, 0, 3, 1});
        assertEquals(4, o.size());
        assertEquals(2, o.node(0));
        assertEquals(1, o.position(0));
        assertArrayEquals(new int[] {1, 3, 0, 2}, o.inverse());
        for (int v = 0; v < 4; v++) {
            assertEquals(v, o.node(o.position(v)));
        }
    }

    @Test
    void rejectsWhatIsNotAPermutation() {
        assertThrows(IllegalArgumentException.class, () -> Ordering.of("x", new int[] {0, 0, 1}));
        assertThrows(IllegalArgumentException.class, () -> Ordering.of("x", new int[] {0, 3, 1}));
        assertThrows(IllegalArgumentException.class, () -> Ordering.of("x", new int[] {-1, 0}));
    }

    @Test
    void applyRelabelsEdgesAndKeepsWeights() {
        // 0 -> 1 (w 5), 1 -> 2 (w 7); perm [2, 0, 1]: old 2 at 0, old 0 at 1, old 1 at 2.
        CsrGraph g = new CsrBuilder(3).addEdge(0, 1, 5f).addEdge(1, 2, 7f).build();
        CsrGraph r = Ordering.of("t", new int[] {2, 0, 1}).apply(g);
        assertEquals(2, r.numEdges());
        assertTrue(r.hasEdge(1, 2));
        assertTrue(r.hasEdge(2, 0));
        assertEquals(5f, r.weight(r.rowStart(1)));
        assertEquals(7f, r.weight(r.rowStart(2)));
        assertThrows(IllegalArgumentException.class, () -> Ordering.of("t", new int[] {1, 0}).apply(g));
    }

    @Test
    void applyMovesFeaturesLabelsAndSplitsWithTheirNodes() {
        CsrGraph g = new CsrBuilder(3).addUndirectedEdge(0, 1).build();
        GraphDataset ds = GraphDataset.builder().setName("t").setGraph(g)
                .optFeatures(NodeFeatures.of(new float[] {10, 11, 12}, 3, 1)).optLabels(new int[] {0, 1, 2}, null)
                .optSplit(new Split("s", new int[] {0}, new int[] {1}, new int[] {2})).build();
        GraphDataset r = Ordering.of("mine", new int[] {2, 0, 1}).apply(ds);
        assertArrayEquals(new int[] {2, 0, 1}, r.labels());
        assertEquals(10f, r.features().get(1, 0));
        assertArrayEquals(new int[] {1}, r.split("s").train());
        assertArrayEquals(new int[] {0}, r.split("s").test());
        assertTrue(r.graph().hasEdge(1, 2) && r.graph().hasEdge(2, 1));
        assertEquals("order(mine)", r.provenance().transforms().getLast());
    }
}
