package dev.tessera.sparse;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link RowKernel} with the JDK Vector API: Y's row is accumulated in registers, four vectors (4·L columns, 64
 * floats with AVX-512) at a time, by fused multiply-adds of the gathered X rows, and stored once; columns past
 * the last full vector are done in scalar loops. Loaded only when the JVM runs with
 * {@code --add-modules jdk.incubator.vector} (see {@link SpMM}).
 */
final class VectorKernel implements RowKernel {
    static final VectorKernel INSTANCE = new VectorKernel();
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT;

    private VectorKernel() {
    }

    @Override
    public void rows(int from, int to, long[] rowPointers, int[] columns, float[] weights, float[] scale, float[] loops,
            MemorySegment x, int c, MemorySegment y) {
        for (int u = from; u < to; u++) {
            int start = (int) rowPointers[u];
            int end = (int) rowPointers[u + 1];
            float su = scale == null ? 1f : scale[u];
            float lu = loops == null ? 0f : loops[u] * su;
            long yo = (long) u * c;
            int j = 0;
            for (; j + 4 * L <= c; j += 4 * L) {
                FloatVector a0 = FloatVector.zero(S);
                FloatVector a1 = a0;
                FloatVector a2 = a0;
                FloatVector a3 = a0;
                if (lu != 0f) {
                    FloatVector b = FloatVector.broadcast(S, lu);
                    a0 = load(x, yo + j).mul(b);
                    a1 = load(x, yo + j + L).mul(b);
                    a2 = load(x, yo + j + 2 * L).mul(b);
                    a3 = load(x, yo + j + 3 * L).mul(b);
                }
                for (int e = start; e < end; e++) {
                    int v = columns[e];
                    float a = weights == null ? 1f : weights[e];
                    if (scale != null) {
                        a *= scale[v];
                    }
                    FloatVector b = FloatVector.broadcast(S, a);
                    long xo = (long) v * c + j;
                    a0 = load(x, xo).fma(b, a0);
                    a1 = load(x, xo + L).fma(b, a1);
                    a2 = load(x, xo + 2 * L).fma(b, a2);
                    a3 = load(x, xo + 3 * L).fma(b, a3);
                }
                if (scale != null) {
                    FloatVector f = FloatVector.broadcast(S, su);
                    a0 = a0.mul(f);
                    a1 = a1.mul(f);
                    a2 = a2.mul(f);
                    a3 = a3.mul(f);
                }
                a0.intoMemorySegment(y, 4 * (yo + j), ORDER);
                a1.intoMemorySegment(y, 4 * (yo + j + L), ORDER);
                a2.intoMemorySegment(y, 4 * (yo + j + 2 * L), ORDER);
                a3.intoMemorySegment(y, 4 * (yo + j + 3 * L), ORDER);
            }
            for (; j + L <= c; j += L) {
                FloatVector a0 = lu != 0f ? load(x, yo + j).mul(lu) : FloatVector.zero(S);
                for (int e = start; e < end; e++) {
                    int v = columns[e];
                    float a = weights == null ? 1f : weights[e];
                    if (scale != null) {
                        a *= scale[v];
                    }
                    a0 = load(x, v * c + j).fma(FloatVector.broadcast(S, a), a0);
                }
                a0.mul(su).intoMemorySegment(y, 4 * (yo + j), ORDER);
            }
            if (j < c) {
                tail(j, u, start, end, columns, weights, scale, x, c, y, su, lu);
            }
        }
    }

    /** Columns {@code [j, c)} of row u, fewer than one vector, in scalar loops. */
    private static void tail(int j, int u, int start, int end, int[] columns, float[] weights, float[] scale,
            MemorySegment x, int c, MemorySegment y, float su, float lu) {
        long yo = (long) u * c;
        for (int k = j; k < c; k++) {
            y.setAtIndex(F, yo + k, lu * x.getAtIndex(F, yo + k));
        }
        for (int e = start; e < end; e++) {
            int v = columns[e];
            float a = weights == null ? 1f : weights[e];
            if (scale != null) {
                a *= scale[v];
            }
            long xo = (long) v * c;
            for (int k = j; k < c; k++) {
                y.setAtIndex(F, yo + k, y.getAtIndex(F, yo + k) + a * x.getAtIndex(F, xo + k));
            }
        }
        for (int k = j; k < c; k++) {
            y.setAtIndex(F, yo + k, y.getAtIndex(F, yo + k) * su);
        }
    }

    /** The L floats of X from float index {@code at}. */
    private static FloatVector load(MemorySegment x, long at) {
        return FloatVector.fromMemorySegment(S, x, 4 * at, ORDER);
    }

    @Override
    public String name() {
        return "vector-" + S.vectorBitSize() + "bit";
    }
}
