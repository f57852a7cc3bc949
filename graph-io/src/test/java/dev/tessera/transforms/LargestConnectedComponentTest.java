package dev.tessera.transforms;

import static dev.tessera.transforms.EdgeText.edges;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tessera.graph.CsrBuilder;
import dev.tessera.graph.CsrGraph;
import dev.tessera.graph.GraphDataset;
import dev.tessera.graph.Split;
import java.util.List;
import org.junit.jupiter.api.Test;

class LargestConnectedComponentTest {
    @Test
    void twoComponentsKeepsTheLarger() {
        // {0, 1, 2} weakly connected by 0->1 and 2->1; {3, 4, 5, 6} by 3-4, 4->5, 6->5.
        CsrGraph g = new CsrBuilder(7).addEdge(0, 1).addEdge(2, 1).addUndirectedEdge(3, 4).addEdge(4, 5)
                .addEdge(6, 5).build();
        assertArrayEquals(new int[] {3, 4, 5, 6}, LargestConnectedComponent.largestComponent(g));
        GraphDataset ds = GraphDataset.builder().setName("t").setGraph(g)
                .optLabels(new int[] {0, 0, 0, 1, 1, 0, 1}, null)
                .optSplit(new Split("public", new int[] {0, 3}, new int[] {4, 1}, new int[] {6})).build();
        var r = new LargestConnectedComponent().applyWithMapping(ds);
        assertArrayEquals(new int[] {3, 4, 5, 6}, r.originalIds());
        GraphDataset out = r.dataset();
        assertEquals("0>1 1>0 1>2 3>2", edges(out.graph()));
        assertArrayEquals(new int[] {1, 1, 0, 1}, out.labels());
        assertEquals(new Split("public", new int[] {0}, new int[] {1}, new int[] {3}), out.split("public"));
        assertEquals(List.of("largest-connected-component"), out.provenance().transforms());
    }

    @Test
    void tieGoesToComponentWithSmallestId() {
        // {1, 4} and {0, 3}, both of size 2, and isolated 2: {0, 3} holds the smallest id.
        CsrGraph g = new CsrBuilder(5).addEdge(4, 1).addEdge(3, 0).build();
        assertArrayEquals(new int[] {0, 3}, LargestConnectedComponent.largestComponent(g));
    }

    @Test
    void directionIgnoredForChains() {
        // 0 <- 1 -> 2 <- 3: one weak component though no node reaches all others.
        CsrGraph g = new CsrBuilder(5).addEdge(1, 0).addEdge(1, 2).addEdge(3, 2).build();
        assertArrayEquals(new int[] {0, 1, 2, 3}, LargestConnectedComponent.largestComponent(g));
    }

    @Test
    void emptyAndEdgelessGraphs() {
        assertArrayEquals(new int[0], LargestConnectedComponent.largestComponent(new CsrBuilder(0).build()));
        assertArrayEquals(new int[] {0}, LargestConnectedComponent.largestComponent(new CsrBuilder(3).build()));
    }
}
