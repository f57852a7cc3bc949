package dev.tessera.transforms;

import static dev.tessera.transforms.EdgeText.dataset;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.graph.CsrBuilder;
import dev.tessera.graph.CsrGraph;
import java.util.List;
import org.junit.jupiter.api.Test;

class GcnNormTest {
    private static final double EPS = 1e-6;

    /** Path 0 - 1 - 2, both directions. */
    private static CsrGraph path() {
        return new CsrBuilder(3).addUndirectedEdge(0, 1).addUndirectedEdge(1, 2).build();
    }

    private static double w(CsrGraph g, int u, int v) {
        for (long e = g.rowStart(u); e < g.rowEnd(u); e++) {
            if (g.target(e) == v) {
                return g.weight(e);
            }
        }
        throw new AssertionError("no edge " + u + ">" + v);
    }

    @Test
    void pathWithSelfLoopsByHand() {
        // With loops: deg = (2, 3, 2).
        CsrGraph g = GcnNorm.gcnNorm(path());
        assertEquals(7, g.numEdges());
        assertEquals(1 / 2.0, w(g, 0, 0), EPS);
        assertEquals(1 / Math.sqrt(6), w(g, 0, 1), EPS);
        assertEquals(1 / Math.sqrt(6), w(g, 1, 0), EPS);
        assertEquals(1 / 3.0, w(g, 1, 1), EPS);
        assertEquals(1 / Math.sqrt(6), w(g, 1, 2), EPS);
        assertEquals(1 / 2.0, w(g, 2, 2), EPS);
    }

    @Test
    void pathWithoutSelfLoopsByHand() {
        // deg = (1, 2, 1).
        CsrGraph g = GcnNorm.gcnNorm(path(), false, 1);
        assertEquals(4, g.numEdges());
        assertEquals(1 / Math.sqrt(2), w(g, 0, 1), EPS);
        assertEquals(1 / Math.sqrt(2), w(g, 2, 1), EPS);
    }

    @Test
    void weightedDegreesAndImprovedFill() {
        // 0-1 weight 2, 1-2 weight 1, fill 2: deg = (2+2, 2+1+2, 1+2) = (4, 5, 3).
        CsrGraph g = new CsrBuilder(3).addEdge(0, 1, 2).addEdge(1, 0, 2).addEdge(1, 2, 1).addEdge(2, 1, 1).build();
        CsrGraph n = GcnNorm.gcnNorm(g, true, 2);
        assertEquals(2 / Math.sqrt(20), w(n, 0, 1), EPS);
        assertEquals(1 / Math.sqrt(15), w(n, 1, 2), EPS);
        assertEquals(2 / 4.0, w(n, 0, 0), EPS);
        assertEquals(2 / 5.0, w(n, 1, 1), EPS);
    }

    @Test
    void zeroDegreeDoesNotDivideByZero() {
        // 0 -> 1 only, no loops: in-degree of 0 is 0, so the edge's factor is 0; node 2 is isolated.
        CsrGraph g = GcnNorm.gcnNorm(new CsrBuilder(3).addEdge(0, 1).build(), false, 1);
        assertEquals(0.0, w(g, 0, 1), 0);
        // With loops, the isolated node's loop normalizes to 1.
        CsrGraph s = GcnNorm.gcnNorm(new CsrBuilder(3).addEdge(0, 1).build());
        assertEquals(1.0, w(s, 2, 2), EPS);
        for (long e = 0; e < s.numEdges(); e++) {
            assertTrue(Float.isFinite(s.weight(e)));
        }
    }

    @Test
    void applyRecordsParameters() {
        var out = new GcnNorm(false, 1).apply(dataset(path()));
        assertTrue(out.graph().isWeighted());
        assertEquals(List.of("gcn-norm(add-self-loops=false, fill=1.0)"), out.provenance().transforms());
    }
}
