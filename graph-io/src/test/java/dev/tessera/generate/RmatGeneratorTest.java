package dev.tessera.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.graph.CsrGraph;
import dev.tessera.graph.GraphDataset;
import org.junit.jupiter.api.Test;

class RmatGeneratorTest {
    private static GraphDataset rmat(long seed) {
        // N is not a power of two, so ids >= N are drawn and must be rejected.
        return RmatGenerator.builder().setNumNodes(5000).setNumClasses(4).setAverageDegree(8).optNumFeatures(6)
                .optSeed(seed).build().generate();
    }

    @Test
    void hasTheRequestedSizes() {
        GraphDataset ds = rmat(1);
        assertEquals(5000, ds.numNodes());
        assertEquals(5000L * 8, ds.graph().numEdges(), "duplicates are redrawn until M = N*D/2 distinct edges");
        assertEquals(6, ds.numFeatures());
        assertEquals(4, ds.numClasses());
        GeneratedGraphs.assertSimpleUndirected(ds.graph());
        GeneratedGraphs.assertRandomSplit(ds);
        int[] counts = new int[4];
        for (int y : ds.labels()) {
            counts[y]++;
        }
        for (int c : counts) {
            assertEquals(1250, c, 150, "labels uniform over classes");
        }
    }

    @Test
    void degreesAreSkewed() {
        CsrGraph g = rmat(2).graph();
        int max = 0;
        int isolated = 0;
        for (int v = 0; v < g.numNodes(); v++) {
            max = Math.max(max, g.degree(v));
            isolated += g.degree(v) == 0 ? 1 : 0;
        }
        double mean = (double) g.numEdges() / g.numNodes();
        assertTrue(max > 15 * mean, "max degree " + max + " vs mean " + mean);
        assertTrue(isolated > 0, "a power-law graph leaves some nodes without edges");
    }

    @Test
    void sameSeedSameDatasetOtherSeedOtherDataset() {
        GraphDataset a = rmat(5);
        GeneratedGraphs.assertSameDataset(a, rmat(5));
        GraphDataset b = rmat(6);
        assertNotEquals(a.graph(), b.graph());
        assertNotEquals(a.features(), b.features());
    }

    @Test
    void rejectsBadProbabilities() {
        assertThrows(IllegalArgumentException.class, () -> RmatGenerator.builder().setNumNodes(8).setNumClasses(2)
                .setAverageDegree(2).optProbabilities(0.7, 0.3, 0.3).build());
        assertThrows(IllegalArgumentException.class, () -> RmatGenerator.builder().setNumNodes(8).setNumClasses(2)
                .setAverageDegree(2).optProbabilities(0.9, 0, 0).build());
    }
}
