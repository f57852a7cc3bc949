package dev.tessera.ppr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.datasets.DatasetLoader;
import dev.tessera.graph.CsrGraph;
import dev.tessera.testing.SharedData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The push bound on the real undirected graphs (skipped without the shared data). */
class SharedDataPprTest {
    @ParameterizedTest
    @ValueSource(strings = {"data/cora", "data/tolokers"})
    void pushStaysWithinEpsTimesDegreeOfExactPpr(String name) {
        CsrGraph g = DatasetLoader.builder().build().load(SharedData.require(name).toString()).graph();
        double eps = 1e-4;
        PersonalizedPageRank push = PersonalizedPageRank.builder().setAlpha(0.15).optEpsilon(eps).optThreads(1).build();
        int[] sources = {0, g.numNodes() / 2, g.numNodes() - 1};
        double[][] exact = ExactPpr.compute(g, sources, 0.15, 1e-10);
        PprResult top = push.compute(g, sources);
        for (int i = 0; i < sources.length; i++) {
            double[] p = push.vector(g, sources[i]);
            for (int v = 0; v < g.numNodes(); v++) {
                double err = exact[i][v] - p[v];
                assertTrue(err >= -1e-12 && err <= eps * Math.max(1, g.degree(v)) + 1e-10, name + " source "
                        + sources[i] + " node " + v + ": error " + err);
            }
            assertEquals(32, top.topK());
            assertTrue(top.neighbor(i, 0) >= 0);
        }
    }
}
