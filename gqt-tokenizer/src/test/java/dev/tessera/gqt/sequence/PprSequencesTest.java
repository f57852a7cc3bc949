package dev.tessera.gqt.sequence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.graph.CsrGraph;
import dev.tessera.ppr.ExactPpr;
import org.junit.jupiter.api.Test;

class PprSequencesTest {
    /**
     * A star 0–{1, 2, 3}, a tail 3–4, and an isolated node 5. From 0, the leaves 1 and 2 are symmetric (equal
     * weight: id order), 3 is stronger than them (it also gets the walk back from 4), and 4 is the weakest.
     */
    private static CsrGraph graph() {
        // sorted adjacency: 0:{1,2,3} 1:{0} 2:{0} 3:{0,4} 4:{3} 5:{}
        long[] rows = {0, 3, 4, 5, 7, 8, 8};
        int[] cols = {1, 2, 3, 0, 0, 0, 4, 3};
        return CsrGraph.of(rows, cols, null);
    }

    @Test
    void selfFirstThenStrongestFirstWithMaskedPadding() {
        PprSequences s = PprSequences.compute(graph(), 5, 0.2, 1e-9);
        assertEquals(6, s.length());
        int[] row0 = new int[6];
        boolean[] mask0 = new boolean[6];
        for (int j = 0; j < 6; j++) {
            row0[j] = s.node(0, j);
            mask0[j] = s.real(0, j);
        }
        assertArrayEquals(new int[] {0, 3, 1, 2, 4, 0}, row0, "self, 3, the tied leaves by id, 4, then padding");
        assertArrayEquals(new boolean[] {true, true, true, true, true, false}, mask0);
        assertEquals(0f, s.weight(0, 5));
        double[] exact = ExactPpr.compute(graph(), 0, 0.2, 1e-12);
        assertTrue(exact[3] > exact[1] && exact[1] == exact[2] && exact[2] > exact[4], "the hand check holds");
        for (int j = 0; j < 5; j++) {
            assertEquals(exact[row0[j]], s.weight(0, j), 1e-6, "position " + j);
        }
        // The isolated node: itself, then only padding, which repeats it but is masked.
        assertEquals(1, s.realLength(5));
        assertEquals(5, s.node(5, 0));
        for (int j = 1; j < 6; j++) {
            assertFalse(s.real(5, j));
            assertEquals(5, s.node(5, j));
            assertEquals(0f, s.weight(5, j));
        }
        // A leaf: itself, its hub, then the rest; never a -1 or another node's id as padding.
        assertEquals(1, s.node(1, 0));
        assertEquals(0, s.node(1, 1));
        for (int i = 0; i < 6; i++) {
            for (int j = 1; j < 6; j++) {
                assertTrue(s.node(i, j) >= 0);
                if (s.real(i, j)) {
                    assertTrue(s.node(i, j) != i, "the node is not its own neighbour");
                    assertTrue(s.weight(i, j) <= s.weight(i, j - 1) || j == 1, "non-increasing after self");
                } else {
                    assertEquals(i, s.node(i, j));
                }
            }
        }
    }

    @Test
    void fewerPositionsKeepTheStrongest() {
        PprSequences s = PprSequences.compute(graph(), 3, 0.2, 1e-9);
        assertEquals(new int[] {0, 3, 1, 2}.length, s.length());
        assertArrayEquals(new int[] {0, 3, 1, 2}, new int[] {s.node(0, 0), s.node(0, 1), s.node(0, 2), s.node(0, 3)});
        assertEquals(4, s.realLength(0));
    }
}
