package dev.tessera.sparse;

import static dev.tessera.sparse.RandomGraphs.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.TesseraException;
import dev.tessera.graph.CsrBuilder;
import dev.tessera.graph.CsrGraph;
import dev.tessera.transforms.CsrOps;
import dev.tessera.transforms.GcnNorm;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SpMMTest {
    /** 0→1 (2), 0→2 (1), 1→2 (3), 2→0 (0.5). */
    private static CsrGraph tiny() {
        return new CsrBuilder(3).addEdge(0, 1, 2f).addEdge(0, 2, 1f).addEdge(1, 2, 3f).addEdge(2, 0, 0.5f).build();
    }

    private static final float[] X3 = {1, 2, 3, 4, 5, 6}; // [3, 2]

    private static float[] multiply(SpMM s, float[] x, int c, boolean transposed) {
        float[] y = new float[s.numNodes() * c];
        Arrays.fill(y, Float.NaN); // every entry must be overwritten
        if (transposed) {
            s.multiplyTransposed(x, c, y);
        } else {
            s.multiply(x, c, y);
        }
        return y;
    }

    @Test
    void tinyWeightedProductsByHand() {
        try (SpMM s = SpMM.builder().setGraph(tiny()).optThreads(1).build()) {
            // Y[0] = 2·X[1] + X[2], Y[1] = 3·X[2], Y[2] = 0.5·X[0]
            assertArrayEquals(new float[] {11, 14, 15, 18, 0.5f, 1}, multiply(s, X3, 2, false));
            // Aᵀ: Y[0] = 0.5·X[2], Y[1] = 2·X[0], Y[2] = X[0] + 3·X[1]
            assertArrayEquals(new float[] {2.5f, 3, 2, 4, 10, 14}, multiply(s, X3, 2, true));
            assertTrue(s.isWeighted());
        }
    }

    @Test
    void tinyUnweightedProductByHand() {
        try (SpMM s = SpMM.builder().setGraph(tiny()).optIgnoreWeights(true).optThreads(2).build()) {
            assertArrayEquals(new float[] {8, 10, 5, 6, 1, 2}, multiply(s, X3, 2, false));
        }
    }

    @Test
    void tinyGcnNormalizedByHand() {
        // 0 — 1 undirected, node 2 isolated: with loops every degree is 2, 2, 1, so Â = [[½, ½, 0], [½, ½, 0], [0, 0, 1]].
        CsrGraph g = new CsrBuilder(3).addUndirectedEdge(0, 1).build();
        GcnNormalization norm = GcnNormalization.of(g);
        assertArrayEquals(new float[] {1, 1, 1}, norm.addedLoops());
        assertEquals(1 / Math.sqrt(2), norm.invSqrtDegree()[0], 1e-7);
        try (SpMM s = SpMM.builder().setGraph(g).optNormalization(norm).optThreads(1).build()) {
            assertClose(new float[] {2, 2, 7}, multiply(s, new float[] {1, 3, 7}, 1, false), 1e-6, "with loops");
        }
        // Without loops node 2 has degree 0 and gets 0 (no division by zero); Â = [[0, 1], [1, 0]] on 0, 1.
        try (SpMM s = SpMM.builder().setGraph(g).optNormalization(GcnNormalization.of(g, false, 1f)).optThreads(1).build()) {
            assertClose(new float[] {3, 1, 0}, multiply(s, new float[] {1, 3, 7}, 1, false), 1e-6, "without loops");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 5, 16, 64, 67, 131})
    void randomGraphsMatchTheDenseReference(int c) {
        for (boolean weighted : new boolean[] {false, true}) {
            CsrGraph g = RandomGraphs.uniform(97, 600, weighted, 7 + c);
            double[][] a = RandomGraphs.dense(g);
            float[] x = RandomGraphs.matrix(97, c, c);
            for (boolean t : new boolean[] {false, true}) {
                float[] ref = RandomGraphs.denseProduct(a, x, c, t);
                try (SpMM s = SpMM.builder().setGraph(g).optThreads(3).build();
                        SpMM scalar = SpMM.builder().setGraph(g).optThreads(1).scalarKernel().build()) {
                    assertClose(ref, multiply(s, x, c, t), 1e-5, s.kernelName() + " C=" + c + " transposed=" + t);
                    assertClose(ref, multiply(scalar, x, c, t), 1e-5, "scalar C=" + c + " transposed=" + t);
                }
            }
        }
    }

    @Test
    void oneThreadEqualsManyThreadsBitForBit() {
        CsrGraph g = RandomGraphs.uniform(5000, 40000, true, 3);
        float[] x = RandomGraphs.matrix(5000, 64, 4);
        GcnNormalization norm = GcnNormalization.of(g);
        try (SpMM one = SpMM.builder().setGraph(g).optThreads(1).optNormalization(norm).build();
                SpMM many = SpMM.builder().setGraph(g).optThreads(4).optNormalization(norm).build()) {
            assertArrayEquals(multiply(one, x, 64, false), multiply(many, x, 64, false));
            assertArrayEquals(multiply(one, x, 64, true), multiply(many, x, 64, true));
            // Reusing the output buffer gives the same answer again.
            float[] y = multiply(many, x, 64, false);
            many.multiply(x, 64, y);
            assertArrayEquals(multiply(one, x, 64, false), y);
        }
    }

    @Test
    void transposedProductEqualsProductWithTheTransposedGraph() {
        CsrGraph g = RandomGraphs.uniform(300, 2500, true, 11);
        CsrGraph gt = CsrOps.transpose(g);
        float[] x = RandomGraphs.matrix(300, 24, 12);
        try (SpMM s = SpMM.builder().setGraph(g).optThreads(2).build();
                SpMM st = SpMM.builder().setGraph(gt).optThreads(2).build()) {
            assertArrayEquals(multiply(st, x, 24, false), multiply(s, x, 24, true));
            assertArrayEquals(multiply(s, x, 24, false), multiply(st, x, 24, true));
        }
    }

    @Test
    void fusedGcnNormalizationEqualsGcnNormThenPlainProduct() {
        // Directed, weighted, with some stored self-loops: exercises in-degrees, kept loops and added ones.
        CsrGraph g = RandomGraphs.uniform(200, 1500, true, 21);
        assertTrue(g.countSelfLoops() > 0);
        float[] x = RandomGraphs.matrix(200, 33, 22);
        for (boolean loops : new boolean[] {true, false}) {
            for (float fill : new float[] {1f, 2f}) {
                CsrGraph normalized = GcnNorm.gcnNorm(g, loops, fill);
                try (SpMM fused = SpMM.builder().setGraph(g).optNormalization(GcnNormalization.of(g, loops, fill)).optThreads(2).build();
                        SpMM plain = SpMM.builder().setGraph(normalized).optThreads(1).build()) {
                    String what = "loops=" + loops + " fill=" + fill;
                    assertClose(multiply(plain, x, 33, false), multiply(fused, x, 33, false), 1e-5, what);
                    assertClose(multiply(plain, x, 33, true), multiply(fused, x, 33, true), 1e-5, what + " transposed");
                }
            }
        }
    }

    @Test
    void blocksAreBalancedByNonzerosAndCoverAllRows() {
        // Row 0 holds half the nonzeros: it gets a block of its own.
        long[] rp = {0, 100, 110, 120, 130, 140, 150, 160, 170, 180, 190, 200};
        int[] b = SpMM.blocks(rp, 4);
        assertEquals(0, b[0]);
        assertEquals(11, b[4]);
        for (int i = 0; i < 4; i++) {
            assertTrue(b[i] <= b[i + 1]);
        }
        assertEquals(1, b[1]);
        assertArrayEquals(new int[] {0, 1, 2, 7, 11}, b);
        assertArrayEquals(new int[] {0, 3}, SpMM.blocks(new long[] {0, 0, 0, 0}, 1));
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 64, 70})
    void nativeSegmentsGiveTheArrayResultBitForBit(int c) {
        CsrGraph g = RandomGraphs.uniform(700, 5000, true, 5);
        float[] x = RandomGraphs.matrix(700, c, 6);
        try (SpMM s = SpMM.builder().setGraph(g).optThreads(2).optNormalization(GcnNormalization.of(g)).build();
                Arena arena = Arena.ofShared()) { // shared: the pool's threads read and write them
            MemorySegment in = arena.allocate(4L * x.length, 64);
            MemorySegment.copy(x, 0, in, ValueLayout.JAVA_FLOAT, 0, x.length);
            MemorySegment out = arena.allocate(4L * x.length, 64);
            out.fill((byte) 0x7f); // garbage the kernel must overwrite
            s.multiply(in, c, out);
            assertArrayEquals(multiply(s, x, c, false), out.toArray(ValueLayout.JAVA_FLOAT));
            s.multiplyTransposed(in, c, out);
            assertArrayEquals(multiply(s, x, c, true), out.toArray(ValueLayout.JAVA_FLOAT));
        }
    }

    @Test
    void overlappingOrShortSegmentsAreUserErrors() {
        try (SpMM s = SpMM.builder().setGraph(tiny()).optThreads(1).build(); Arena arena = Arena.ofConfined()) {
            MemorySegment m = arena.allocate(4L * 9);
            assertEquals("spmm: X and Y must not overlap",
                    assertThrows(TesseraException.class, () -> s.multiply(m.asSlice(0, 24), 2, m.asSlice(12, 24)))
                            .getMessage());
            assertEquals("spmm: Y holds 3 floats, [3, 2] needs 6",
                    assertThrows(TesseraException.class, () -> s.multiply(m.asSlice(0, 24), 2, m.asSlice(24, 12)))
                            .getMessage());
        }
    }

    @Test
    void badShapesAreUserErrors() {
        try (SpMM s = SpMM.builder().setGraph(tiny()).optThreads(1).build()) {
            TesseraException e = assertThrows(TesseraException.class, () -> s.multiply(new float[5], 2, new float[6]));
            assertEquals("spmm: X holds 5 floats, [3, 2] needs 6", e.getMessage());
            assertThrows(TesseraException.class, () -> s.multiply(new float[6], 2, new float[4]));
            float[] same = new float[6];
            assertThrows(TesseraException.class, () -> s.multiply(same, 2, same));
            assertThrows(TesseraException.class, () -> s.multiply(new float[6], 0, new float[6]));
        }
        assertThrows(TesseraException.class, () -> SpMM.builder().build());
        assertThrows(TesseraException.class, () -> SpMM.builder().setGraph(tiny()).optThreads(0).build());
        CsrGraph other = new CsrBuilder(4).build();
        assertThrows(TesseraException.class,
                () -> SpMM.builder().setGraph(tiny()).optNormalization(GcnNormalization.of(other)).build());
    }

    @Test
    void bytesMovedFollowsTheGatherModel() {
        // 8·(N+1) + 4·E + 4·E·C + 4·N·C for N = 10, E = 20, C = 4; weights add 4·E.
        assertEquals(88 + 80 + 320 + 160, SpMM.bytesMoved(10, 20, 4, false));
        assertEquals(88 + 80 + 80 + 320 + 160, SpMM.bytesMoved(10, 20, 4, true));
    }
}
