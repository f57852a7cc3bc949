package dev.tessera.transforms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.graph.CsrGraph;
import dev.tessera.graph.GraphDataset;
import dev.tessera.graph.NodeFeatures;
import dev.tessera.io.DatasetInfo;
import dev.tessera.io.edgelist.EdgeListReader;
import dev.tessera.testing.SharedData;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The transforms on real graphs from the shared data, against independently known counts. */
class TransformsSharedDataTest {
    @Test
    void coraLargestComponentAndNormalizations() {
        Path raw = SharedData.require("data/cora/raw");
        GraphDataset ds = EdgeListReader.builder().optNumNodes(2708).optFeatures(raw.resolve("node-feat.csv.gz")).build()
                .read(raw.resolve("edge.csv.gz"), DatasetInfo.NONE);
        // Cora's largest connected component: 2485 nodes, 5069 undirected edges (as PyG reports).
        GraphDataset lcc = Transforms.parse("to-undirected,largest-connected-component,normalize-features,gcn-norm")
                .apply(ds);
        assertEquals(2485, lcc.numNodes());
        assertEquals(10138 + 2485, lcc.graph().numEdges());
        assertEquals(4, lcc.provenance().transforms().size());
        NodeFeatures x = lcc.features();
        for (int v = 0; v < x.rows(); v++) {
            double sum = 0;
            for (float f : x.row(v)) {
                sum += f;
            }
            assertTrue(sum == 0 || Math.abs(sum - 1) < 1e-5, "row " + v + " sums to " + sum);
        }
        // Symmetric normalization of a symmetric graph with loops: the weights are symmetric too.
        CsrGraph g = lcc.graph();
        for (int u = 0; u < g.numNodes(); u++) {
            for (long e = g.rowStart(u); e < g.rowEnd(u); e++) {
                int v = g.target(e);
                float back = 0;
                for (long f = g.rowStart(v); f < g.rowEnd(v); f++) {
                    if (g.target(f) == u) {
                        back = g.weight(f);
                    }
                }
                assertEquals(g.weight(e), back, 1e-7f);
            }
        }
    }

    @Test
    void minesweeperUndirectedReaderAgreesWithToUndirected() {
        Path raw = SharedData.require("data/minesweeper/raw");
        Path edges = raw.resolve("edge.csv.gz");
        CsrGraph directed = EdgeListReader.builder().optNumNodes(10000).build().read(edges, DatasetInfo.NONE).graph();
        CsrGraph undirected = EdgeListReader.builder().optNumNodes(10000).optUndirected(true).build()
                .read(edges, DatasetInfo.NONE).graph();
        assertEquals(undirected, ToUndirected.toUndirected(directed));
        assertEquals(2 * 39402, undirected.numEdges());
    }
}
