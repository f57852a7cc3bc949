package dev.tessera.transforms;

import static dev.tessera.transforms.EdgeText.dataset;
import static dev.tessera.transforms.EdgeText.edges;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.tessera.graph.CsrBuilder;
import dev.tessera.graph.CsrGraph;
import dev.tessera.graph.GraphDataset;
import dev.tessera.transforms.ToUndirected.Reduce;
import java.util.List;
import org.junit.jupiter.api.Test;

class ToUndirectedTest {
    /** 0->1 (2), 1->0 (4), 1->2 (3), 2->2 (5). */
    private static CsrGraph weighted() {
        return new CsrBuilder(3).addEdge(0, 1, 2).addEdge(1, 0, 4).addEdge(1, 2, 3).addEdge(2, 2, 5).build();
    }

    @Test
    void unweightedGetsReversesOncePerPair() {
        CsrGraph g = new CsrBuilder(4).addEdge(0, 1).addEdge(1, 0).addEdge(2, 1).addEdge(3, 3).build();
        CsrGraph u = ToUndirected.toUndirected(g);
        assertFalse(u.isWeighted());
        assertEquals("0>1 1>0 1>2 2>1 3>3", edges(u));
    }

    @Test
    void weightsMergedByEachReduction() {
        assertEquals("0>1:3.0 1>0:3.0 1>2:3.0 2>1:3.0 2>2:5.0", edges(ToUndirected.toUndirected(weighted(), Reduce.MEAN)));
        assertEquals("0>1:6.0 1>0:6.0 1>2:3.0 2>1:3.0 2>2:5.0", edges(ToUndirected.toUndirected(weighted(), Reduce.SUM)));
        assertEquals("0>1:4.0 1>0:4.0 1>2:3.0 2>1:3.0 2>2:5.0", edges(ToUndirected.toUndirected(weighted(), Reduce.MAX)));
        assertEquals("0>1:2.0 1>0:2.0 1>2:3.0 2>1:3.0 2>2:5.0", edges(ToUndirected.toUndirected(weighted(), Reduce.MIN)));
    }

    @Test
    void meanIsIdempotent() {
        CsrGraph once = ToUndirected.toUndirected(weighted());
        assertEquals(once, ToUndirected.toUndirected(once));
        GraphDataset twice = new ToUndirected().apply(new ToUndirected().apply(dataset(weighted())));
        assertEquals(once, twice.graph());
        assertEquals(List.of("to-undirected(reduce=mean)", "to-undirected(reduce=mean)"), twice.provenance().transforms());
    }

    @Test
    void unsortedRowsAreHandled() {
        // Row 0 = [2, 1], not sorted, as a hand-made CSR may be.
        CsrGraph g = CsrGraph.of(new long[] {0, 2, 2, 2}, new int[] {2, 1}, new float[] {1, 2});
        assertEquals("0>1:2.0 0>2:1.0 1>0:2.0 2>0:1.0", edges(ToUndirected.toUndirected(g)));
    }

    @Test
    void applyRecordsProvenanceAndKeepsOtherParts() {
        GraphDataset ds = GraphDataset.builder().setName("t").setGraph(weighted())
                .optLabels(new int[] {0, 1, 0}, null).build();
        GraphDataset out = new ToUndirected(Reduce.SUM).apply(ds);
        assertEquals(List.of("to-undirected(reduce=sum)"), out.provenance().transforms());
        assertEquals("0>1:6.0 1>0:6.0 1>2:3.0 2>1:3.0 2>2:5.0", edges(out.graph()));
        assertEquals(ds.labels(), out.labels());
        assertEquals(List.of(), ds.provenance().transforms());
        assertEquals("to-undirected(reduce=mean)", new ToUndirected().describe());
    }
}
