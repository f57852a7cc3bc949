package dev.tessera.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.graph.CsrGraph;
import dev.tessera.graph.GraphDataset;
import dev.tessera.graph.Split;
import java.util.BitSet;

/** Checks shared by the generator tests. */
final class GeneratedGraphs {
    private GeneratedGraphs() {
    }

    /** Every edge stored in both directions, no self-loops, rows strictly ascending (so no duplicates). */
    static void assertSimpleUndirected(CsrGraph g) {
        for (int u = 0; u < g.numNodes(); u++) {
            int[] nb = g.neighbors(u);
            for (int i = 0; i < nb.length; i++) {
                assertTrue(nb[i] != u, "self-loop at " + u);
                assertTrue(i == 0 || nb[i] > nb[i - 1], "row " + u + " not strictly ascending");
                assertTrue(g.hasEdge(nb[i], u), "edge " + u + "->" + nb[i] + " has no reverse");
            }
        }
    }

    /** The split is a 60/20/20 partition of all nodes. */
    static void assertRandomSplit(GraphDataset ds) {
        Split s = ds.split("random");
        assertEquals("random", ds.defaultSplitName());
        int n = ds.numNodes();
        assertEquals(Math.round(0.6 * n), s.train().length);
        assertEquals(Math.round(0.2 * n), s.valid().length);
        BitSet seen = new BitSet(n);
        for (int[] part : new int[][] {s.train(), s.valid(), s.test()}) {
            for (int v : part) {
                assertTrue(!seen.get(v), "node " + v + " in two parts");
                seen.set(v);
            }
        }
        assertEquals(n, seen.cardinality());
    }

    static void assertSameDataset(GraphDataset a, GraphDataset b) {
        assertEquals(a.graph(), b.graph());
        assertEquals(a.features(), b.features());
        assertArrayEquals(a.labels(), b.labels());
        assertEquals(a.splits(), b.splits());
        assertEquals(a.provenance(), b.provenance());
    }

    /** @return mean of feature column j over nodes of class c */
    static double classMean(GraphDataset ds, int c, int j) {
        double sum = 0;
        int count = 0;
        for (int v = 0; v < ds.numNodes(); v++) {
            if (ds.labels()[v] == c) {
                sum += ds.features().get(v, j);
                count++;
            }
        }
        return sum / count;
    }
}
