package dev.tessera.transforms;

import dev.tessera.graph.CsrGraph;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Linear-time CSR kernels the transforms share: transposition by counting sort and row sorting by double
 * transposition. They read the input through {@link CsrGraph#target(long)} and {@link CsrGraph#weight(long)}, so
 * heap, off-heap and mapped graphs all work; outputs are heap arrays (E must fit one Java array). Public for
 * {@link #transpose} only (the neighbour sampler samples in-neighbours from the transpose).
 */
public final class CsrOps {
    private CsrOps() {
    }

    /**
     * @param size a number of array elements
     * @return {@code size} as an int
     * @throws IllegalStateException when it exceeds what one Java array holds
     */
    static int arraySize(long size) {
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException(size + " entries exceed one Java array");
        }
        return (int) size;
    }

    /**
     * @param g a graph
     * @return whether every row is sorted by target (non-decreasing; repeats allowed)
     */
    static boolean rowsSorted(CsrGraph g) {
        for (int v = 0; v < g.numNodes(); v++) {
            long end = g.rowEnd(v);
            for (long e = g.rowStart(v) + 1; e < end; e++) {
                if (g.target(e - 1) > g.target(e)) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * The reverse graph: edge (u, v, w) becomes (v, u, w). A counting sort by target, O(N + E); because sources
     * are visited in ascending order, every row of the result is sorted, and repeated edges keep their order.
     *
     * @param g a graph
     * @return its transpose, weighted when {@code g} is
     */
    public static CsrGraph transpose(CsrGraph g) {
        int n = g.numNodes();
        int e = arraySize(g.numEdges());
        long[] ptr = new long[n + 1];
        for (long i = 0; i < e; i++) {
            ptr[g.target(i) + 1]++;
        }
        for (int v = 0; v < n; v++) {
            ptr[v + 1] += ptr[v];
        }
        long[] fill = java.util.Arrays.copyOf(ptr, n);
        int[] cols = new int[e];
        float[] ws = g.isWeighted() ? new float[e] : null;
        for (int u = 0; u < n; u++) {
            long end = g.rowEnd(u);
            for (long i = g.rowStart(u); i < end; i++) {
                int p = (int) fill[g.target(i)]++;
                cols[p] = u;
                if (ws != null) {
                    ws[p] = g.weight(i);
                }
            }
        }
        return CsrGraph.of(ptr, cols, ws);
    }

    /**
     * @param g a graph
     * @return {@code g} itself when its rows are sorted by target, else the same edges with sorted rows (two
     *     transpositions, O(N + E), repeated edges kept in order)
     */
    static CsrGraph sortRows(CsrGraph g) {
        return rowsSorted(g) ? g : transpose(transpose(g));
    }

    /**
     * Allocates float32 storage: a heap array when it fits one, else off-heap memory freed by the GC.
     *
     * @param count the number of floats
     * @return zeroed storage of {@code count} floats
     */
    static MemorySegment floats(long count) {
        if (count <= Integer.MAX_VALUE - 8) {
            return MemorySegment.ofArray(new float[(int) count]);
        }
        return Arena.ofAuto().allocate(ValueLayout.JAVA_FLOAT, count);
    }
}
