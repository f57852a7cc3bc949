package dev.tessera.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.graph.CsrGraph;
import dev.tessera.graph.GraphDataset;
import java.util.Arrays;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;

class SbmGeneratorTest {
    private static GraphDataset sbm(long seed, double homophily) {
        return SbmGenerator.builder().setNumNodes(3000).setNumClasses(5).setAverageDegree(10).optHomophily(homophily)
                .optNumFeatures(8).optSeed(seed).build().generate();
    }

    @Test
    void hasTheRequestedSizes() {
        GraphDataset ds = sbm(1, 0.8);
        assertEquals(3000, ds.numNodes());
        assertEquals(3000L * 10, ds.graph().numEdges(), "M = N*D/2 distinct undirected edges, both directions");
        assertEquals(8, ds.numFeatures());
        assertEquals(5, ds.numClasses());
        int[] sizes = new int[5];
        for (int y : ds.labels()) {
            sizes[y]++;
        }
        assertTrue(Arrays.stream(sizes).allMatch(s -> s == 600), Arrays.toString(sizes));
        GeneratedGraphs.assertSimpleUndirected(ds.graph());
        GeneratedGraphs.assertRandomSplit(ds);
    }

    @Test
    void sameSeedSameDatasetOtherSeedOtherDataset() {
        GraphDataset a = sbm(42, 0.8);
        GeneratedGraphs.assertSameDataset(a, sbm(42, 0.8));
        GraphDataset b = sbm(43, 0.8);
        assertNotEquals(a.graph(), b.graph());
        assertNotEquals(a.features(), b.features());
        assertTrue(!Arrays.equals(a.labels(), b.labels()));
    }

    @Test
    void resultDoesNotDependOnTheNumberOfThreads() throws Exception {
        // Several edge blocks (65,536 pairs each) and feature blocks (4,096 rows each).
        SbmGenerator gen = SbmGenerator.builder().setNumNodes(20_000).setNumClasses(3).setAverageDegree(14)
                .optNumFeatures(4).optSeed(9).build();
        GraphDataset parallel = gen.generate();
        ForkJoinPool one = new ForkJoinPool(1);
        try {
            GeneratedGraphs.assertSameDataset(parallel, one.submit(gen::generate).get());
        } finally {
            one.shutdown();
        }
    }

    @Test
    void intraClassShareIsTheHomophily() {
        for (double h : new double[] {0.8, 0.3}) {
            GraphDataset ds = sbm(7, h);
            CsrGraph g = ds.graph();
            long intra = 0;
            for (int u = 0; u < g.numNodes(); u++) {
                for (int v : g.neighbors(u)) {
                    if (ds.labels()[u] == ds.labels()[v]) {
                        intra++;
                    }
                }
            }
            double share = (double) intra / g.numEdges();
            assertEquals(h, share, 0.02, "homophily " + h);
        }
    }

    @Test
    void featuresAreCorrelatedWithClasses() {
        GraphDataset ds = SbmGenerator.builder().setNumNodes(4000).setNumClasses(2).setAverageDegree(4).optNumFeatures(4)
                .optFeatureSignal(4).optSeed(3).build().generate();
        // Class means differ by about s*sqrt(2) in total; per dimension the gap is far above the 1/sqrt(2000) noise.
        double gap = 0;
        for (int j = 0; j < 4; j++) {
            double d = GeneratedGraphs.classMean(ds, 0, j) - GeneratedGraphs.classMean(ds, 1, j);
            gap += d * d;
        }
        assertTrue(Math.sqrt(gap) > 2, "class means " + Math.sqrt(gap) + " apart");
    }

    @Test
    void rejectsImpossibleParameters() {
        assertThrows(IllegalArgumentException.class, () -> SbmGenerator.builder().setNumNodes(10).setNumClasses(2).build());
        assertThrows(IllegalArgumentException.class,
                () -> SbmGenerator.builder().setNumNodes(10).setNumClasses(2).setAverageDegree(3).optHomophily(1.5).build());
        assertThrows(IllegalArgumentException.class,
                () -> SbmGenerator.builder().setNumNodes(10).setNumClasses(2).setAverageDegree(12).build());
    }
}
