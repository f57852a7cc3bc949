package dev.tessera.ppr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.graph.CsrGraph;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PersonalizedPageRankTest {
    private static PersonalizedPageRank.Builder push(double alpha, double eps) {
        return PersonalizedPageRank.builder().setAlpha(alpha).optEpsilon(eps).optThreads(1);
    }

    @Test
    void twoNodesConvergeToTheHandComputedValues() {
        CsrGraph g = PprGraphs.of(2, 0, 1, 1, 0);
        double a = 0.15;
        double[] p = push(a, 1e-9).optResidualEstimate(false).build().vector(g, 0);
        // Within the bound eps * deg(v) = 1e-9 of 1 / (2 - a) and (1 - a) / (2 - a), and below them.
        assertEquals(1 / (2 - a), p[0], 1e-9);
        assertEquals((1 - a) / (2 - a), p[1], 1e-9);
        assertTrue(p[0] <= 1 / (2 - a) && p[1] <= (1 - a) / (2 - a));
    }

    @Test
    void firstPushesAreTheOnesWrittenByHand() {
        // eps = 0.6 on 0 <-> 1 with alpha = 0.5: push 0 (p0 = 0.5, r1 = 0.5 < 0.6 * 1), stop.
        CsrGraph g = PprGraphs.of(2, 0, 1, 1, 0);
        PersonalizedPageRank bare = push(0.5, 0.6).optResidualEstimate(false).build();
        assertArrayEquals(new double[] {0.5, 0}, bare.vector(g, 0), 0);
        // With the residual estimate node 1 gets alpha * r1 = 0.25.
        assertArrayEquals(new double[] {0.5, 0.25}, push(0.5, 0.6).build().vector(g, 0), 0);
        PprResult r = push(0.5, 0.6).optTopK(2).optResidualEstimate(false).build().compute(g);
        assertEquals(1, r.pushOps() / 2); // each source pushed once
        assertArrayEquals(new int[] {0, -1, 1, -1}, r.neighbors());
        assertArrayEquals(new float[] {0.5f, 0, 0.5f, 0}, r.weights());
    }

    @Test
    void threeNodesWithADanglingNode() {
        // 0 -> 1, 0 -> 2, 1 -> 0, node 2 dangling; alpha = 1/2: pi_0 = (4/7, 1/7, 2/7), pi_2 = e_2.
        CsrGraph g = PprGraphs.of(3, 0, 1, 0, 2, 1, 0);
        PprResult r = push(0.5, 1e-10).optTopK(3).build().compute(g);
        assertArrayEquals(new int[] {0, 2, 1}, Arrays.copyOfRange(r.neighbors(), 0, 3));
        assertEquals(4 / 7.0, r.weight(0, 0), 1e-6);
        assertEquals(2 / 7.0, r.weight(0, 1), 1e-6);
        assertEquals(1 / 7.0, r.weight(0, 2), 1e-6);
        assertArrayEquals(new int[] {2, -1, -1}, Arrays.copyOfRange(r.neighbors(), 6, 9));
        assertArrayEquals(new float[] {1f, 0f, 0f}, Arrays.copyOfRange(r.weights(), 6, 9));
    }

    @Test
    void isolatedNodesKeepTheirMassAndArePadded() {
        CsrGraph g = PprGraphs.of(4, 0, 1, 1, 0); // 2 and 3 isolated
        PprResult with = push(0.15, 1e-4).optTopK(3).build().compute(g);
        assertArrayEquals(new int[] {2, -1, -1}, Arrays.copyOfRange(with.neighbors(), 6, 9));
        assertArrayEquals(new float[] {1f, 0f, 0f}, Arrays.copyOfRange(with.weights(), 6, 9));
        PprResult without = push(0.15, 1e-4).optTopK(3).optIncludeSelf(false).build().compute(g);
        assertArrayEquals(new int[] {-1, -1, -1}, Arrays.copyOfRange(without.neighbors(), 9, 12));
        assertArrayEquals(new float[] {0f, 0f, 0f}, Arrays.copyOfRange(without.weights(), 9, 12));
        assertEquals(1, without.neighbor(0, 0));
        assertEquals(-1, without.neighbor(0, 1));
    }

    @Test
    void equalWeightsAreOrderedByNodeId() {
        // Star 0 -> 3, 0 -> 1, 0 -> 2 with dangling leaves: the leaves get (1 - alpha) / 3 each, exactly equal.
        CsrGraph g = PprGraphs.of(4, 0, 3, 0, 1, 0, 2);
        PprResult r = push(0.15, 1e-4).optTopK(2).optIncludeSelf(false).build().compute(g, new int[] {0});
        assertArrayEquals(new int[] {1, 2}, r.neighbors());
        assertEquals(r.weight(0, 0), r.weight(0, 1));
        assertEquals(0.85f / 3, r.weight(0, 0), 1e-7);
    }

    @Test
    void pushStaysWithinItsBoundOnUndirectedGraphs() {
        // Bound tested: 0 <= pi_s(v) - p(v) <= eps * deg(v) for every v (deg 0: exact), up to 1e-12 round-off.
        double eps = 1e-3;
        for (long seed = 1; seed <= 3; seed++) {
            CsrGraph g = PprGraphs.random(80, 200, true, 4, seed);
            for (boolean residual : new boolean[] {false, true}) {
                PersonalizedPageRank ppr = push(0.15, eps).optResidualEstimate(residual).build();
                double maxErr = 0;
                for (int s = 0; s < g.numNodes(); s += 7) {
                    double[] exact = ExactPpr.compute(g, s, 0.15, 1e-13);
                    double[] p = ppr.vector(g, s);
                    for (int v = 0; v < g.numNodes(); v++) {
                        double err = exact[v] - p[v];
                        assertTrue(err >= -1e-12, "push overestimates at " + v);
                        assertTrue(err <= eps * g.degree(v) + 1e-12, "error " + err + " at " + v + " > eps * deg");
                        maxErr = Math.max(maxErr, err);
                    }
                }
                assertTrue(maxErr > 0, "the tolerance left some residual");
            }
        }
    }

    @Test
    void pushMissesLessThanEpsTimesEdgesOnDirectedGraphsWithDanglingNodes() {
        // Directed: L1(pi_s - p) = residual left < eps * E, and never negative per entry.
        double eps = 1e-3;
        CsrGraph g = PprGraphs.random(60, 150, false, 5, 11);
        assertTrue(IntStream.range(0, 55).anyMatch(v -> g.degree(v) == 0), "some reachable node is dangling");
        PersonalizedPageRank ppr = push(0.2, eps).optResidualEstimate(false).build();
        for (int s = 0; s < g.numNodes(); s += 3) {
            double[] exact = ExactPpr.compute(g, s, 0.2, 1e-13);
            double[] p = ppr.vector(g, s);
            double l1 = 0;
            for (int v = 0; v < g.numNodes(); v++) {
                assertTrue(exact[v] - p[v] >= -1e-12);
                l1 += exact[v] - p[v];
            }
            assertTrue(l1 < eps * g.numEdges(), "L1 error " + l1);
        }
    }

    @Test
    void topKIsTheStrongestOfTheFullVector() {
        CsrGraph g = PprGraphs.random(300, 1200, true, 2, 5);
        PersonalizedPageRank ppr = push(0.15, 1e-4).optTopK(8).build();
        PprResult r = ppr.compute(g);
        for (int s = 0; s < g.numNodes(); s += 13) {
            double[] p = ppr.vector(g, s);
            int[] expected = IntStream.range(0, p.length).filter(v -> p[v] > 0).boxed()
                    .sorted(Comparator.<Integer>comparingDouble(v -> -p[v]).thenComparingInt(v -> v))
                    .limit(8).mapToInt(Integer::intValue).toArray();
            int[] got = Arrays.copyOfRange(r.neighbors(), s * 8, s * 8 + expected.length);
            assertArrayEquals(expected, got, "source " + s);
            for (int j = 1; j < 8; j++) {
                assertTrue(r.weight(s, j) <= r.weight(s, j - 1));
            }
        }
    }

    @Test
    void threadCountDoesNotChangeTheResult() {
        CsrGraph g = PprGraphs.random(700, 3000, true, 10, 3);
        PprResult one = push(0.15, 1e-5).optTopK(16).build().compute(g);
        PprResult four = push(0.15, 1e-5).optTopK(16).optThreads(4).build().compute(g);
        assertArrayEquals(one.neighbors(), four.neighbors());
        assertArrayEquals(one.weights(), four.weights());
        assertEquals(one.pushOps(), four.pushOps());
        // A subset of sources gives the same rows.
        PprResult some = push(0.15, 1e-5).optTopK(16).optThreads(3).build().compute(g, new int[] {5, 699, 0});
        assertArrayEquals(Arrays.copyOfRange(one.neighbors(), 5 * 16, 6 * 16), Arrays.copyOfRange(some.neighbors(), 0, 16));
        assertArrayEquals(Arrays.copyOfRange(one.neighbors(), 699 * 16, 700 * 16), Arrays.copyOfRange(some.neighbors(), 16, 32));
        assertArrayEquals(Arrays.copyOfRange(one.weights(), 0, 16), Arrays.copyOfRange(some.weights(), 32, 48));
    }

    @Test
    void builderChecksItsOptions() {
        assertThrows(IllegalStateException.class, () -> PersonalizedPageRank.builder().build());
        assertThrows(IllegalArgumentException.class, () -> PersonalizedPageRank.builder().setAlpha(1.0));
        assertThrows(IllegalArgumentException.class, () -> PersonalizedPageRank.builder().optEpsilon(0));
        assertThrows(IllegalArgumentException.class, () -> PersonalizedPageRank.builder().optTopK(0));
        assertThrows(IndexOutOfBoundsException.class,
                () -> push(0.15, 1e-4).build().compute(PprGraphs.of(2, 0, 1), new int[] {2}));
    }
}
