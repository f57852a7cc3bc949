package dev.tessera.sparse;

import java.lang.foreign.MemorySegment;

/**
 * The inner loop of {@link SpMM}: for rows u in {@code [from, to)} of a CSR matrix,
 *
 * <pre>  Y[u, :] = s(u) · ( l(u) · s(u) · X[u, :] + sum over e in row u of w(e) · s(col(e)) · X[col(e), :] )</pre>
 *
 * with w = 1 when {@code weights} is null, s = 1 when {@code scale} is null and l = 0 when {@code loops} is null.
 * X and Y are row-major float32 [N, C] in memory segments (heap arrays or native memory, native byte order);
 * row u of Y is overwritten, nothing else is written.
 */
interface RowKernel {
    /**
     * @param from first row
     * @param to one past the last row
     * @param rowPointers [N + 1]
     * @param columns [E]
     * @param weights [E] or null
     * @param scale s [N] or null
     * @param loops l [N] or null
     * @param x X [N, C]
     * @param c C
     * @param y Y [N, C]
     */
    void rows(int from, int to, long[] rowPointers, int[] columns, float[] weights, float[] scale, float[] loops,
            MemorySegment x, int c, MemorySegment y);

    /** @return the kernel's name, for reports */
    String name();
}
