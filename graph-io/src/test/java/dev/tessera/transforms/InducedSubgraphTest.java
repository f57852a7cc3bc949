package dev.tessera.transforms;

import static dev.tessera.transforms.EdgeText.edges;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.TesseraException;
import dev.tessera.graph.CsrBuilder;
import dev.tessera.graph.CsrGraph;
import dev.tessera.graph.GraphDataset;
import dev.tessera.graph.NodeFeatures;
import dev.tessera.graph.NodeTexts;
import dev.tessera.graph.Split;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InducedSubgraphTest {
    /** 5 nodes: 0->1, 1->3, 3->1, 3->4 (w 2), 4->1 (w 5), 2->4. */
    private static CsrGraph graph() {
        return new CsrBuilder(5).addEdge(0, 1, 1).addEdge(1, 3, 1).addEdge(3, 1, 1).addEdge(3, 4, 2)
                .addEdge(4, 1, 5).addEdge(2, 4, 1).build();
    }

    private static GraphDataset dataset(AtomicInteger textReads) {
        float[] x = {0, 0.5f, 1, 1.5f, 2, 2.5f, 3, 3.5f, 4, 4.5f};
        return GraphDataset.builder().setName("t").setGraph(graph())
                .optFeatures(NodeFeatures.of(x, 5, 2))
                .optLabels(new int[] {0, 1, 2, 1, -1}, List.of("a", "b", "c"))
                .optSplit(new Split("public", new int[] {1, 2}, new int[] {3}, new int[] {0, 4}))
                .optSplit(new Split("fold1", new int[] {4, 3}, new int[] {}, new int[] {1}))
                .optDefaultSplit("fold1")
                .optTexts(NodeTexts.lazy(5, () -> {
                    textReads.incrementAndGet();
                    return List.of("t0", "t1", "t2", "t3", "t4");
                }))
                .build();
    }

    @Test
    void subsetOrderRelabelsAndCarriesEverything() {
        AtomicInteger reads = new AtomicInteger();
        InducedSubgraph t = new InducedSubgraph(new int[] {3, 1, 4});
        InducedSubgraph.Result r = t.applyWithMapping(dataset(reads));
        GraphDataset out = r.dataset();
        // 3->0, 1->1, 4->2: edges 1->3, 3->1, 3->4, 4->1 survive.
        assertEquals("0>1:1.0 0>2:2.0 1>0:1.0 2>1:5.0", edges(out.graph()));
        assertArrayEquals(new int[] {3, 1, 4}, r.originalIds());
        assertArrayEquals(new float[] {3, 3.5f, 1, 1.5f, 4, 4.5f}, out.features().toArray());
        assertArrayEquals(new int[] {1, 1, -1}, out.labels());
        assertEquals(List.of("a", "b", "c"), out.classNames());
        // public: train {1,2}->{1}, valid {3}->{0}, test {0,4}->{2}; fold1: train {4,3}->{0,2} sorted.
        assertEquals(new Split("public", new int[] {1}, new int[] {0}, new int[] {2}), out.split("public"));
        assertEquals(new Split("fold1", new int[] {0, 2}, new int[] {}, new int[] {1}), out.split("fold1"));
        assertEquals("fold1", out.defaultSplitName());
        assertEquals(0, reads.get(), "texts stay lazy");
        assertEquals("t4", out.texts().orElseThrow().text(2));
        assertEquals(3, out.texts().orElseThrow().size());
        assertEquals(1, reads.get());
        assertTrue(out.provenance().transforms().getFirst().startsWith("induced-subgraph(nodes=3, ids="));
    }

    @Test
    void ascendingSubsetKeepsOrder() {
        CsrGraph g = InducedSubgraph.induce(graph(), new int[] {1, 3, 4});
        assertEquals("0>1:1.0 1>0:1.0 1>2:2.0 2>0:5.0", edges(g));
    }

    @Test
    void describeDependsOnTheIds() {
        String a = new InducedSubgraph(new int[] {0, 1}).describe();
        String b = new InducedSubgraph(new int[] {1, 0}).describe();
        assertTrue(!a.equals(b), a + " vs " + b);
        assertEquals(a, new InducedSubgraph(new int[] {0, 1}).describe());
    }

    @Test
    void segmentFeaturesSelected() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment seg = arena.allocate(ValueLayout.JAVA_FLOAT, 6);
            MemorySegment.copy(new float[] {1, 2, 3, 4, 5, 6}, 0, seg, ValueLayout.JAVA_FLOAT, 0, 6);
            NodeFeatures y = InducedSubgraph.select(NodeFeatures.of(seg, 3, 2), new int[] {2, 0});
            assertArrayEquals(new float[] {5, 6, 1, 2}, y.toArray());
        }
    }

    @Test
    void badSubsetsRejected() {
        GraphDataset ds = dataset(new AtomicInteger());
        TesseraException out = assertThrows(TesseraException.class, () -> new InducedSubgraph(new int[] {0, 5}).apply(ds));
        assertTrue(out.getMessage().contains("node 5 out of range [0, 5)"), out.getMessage());
        TesseraException dup = assertThrows(TesseraException.class, () -> new InducedSubgraph(new int[] {2, 2}).apply(ds));
        assertTrue(dup.getMessage().contains("node 2 listed twice"), dup.getMessage());
    }
}
