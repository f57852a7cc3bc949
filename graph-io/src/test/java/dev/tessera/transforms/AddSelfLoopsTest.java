package dev.tessera.transforms;

import static dev.tessera.transforms.EdgeText.dataset;
import static dev.tessera.transforms.EdgeText.edges;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tessera.TesseraException;
import dev.tessera.graph.CsrBuilder;
import dev.tessera.graph.CsrGraph;
import java.util.List;
import org.junit.jupiter.api.Test;

class AddSelfLoopsTest {
    @Test
    void onlyNodesWithoutLoopGetOneAtItsSortedPlace() {
        CsrGraph g = new CsrBuilder(3).addEdge(0, 1).addEdge(1, 1, 7).addEdge(2, 0).build();
        assertEquals("0>0:2.0 0>1:1.0 1>1:7.0 2>0:1.0 2>2:2.0", edges(AddSelfLoops.addRemainingSelfLoops(g, 2)));
    }

    @Test
    void unweightedWithFillOneStaysUnweighted() {
        CsrGraph g = new CsrBuilder(3).addEdge(1, 0).addEdge(1, 2).build();
        CsrGraph s = AddSelfLoops.addRemainingSelfLoops(g, 1);
        assertFalse(s.isWeighted());
        assertEquals("0>0 1>0 1>1 1>2 2>2", edges(s));
        assertEquals(3, s.countSelfLoops());
    }

    @Test
    void applyRecordsWeight() {
        CsrGraph g = new CsrBuilder(2).addEdge(0, 1).build();
        var out = new AddSelfLoops(0.5f).apply(dataset(g));
        assertEquals("0>0:0.5 0>1:1.0 1>1:0.5", edges(out.graph()));
        assertEquals(List.of("add-self-loops(weight=0.5)"), out.provenance().transforms());
    }

    @Test
    void nonFiniteWeightRejected() {
        assertThrows(TesseraException.class, () -> new AddSelfLoops(Float.NaN));
    }
}
