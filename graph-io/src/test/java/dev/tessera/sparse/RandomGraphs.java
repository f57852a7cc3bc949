package dev.tessera.sparse;

import dev.tessera.graph.CsrBuilder;
import dev.tessera.graph.CsrGraph;
import java.util.SplittableRandom;

/** Seeded random graphs and matrices, and a dense reference product, for the SpMM tests. */
final class RandomGraphs {
    private RandomGraphs() {
    }

    /** N nodes, E uniform (src, dst) pairs (self-loops possible, duplicates summed), weights U(0, 1) when asked. */
    static CsrGraph uniform(int n, int e, boolean weighted, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] src = new int[e];
        int[] dst = new int[e];
        float[] w = weighted ? new float[e] : null;
        for (int i = 0; i < e; i++) {
            src[i] = r.nextInt(n);
            dst[i] = r.nextInt(n);
            if (w != null) {
                w[i] = (float) r.nextDouble();
            }
        }
        return CsrBuilder.fromEdges(n, src, dst, w, CsrBuilder.Duplicates.SUM);
    }

    /** Standard normal entries, [rows, cols] row-major. */
    static float[] matrix(int rows, int cols, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[rows * cols];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) gaussian(r);
        }
        return x;
    }

    private static double gaussian(SplittableRandom r) {
        double u = r.nextDouble();
        double v = r.nextDouble();
        return Math.sqrt(-2 * Math.log1p(-u)) * Math.cos(2 * Math.PI * v);
    }

    /** The graph's adjacency as a dense [N, N] matrix in double (weights summed, 1 when unweighted). */
    static double[][] dense(CsrGraph g) {
        int n = g.numNodes();
        double[][] a = new double[n][n];
        for (int u = 0; u < n; u++) {
            for (long e = g.rowStart(u); e < g.rowEnd(u); e++) {
                a[u][g.target(e)] += g.weight(e);
            }
        }
        return a;
    }

    /** Dense reference M·X (or Mᵀ·X) in double, rounded to float. */
    static float[] denseProduct(double[][] m, float[] x, int c, boolean transposed) {
        int n = m.length;
        float[] y = new float[n * c];
        for (int u = 0; u < n; u++) {
            for (int j = 0; j < c; j++) {
                double s = 0;
                for (int v = 0; v < n; v++) {
                    s += (transposed ? m[v][u] : m[u][v]) * x[v * c + j];
                }
                y[u * c + j] = (float) s;
            }
        }
        return y;
    }

    /** Fails unless |a - b| &le; tol·max(1, |b|) everywhere. */
    static void assertClose(float[] expected, float[] actual, double tol, String what) {
        org.junit.jupiter.api.Assertions.assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            double d = Math.abs(expected[i] - actual[i]);
            if (!(d <= tol * Math.max(1, Math.abs(expected[i])))) {
                org.junit.jupiter.api.Assertions.fail(what + ": entry " + i + " expected " + expected[i] + " got " + actual[i]);
            }
        }
    }
}
