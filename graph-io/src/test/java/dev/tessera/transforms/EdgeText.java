package dev.tessera.transforms;

import dev.tessera.graph.CsrGraph;
import dev.tessera.graph.GraphDataset;
import java.util.StringJoiner;

/** Test helpers: a graph's edges as text, and a dataset around a graph. */
final class EdgeText {
    private EdgeText() {
    }

    /**
     * @param g a graph
     * @return its edges row by row as {@code u>v} or, when weighted, {@code u>v:w}
     */
    static String edges(CsrGraph g) {
        StringJoiner j = new StringJoiner(" ");
        for (int u = 0; u < g.numNodes(); u++) {
            for (long e = g.rowStart(u); e < g.rowEnd(u); e++) {
                j.add(u + ">" + g.target(e) + (g.isWeighted() ? ":" + g.weight(e) : ""));
            }
        }
        return j.toString();
    }

    /**
     * @param g a graph
     * @return a dataset named {@code t} holding only the graph
     */
    static GraphDataset dataset(CsrGraph g) {
        return GraphDataset.builder().setName("t").setGraph(g).build();
    }
}
