package dev.tessera.io.edgelist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.tessera.graph.GraphDataset;
import dev.tessera.io.DatasetInfo;
import dev.tessera.testing.SharedData;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Reads the shared Cora files (an OGB raw edge.csv.gz is a header-less comma edge list) as an edge list. */
class EdgeListSharedDataTest {
    @Test
    void coraRawFilesReadAsEdgeList() {
        Path raw = SharedData.require("data/cora/raw");
        GraphDataset ds = EdgeListReader.builder().optNumNodes(2708)
                .optFeatures(raw.resolve("node-feat.csv.gz")).optLabels(raw.resolve("node-label.csv.gz")).build()
                .read(raw.resolve("edge.csv.gz"), DatasetInfo.NONE);
        // Counts from cora/info.properties; all 10556 stored pairs are distinct and loop-free.
        assertEquals(2708, ds.numNodes());
        assertEquals(10556, ds.graph().numEdges());
        assertEquals(0, ds.graph().countSelfLoops());
        assertFalse(ds.graph().isWeighted());
        assertEquals(1433, ds.numFeatures());
        assertEquals(7, ds.numClasses());
        for (int y : ds.labels()) {
            assertFalse(y < 0, "every Cora node is labelled");
        }
    }
}
