package dev.tessera.ppr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.graph.CsrGraph;
import org.junit.jupiter.api.Test;

class ExactPprTest {
    @Test
    void twoNodesMatchTheGeometricSeries() {
        // 0 <-> 1: the walk alternates, so pi_0(0) = alpha * sum_k (1-alpha)^(2k) = 1 / (2 - alpha).
        CsrGraph g = PprGraphs.of(2, 0, 1, 1, 0);
        double a = 0.15;
        double[] pi = ExactPpr.compute(g, 0, a, 1e-13);
        assertArrayEquals(new double[] {1 / (2 - a), (1 - a) / (2 - a)}, pi, 1e-12);
    }

    @Test
    void threeNodesWithADanglingNodeByHand() {
        // 0 -> 1, 0 -> 2, 1 -> 0, node 2 dangling (keeps its mass), alpha = 1/2. From 0:
        // x = 1/2 + y/2, y = x/4, z = x/4 + z/2  =>  x = 4/7, y = 1/7, z = 2/7.
        CsrGraph g = PprGraphs.of(3, 0, 1, 0, 2, 1, 0);
        assertArrayEquals(new double[] {4 / 7.0, 1 / 7.0, 2 / 7.0}, ExactPpr.compute(g, 0, 0.5, 1e-13), 1e-12);
        // From the dangling node all mass stays put.
        assertArrayEquals(new double[] {0, 0, 1}, ExactPpr.compute(g, 2, 0.5, 1e-13), 1e-12);
    }

    @Test
    void missesAtMostTheToleranceOfTheMass() {
        CsrGraph g = PprGraphs.random(40, 100, false, 3, 7);
        double[][] pi = ExactPpr.compute(g, new int[] {0, 5, 39}, 0.2, 1e-6);
        for (double[] row : pi) {
            double sum = 0;
            for (double x : row) {
                sum += x;
            }
            assertTrue(sum >= 1 - 1e-6 && sum <= 1 + 1e-12, "mass " + sum);
        }
        assertEquals(1.0, pi[2][39], 1e-6); // isolated source: all its mass stays
    }

    @Test
    void iterationCountFollowsTheGeometricTail() {
        // (1 - 0.5)^(t + 1) <= 1e-3 first holds at t = 9.
        assertEquals(9, ExactPpr.iterations(0.5, 1e-3));
    }
}
