package dev.tessera.transforms;

import static dev.tessera.transforms.EdgeText.dataset;
import static dev.tessera.transforms.EdgeText.edges;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.tessera.graph.CsrBuilder;
import dev.tessera.graph.CsrGraph;
import java.util.List;
import org.junit.jupiter.api.Test;

class RemoveSelfLoopsTest {
    @Test
    void loopsGoOtherEdgesKeepWeights() {
        CsrGraph g = new CsrBuilder(3).addEdge(0, 0, 9).addEdge(0, 2, 3).addEdge(1, 1, 4).addEdge(2, 1, 5).build();
        CsrGraph r = RemoveSelfLoops.removeSelfLoops(g);
        assertEquals("0>2:3.0 2>1:5.0", edges(r));
        assertEquals(0, r.countSelfLoops());
    }

    @Test
    void graphWithoutLoopsReturnedAsIs() {
        CsrGraph g = new CsrBuilder(2).addEdge(0, 1).build();
        assertSame(g, RemoveSelfLoops.removeSelfLoops(g));
    }

    @Test
    void applyRecords() {
        var out = new RemoveSelfLoops().apply(dataset(new CsrBuilder(1).addEdge(0, 0).build()));
        assertEquals(0, out.graph().numEdges());
        assertEquals(List.of("remove-self-loops"), out.provenance().transforms());
    }
}
