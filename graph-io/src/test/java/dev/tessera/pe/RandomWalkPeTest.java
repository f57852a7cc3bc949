package dev.tessera.pe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.TesseraException;
import dev.tessera.graph.CsrGraph;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RandomWalkPeTest {
    private static RandomWalkPe pe(int k) {
        return RandomWalkPe.builder().setWalkLength(k).optThreads(2).build();
    }

    /** Both exact kernels and the public entry point (AUTO, which picks exact on tiny graphs). */
    private static List<float[]> exactAll(CsrGraph g, int k) {
        RandomWalkPe p = pe(k);
        RandomWalkPe.Result auto = p.compute(g);
        assertEquals(RandomWalkPe.Method.EXACT, auto.method());
        return List.of(auto.values(), p.exact(g, false).values(), p.exact(g, true).values());
    }

    private static void assertRows(double[][] expected, float[] actual, double tol, String what) {
        int k = expected[0].length;
        assertEquals(expected.length * k, actual.length, what + ": size");
        for (int v = 0; v < expected.length; v++) {
            for (int j = 0; j < k; j++) {
                double e = expected[v][j];
                double a = actual[v * k + j];
                assertTrue(Math.abs(e - a) <= tol * Math.max(1, Math.abs(e)),
                        what + ": node " + v + ", k = " + (j + 1) + ": expected " + e + ", got " + a);
            }
        }
    }

    @Test
    void cycleReturnProbabilitiesCountClosedWalks() {
        // C5: closed walks of length k go around 0 or +-1 times: sum_j C(k, (k + 5j)/2) / 2^k.
        double[] row = {0, 1 / 2.0, 0, 3 / 8.0, 2 / 32.0, 20 / 64.0, 14 / 128.0, 70 / 256.0};
        double[][] expected = new double[5][];
        Arrays.fill(expected, row);
        for (float[] values : exactAll(PeGraphs.cycle(5), 8)) {
            assertRows(expected, values, 1e-6, "C5");
        }
    }

    @Test
    void pathHandValues() {
        // P4 0-1-2-3: from 0, P^2 = 1/2 (0-1-0), P^4 = 3/8; from 1, P^2 = 1/2 + 1/4, P^4 = 11/16; odd k: 0.
        double[][] expected = {{0, 1 / 2.0, 0, 3 / 8.0}, {0, 3 / 4.0, 0, 11 / 16.0}, {0, 3 / 4.0, 0, 11 / 16.0},
                {0, 1 / 2.0, 0, 3 / 8.0}};
        for (float[] values : exactAll(PeGraphs.path(4), 4)) {
            assertRows(expected, values, 1e-6, "P4");
        }
    }

    @Test
    void completeGraphHandValues() {
        // K4: 1/3 back after two steps; 3 * 2 closed paths of three steps, each (1/3)^3; (1 + 3 (-1/3)^k) / 4.
        double[] row = {0, 1 / 3.0, 2 / 9.0, 7 / 27.0};
        double[][] expected = new double[4][];
        Arrays.fill(expected, row);
        for (float[] values : exactAll(PeGraphs.complete(4), 4)) {
            assertRows(expected, values, 1e-6, "K4");
        }
    }

    @Test
    void selfLoopCountsOnceAndIsolatedNodeIsZero() {
        // 0 has a self-loop and the edge to 1 (degree 2); 2 is isolated.
        CsrGraph g = PeGraphs.undirected(3, 0, 0, 0, 1);
        double[][] expected = {{1 / 2.0, 3 / 4.0}, {0, 1 / 2.0}, {0, 0}};
        for (float[] values : exactAll(g, 2)) {
            assertRows(expected, values, 1e-6, "loop");
        }
        float[] mc = RandomWalkPe.builder().setWalkLength(2).optMethod(RandomWalkPe.Method.MONTE_CARLO).build()
                .compute(g).values();
        assertEquals(0f, mc[4]);
        assertEquals(0f, mc[5]);
    }

    @Test
    void weightsSetTheTransitionsUnlessIgnored() {
        // Path 0 -1- 1 -3- 2: P(1 -> 0) = 1/4, P(1 -> 2) = 3/4.
        CsrGraph g = new dev.tessera.graph.CsrBuilder(3).addEdge(0, 1, 1f).addEdge(1, 0, 1f).addEdge(1, 2, 3f)
                .addEdge(2, 1, 3f).build();
        double[][] weighted = {{0, 1 / 4.0, 0, 1 / 4.0}, {0, 1, 0, 1}, {0, 3 / 4.0, 0, 3 / 4.0}};
        for (float[] values : exactAll(g, 4)) {
            assertRows(weighted, values, 1e-6, "weighted");
        }
        double[][] plain = {{0, 1 / 2.0, 0, 1 / 2.0}, {0, 1, 0, 1}, {0, 1 / 2.0, 0, 1 / 2.0}};
        assertRows(plain, RandomWalkPe.builder().setWalkLength(4).optUseWeights(false).build().compute(g).values(), 1e-6,
                "unweighted");
    }

    @Test
    void directedWalksEndAtNodesWithoutOutEdges() {
        // 0 -> 1 -> 2 -> 0 and 0 -> 3 (a dead end): half the walks from 0 leave the cycle at each pass.
        CsrGraph g = PeGraphs.directed(4, 0, 1, 1, 2, 2, 0, 0, 3);
        double[] cyc = {0, 0, 1 / 2.0, 0, 0, 1 / 4.0};
        double[][] expected = {cyc, cyc, cyc, {0, 0, 0, 0, 0, 0}};
        for (float[] values : exactAll(g, 6)) {
            assertRows(expected, values, 1e-6, "directed");
        }
    }

    @Test
    void exactKernelsMatchDenseMatrixPowers() {
        CsrGraph[] graphs = {
            PeGraphs.random(60, 150, true, false, 3, 1), // symmetric, three isolated nodes
            PeGraphs.random(60, 150, true, true, 0, 2), // symmetric, weighted
            PeGraphs.random(60, 200, false, false, 2, 3), // directed, with dead ends
            PeGraphs.random(50, 150, false, true, 0, 4), // directed, weighted
        };
        for (int i = 0; i < graphs.length; i++) {
            double[][] expected = PeGraphs.returnProbabilities(graphs[i], 9);
            RandomWalkPe p = pe(9);
            assertRows(expected, p.exact(graphs[i], false).values(), 1e-6, "graph " + i + " sparse");
            assertRows(expected, p.exact(graphs[i], true).values(), 1e-5, "graph " + i + " dense");
        }
    }

    @Test
    void repeatedEdgesAddUpAsInASparseMatrix() {
        // Row 0 unsorted with 0 -> 1 twice: A(0, 1) = 2, so P(0 -> 1) = 2/3.
        CsrGraph g = CsrGraph.of(new long[] {0, 3, 5, 6}, new int[] {1, 2, 1, 0, 0, 0}, null);
        // Same walk as the weighted graph 0 -2- 1, 0 -1- 2 (A(1, 0) = 2 from the repeated 1 -> 0).
        CsrGraph w = new dev.tessera.graph.CsrBuilder(3).addEdge(0, 1, 2f).addEdge(0, 2, 1f).addEdge(1, 0, 2f)
                .addEdge(2, 0, 1f).build();
        assertArrayEquals(pe(4).compute(w).values(), pe(4).compute(g).values(), 1e-7f);
    }

    @Test
    void monteCarloIsCloseToExact() {
        CsrGraph[] graphs = {PeGraphs.random(300, 900, true, false, 2, 5), PeGraphs.random(300, 1200, false, true, 0, 6)};
        for (int i = 0; i < graphs.length; i++) {
            CsrGraph g = graphs[i];
            float[] exact = pe(8).compute(g).values();
            RandomWalkPe.Result mc = RandomWalkPe.builder().setWalkLength(8).optMethod(RandomWalkPe.Method.MONTE_CARLO)
                    .optWalksPerNode(4096).optSeed(11).build().compute(g);
            assertEquals(RandomWalkPe.Method.MONTE_CARLO, mc.method());
            double sumErr = 0;
            for (int e = 0; e < exact.length; e++) {
                double p = exact[e];
                double err = Math.abs(mc.values()[e] - p);
                sumErr += err;
                // Six standard errors of a return frequency (the pair estimator of the symmetric graph is tighter).
                double bound = 6 * Math.sqrt(Math.max(p * (1 - p), 1e-4) / 4096) + 1e-6;
                assertTrue(err <= bound, "graph " + i + " entry " + e + ": exact " + p + ", estimate " + mc.values()[e]);
            }
            assertTrue(sumErr / exact.length < 0.003, "graph " + i + ": mean error " + sumErr / exact.length);
        }
    }

    @Test
    void monteCarloIsDeterministicGivenTheSeed() {
        CsrGraph g = PeGraphs.random(500, 1500, true, false, 0, 7);
        RandomWalkPe.Builder b = RandomWalkPe.builder().setWalkLength(6).optMethod(RandomWalkPe.Method.MONTE_CARLO)
                .optWalksPerNode(64).optSeed(3);
        float[] one = b.optThreads(1).build().compute(g).values();
        float[] three = b.optThreads(3).build().compute(g).values();
        assertArrayEquals(one, three);
        float[] other = b.optSeed(4).build().compute(g).values();
        assertFalse(Arrays.equals(one, other));
        CsrGraph d = PeGraphs.random(500, 1500, false, false, 0, 8);
        assertArrayEquals(b.optThreads(1).build().compute(d).values(), b.optThreads(3).build().compute(d).values());
    }

    @Test
    void exactIsTheSameForAnyThreadCount() {
        CsrGraph g = PeGraphs.random(700, 2000, true, true, 5, 9);
        RandomWalkPe one = RandomWalkPe.builder().setWalkLength(7).optThreads(1).build();
        RandomWalkPe three = RandomWalkPe.builder().setWalkLength(7).optThreads(3).build();
        assertArrayEquals(one.exact(g, false).values(), three.exact(g, false).values());
        assertArrayEquals(one.exact(g, true).values(), three.exact(g, true).values());
    }

    @Test
    void autoRunsExactWithinTheBudgetAndMonteCarloBeyond() {
        CsrGraph g = PeGraphs.random(200, 600, true, false, 0, 10);
        RandomWalkPe.Result exact = pe(8).compute(g);
        assertEquals(RandomWalkPe.Method.EXACT, exact.method());
        assertTrue(exact.work() > 0);
        RandomWalkPe.Result mc = RandomWalkPe.builder().setWalkLength(8).optExactBudget(0).build().compute(g);
        assertEquals(RandomWalkPe.Method.MONTE_CARLO, mc.method());
        // Budget just below and above the plan's cost.
        long cost = (long) Math.ceil(RandomWalkPe.plan(PeGraph.of(g, true, false, "test"), 8, Long.MAX_VALUE, 0).cost());
        assertEquals(RandomWalkPe.Method.MONTE_CARLO,
                RandomWalkPe.builder().setWalkLength(8).optExactBudget(cost - 1).build().compute(g).method());
        assertEquals(RandomWalkPe.Method.EXACT,
                RandomWalkPe.builder().setWalkLength(8).optExactBudget(cost).build().compute(g).method());
    }

    @Test
    void sparseWorkEstimateBoundsTheWork() {
        // Every node sampled (N <= 64): the estimate counts whole balls, the walk's support is smaller (on a
        // path, x_1 misses the source): an upper bound, and not a loose one.
        CsrGraph g = PeGraphs.path(60);
        double estimate = RandomWalkPe.sparseVisits(PeGraph.of(g, true, false, "test"), 2, Double.POSITIVE_INFINITY, 0);
        long work = pe(4).exact(g, false).work();
        assertTrue(work <= estimate && work > 0.5 * estimate, "work " + work + " vs estimate " + estimate);
        // On a path the sparse kernel is the cheaper one.
        assertFalse(RandomWalkPe.plan(PeGraph.of(PeGraphs.path(5000), true, false, "test"), 4, Long.MAX_VALUE, 0).dense());
    }

    @Test
    void badOptionsAreOneLineUserErrors() {
        for (int k : new int[] {0, -3}) {
            TesseraException e = assertThrows(TesseraException.class, () -> RandomWalkPe.builder().setWalkLength(k));
            assertTrue(e.getMessage().contains("walk length") && !e.getMessage().contains("\n"), e.getMessage());
        }
        assertThrows(TesseraException.class, () -> RandomWalkPe.builder().optWalksPerNode(1));
        assertThrows(TesseraException.class, () -> RandomWalkPe.builder().optExactBudget(-1));
        assertThrows(TesseraException.class, () -> RandomWalkPe.builder().optThreads(0));
        assertThrows(IllegalStateException.class, () -> RandomWalkPe.builder().build());
        CsrGraph negative = new dev.tessera.graph.CsrBuilder(2).addEdge(0, 1, -1f).addEdge(1, 0, -1f).build();
        TesseraException e = assertThrows(TesseraException.class, () -> pe(2).compute(negative));
        assertTrue(e.getMessage().contains("0->1") && e.getMessage().contains("-1.0"), e.getMessage());
        // Ignoring the weights makes the same graph fine.
        float[] v = RandomWalkPe.builder().setWalkLength(2).optUseWeights(false).build().compute(negative).values();
        assertArrayEquals(new float[] {0, 1, 0, 1}, v);
    }
}
