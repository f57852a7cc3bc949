package dev.tessera.lm.pruning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CandidatesTest {
    // 4 nodes x 4 classes.
    private static final float[] P = {
        0.1f, 0.6f, 0.2f, 0.1f, // node 0: 1, 2, then 0 and 3 tie -> 0
        0.4f, 0.1f, 0.1f, 0.4f, // node 1: 0 and 3 tie -> 0, 3; then 1 and 2 tie -> 1
        0.0f, 0.0f, 0.3f, 0.7f, // node 2: 3, 2, then 0
        0.25f, 0.25f, 0.25f, 0.25f, // node 3: 0, 1, 2
    };

    @Test
    void topMIsMostProbableFirstTiesBySmallerClass() {
        Candidates c = Candidates.topM(P, 4, 3);
        assertEquals(3, c.m());
        assertEquals(4, c.numNodes());
        assertArrayEquals(new int[] {1, 2, 0}, c.classes(0));
        assertArrayEquals(new int[] {0, 3, 1}, c.classes(1));
        assertArrayEquals(new int[] {3, 2, 0}, c.classes(2));
        assertArrayEquals(new int[] {0, 1, 2}, c.classes(3));
    }

    @Test
    void candidateRecallByHand() {
        int[] labels = {2, 2, 1, 3};
        // m = 2: node 0 {1,2} hit; node 1 {0,3} miss; node 2 {3,2} miss; node 3 {0,1} miss.
        Candidates two = Candidates.topM(P, 4, 2);
        assertEquals(0.25, two.recall(new int[] {0, 1, 2, 3}, labels));
        assertEquals(0.5, two.recall(new int[] {0, 2}, new int[] {2, 0, 0, 0}), "only the evaluated nodes count");
        // m = 3 adds: node 1 {..,1} miss, node 2 {..,0} miss, node 3 {..,2} miss.
        assertEquals(0.25, Candidates.topM(P, 4, 3).recall(new int[] {0, 1, 2, 3}, labels));
        assertEquals(1.0, Candidates.topM(P, 4, 4).recall(new int[] {0, 1, 2, 3}, labels));
        assertEquals(1.0, Candidates.all(4, 4).recall(new int[] {0, 1, 2, 3}, labels));
        assertTrue(Double.isNaN(two.recall(new int[0], labels)));
    }

    @Test
    void topMContainsTheArgmaxAndGrowsWithM() {
        SplittableRandom r = new SplittableRandom(5);
        int n = 50;
        int k = 6;
        float[] p = new float[n * k];
        for (int i = 0; i < p.length; i++) {
            p[i] = (float) r.nextDouble();
        }
        for (int m = 1; m <= k; m++) {
            Candidates c = Candidates.topM(p, k, m);
            for (int v = 0; v < n; v++) {
                int arg = 0;
                for (int j = 1; j < k; j++) {
                    if (p[v * k + j] > p[v * k + arg]) {
                        arg = j;
                    }
                }
                assertEquals(arg, c.classes(v)[0]);
                assertTrue(c.contains(v, arg));
                if (m > 1) {
                    int[] smaller = Candidates.topM(p, k, m - 1).classes(v);
                    assertArrayEquals(smaller, java.util.Arrays.copyOf(c.classes(v), m - 1));
                }
            }
        }
        assertThrows(IllegalArgumentException.class, () -> Candidates.topM(p, k, 0));
        assertThrows(IllegalArgumentException.class, () -> Candidates.topM(p, k, k + 1));
    }
}
