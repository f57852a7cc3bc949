package dev.tessera.graph;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.Objects;

/**
 * An immutable directed graph in compressed sparse row form: the out-neighbours of node {@code v} are
 * {@code target(e)} for {@code e} in {@code [rowStart(v), rowEnd(v))}.
 *
 * <p>Row pointers are {@code long} so that graphs past 2<sup>31</sup> edges fit; column indices are int32 and
 * optional edge weights float32, both held in {@link MemorySegment}s that may live on the heap, off the heap or
 * in a memory-mapped cache file. Rows built by {@link CsrBuilder} are sorted by target and free of duplicates.
 *
 * <p>Shapes: {@code rowPointers} [N + 1], {@code columns} [E] int32, {@code weights} [E] float32 or absent.
 */
public final class CsrGraph {
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED;

    private final int numNodes;
    private final long[] rowPointers;
    private final MemorySegment columns;
    private final MemorySegment weights;

    private CsrGraph(long[] rowPointers, MemorySegment columns, MemorySegment weights) {
        this.numNodes = rowPointers.length - 1;
        this.rowPointers = rowPointers;
        this.columns = columns;
        this.weights = weights;
    }

    /**
     * Wraps CSR arrays without copying; the caller must not modify them afterwards.
     *
     * @param rowPointers [N + 1], non-decreasing, starting at 0
     * @param columns [E] targets in {@code [0, N)}
     * @param weights [E] edge weights, or {@code null} for an unweighted graph
     * @return the graph
     * @throws IllegalArgumentException when the arrays do not form a CSR graph
     */
    public static CsrGraph of(long[] rowPointers, int[] columns, float[] weights) {
        return of(rowPointers, MemorySegment.ofArray(columns), weights == null ? null : MemorySegment.ofArray(weights));
    }

    /**
     * Wraps CSR storage without copying (e.g. segments mapped from a cache file).
     *
     * @param rowPointers [N + 1], non-decreasing, starting at 0
     * @param columns int32 [E] targets in {@code [0, N)}
     * @param weights float32 [E] edge weights, or {@code null} for an unweighted graph
     * @return the graph
     * @throws IllegalArgumentException when the sizes do not agree
     */
    public static CsrGraph of(long[] rowPointers, MemorySegment columns, MemorySegment weights) {
        Objects.requireNonNull(rowPointers, "rowPointers");
        Objects.requireNonNull(columns, "columns");
        if (rowPointers.length < 1 || rowPointers[0] != 0) {
            throw new IllegalArgumentException("row pointers must start with 0");
        }
        long e = rowPointers[rowPointers.length - 1];
        if (columns.byteSize() != e * Integer.BYTES) {
            throw new IllegalArgumentException("columns hold " + columns.byteSize() / Integer.BYTES + " entries, row pointers say " + e);
        }
        if (weights != null && weights.byteSize() != e * Float.BYTES) {
            throw new IllegalArgumentException("weights hold " + weights.byteSize() / Float.BYTES + " entries, row pointers say " + e);
        }
        return new CsrGraph(rowPointers, columns, weights);
    }

    /** @return N, the number of nodes */
    public int numNodes() {
        return numNodes;
    }

    /** @return E, the number of stored directed edges */
    public long numEdges() {
        return rowPointers[numNodes];
    }

    /**
     * @param v a node
     * @return the index of {@code v}'s first edge
     */
    public long rowStart(int v) {
        return rowPointers[v];
    }

    /**
     * @param v a node
     * @return one past the index of {@code v}'s last edge
     */
    public long rowEnd(int v) {
        return rowPointers[v + 1];
    }

    /**
     * @param v a node
     * @return {@code v}'s out-degree (stored edges leaving it)
     */
    public int degree(int v) {
        return (int) (rowPointers[v + 1] - rowPointers[v]);
    }

    /**
     * @param e an edge index in {@code [0, E)}
     * @return the edge's target node
     */
    public int target(long e) {
        return columns.getAtIndex(INT, e);
    }

    /**
     * @param e an edge index in {@code [0, E)}
     * @return the edge's weight, 1 for an unweighted graph
     */
    public float weight(long e) {
        return weights == null ? 1f : weights.getAtIndex(FLOAT, e);
    }

    /** @return whether the graph stores edge weights */
    public boolean isWeighted() {
        return weights != null;
    }

    /**
     * @param v a node
     * @return a copy of {@code v}'s out-neighbours, in stored order
     */
    public int[] neighbors(int v) {
        long s = rowPointers[v];
        int d = degree(v);
        int[] out = new int[d];
        MemorySegment.copy(columns, INT, s * Integer.BYTES, out, 0, d);
        return out;
    }

    /**
     * @param u a source node
     * @param v a target node
     * @return whether the edge (u, v) is stored; binary search, so rows must be sorted (as {@link CsrBuilder} makes them)
     */
    public boolean hasEdge(int u, int v) {
        long lo = rowPointers[u];
        long hi = rowPointers[u + 1] - 1;
        while (lo <= hi) {
            long mid = (lo + hi) >>> 1;
            int t = target(mid);
            if (t < v) {
                lo = mid + 1;
            } else if (t > v) {
                hi = mid - 1;
            } else {
                return true;
            }
        }
        return false;
    }

    /** @return the row pointers [N + 1]; shared, not copied: do not modify */
    public long[] rowPointers() {
        return rowPointers;
    }

    /** @return the int32 column indices [E]; shared, read-only by contract */
    public MemorySegment columnSegment() {
        return columns;
    }

    /** @return the float32 weights [E], or {@code null} when unweighted; shared, read-only by contract */
    public MemorySegment weightSegment() {
        return weights;
    }

    /**
     * The column indices as a Java array: the backing array itself when the graph was built on the heap from
     * an {@code int[]} (do not modify it), a copy otherwise.
     *
     * @return targets [E]
     * @throws IllegalStateException when E exceeds what one Java array holds
     */
    public int[] columnArray() {
        if (columns.heapBase().orElse(null) instanceof int[] a && a.length == numEdges() && columns.address() == 0) {
            return a;
        }
        checkArraySize();
        return columns.toArray(INT);
    }

    /**
     * The weights as a Java array (backing array or copy, as {@link #columnArray()}).
     *
     * @return weights [E], or {@code null} when unweighted
     */
    public float[] weightArray() {
        if (weights == null) {
            return null;
        }
        if (weights.heapBase().orElse(null) instanceof float[] a && a.length == numEdges() && weights.address() == 0) {
            return a;
        }
        checkArraySize();
        return weights.toArray(FLOAT);
    }

    private void checkArraySize() {
        if (numEdges() > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("graph has " + numEdges() + " edges, more than one Java array holds; use the segments");
        }
    }

    /** @return the number of edges (v, v) */
    public long countSelfLoops() {
        long loops = 0;
        for (int v = 0; v < numNodes; v++) {
            for (long e = rowPointers[v]; e < rowPointers[v + 1]; e++) {
                if (target(e) == v) {
                    loops++;
                }
            }
        }
        return loops;
    }

    /** @return the bytes held by the row pointers, columns and weights */
    public long byteSize() {
        return (long) rowPointers.length * Long.BYTES + columns.byteSize() + (weights == null ? 0 : weights.byteSize());
    }

    /** Structural equality: same nodes, same rows in the same order, same weights. */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof CsrGraph g)) {
            return false;
        }
        if (!Arrays.equals(rowPointers, g.rowPointers) || isWeighted() != g.isWeighted()) {
            return false;
        }
        if (columns.mismatch(g.columns) != -1) {
            return false;
        }
        return weights == null || weights.mismatch(g.weights) == -1;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(rowPointers);
    }

    @Override
    public String toString() {
        return "CsrGraph(nodes=" + numNodes + ", edges=" + numEdges() + (isWeighted() ? ", weighted" : "") + ")";
    }
}
