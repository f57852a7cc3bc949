package dev.tessera.sparse;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * {@link RowKernel} in plain loops: one axpy of a gathered X row into Y's row per nonzero. C2 does not
 * vectorize this loop (it cannot rule out that X and Y overlap), so it is several times slower than
 * {@link VectorKernel}; it is the fallback when the JVM lacks {@code jdk.incubator.vector}.
 */
final class ScalarKernel implements RowKernel {
    static final ScalarKernel INSTANCE = new ScalarKernel();
    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT;

    private ScalarKernel() {
    }

    @Override
    public void rows(int from, int to, long[] rowPointers, int[] columns, float[] weights, float[] scale, float[] loops,
            MemorySegment x, int c, MemorySegment y) {
        for (int u = from; u < to; u++) {
            long yo = (long) u * c;
            y.asSlice(4 * yo, 4L * c).fill((byte) 0);
            float su = scale == null ? 1f : scale[u];
            if (loops != null && loops[u] != 0f) {
                axpy(loops[u] * su, x, yo, y, yo, c);
            }
            int end = (int) rowPointers[u + 1];
            for (int e = (int) rowPointers[u]; e < end; e++) {
                int v = columns[e];
                float a = weights == null ? 1f : weights[e];
                if (scale != null) {
                    a *= scale[v];
                }
                axpy(a, x, (long) v * c, y, yo, c);
            }
            if (scale != null) {
                for (int j = 0; j < c; j++) {
                    y.setAtIndex(F, yo + j, y.getAtIndex(F, yo + j) * su);
                }
            }
        }
    }

    private static void axpy(float a, MemorySegment x, long xo, MemorySegment y, long yo, int c) {
        for (int j = 0; j < c; j++) {
            y.setAtIndex(F, yo + j, y.getAtIndex(F, yo + j) + a * x.getAtIndex(F, xo + j));
        }
    }

    @Override
    public String name() {
        return "scalar";
    }
}
