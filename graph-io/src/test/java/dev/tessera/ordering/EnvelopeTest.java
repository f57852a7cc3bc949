package dev.tessera.ordering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tessera.graph.CsrBuilder;
import dev.tessera.graph.CsrGraph;
import org.junit.jupiter.api.Test;

class EnvelopeTest {
    private static final CsrGraph STAR = new CsrBuilder(4).addUndirectedEdge(0, 1).addUndirectedEdge(0, 2)
            .addUndirectedEdge(0, 3).build();

    @Test
    void starWithTheCentreFirst() {
        // Rows 1, 2, 3 each reach back to position 0: profile 1 + 2 + 3; the farthest edge spans 3.
        assertEquals(new Envelope(3, 6), Envelope.of(STAR, new NaturalOrder().order(STAR)));
    }

    @Test
    void starWithTheCentreSecond() {
        // Positions: 1 -> 0, 0 -> 1, 2 -> 2, 3 -> 3. Rows: 1 reaches 0 (1), 2 reaches 1 (1), 3 reaches 1 (2).
        assertEquals(new Envelope(2, 4), Envelope.of(STAR, Ordering.of("x", new int[] {1, 0, 2, 3})));
    }

    @Test
    void directionAndSelfLoopsDoNotMatter() {
        CsrGraph oneWay = new CsrBuilder(4).addEdge(1, 0).addEdge(2, 0).addEdge(3, 0).addEdge(2, 2).build();
        assertEquals(new Envelope(3, 6), Envelope.of(oneWay, new NaturalOrder().order(oneWay)));
        CsrGraph reversed = new CsrBuilder(4).addEdge(0, 1).addEdge(0, 2).addEdge(0, 3).build();
        assertEquals(new Envelope(3, 6), Envelope.of(reversed, new NaturalOrder().order(reversed)));
        CsrGraph empty = new CsrBuilder(3).addEdge(1, 1).build();
        assertEquals(new Envelope(0, 0), Envelope.of(empty, new NaturalOrder().order(empty)));
    }

    @Test
    void envelopeUnderAnOrderingEqualsTheNaturalEnvelopeOfTheRelabelledGraph() {
        CsrGraph g = OrderingsTest.grid(3, 7);
        for (String name : Orderings.names()) {
            Ordering o = Orderings.byName(name).order(g);
            CsrGraph relabelled = o.apply(g);
            assertEquals(Envelope.of(relabelled, new NaturalOrder().order(relabelled)), Envelope.of(g, o), name);
        }
    }

    @Test
    void sizeMismatchIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Envelope.of(STAR, Ordering.of("x", new int[] {0, 1})));
    }
}
