package dev.tessera.sparse;

import java.util.Arrays;

/**
 * {@link RowKernel} in plain loops: one axpy of a gathered X row into Y's row per nonzero. C2 does not
 * vectorize this loop (it cannot rule out that X and Y overlap), so it is several times slower than
 * {@link VectorKernel}; it is the fallback when the JVM lacks {@code jdk.incubator.vector}.
 */
final class ScalarKernel implements RowKernel {
    static final ScalarKernel INSTANCE = new ScalarKernel();

    private ScalarKernel() {
    }

    @Override
    public void rows(int from, int to, long[] rowPointers, int[] columns, float[] weights, float[] scale, float[] loops,
            float[] x, int c, float[] y) {
        for (int u = from; u < to; u++) {
            int yo = u * c;
            Arrays.fill(y, yo, yo + c, 0f);
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
                axpy(a, x, v * c, y, yo, c);
            }
            if (scale != null) {
                for (int j = 0; j < c; j++) {
                    y[yo + j] *= su;
                }
            }
        }
    }

    private static void axpy(float a, float[] x, int xo, float[] y, int yo, int c) {
        for (int j = 0; j < c; j++) {
            y[yo + j] += a * x[xo + j];
        }
    }

    @Override
    public String name() {
        return "scalar";
    }
}
