package dev.tessera.ppr;

import dev.tessera.graph.CsrGraph;

/**
 * Exact personalized PageRank by power iteration, dense per source: for small graphs, tests and accuracy checks.
 *
 * <p>Iterates {@code x_{t+1} = alpha e_s + (1 - alpha) x_t W} from {@code x_0 = alpha e_s}, with {@code W} the
 * out-degree random walk whose dangling nodes keep their mass (see the package documentation). After {@code t}
 * iterations {@code x_t} holds the first {@code t + 1} terms of {@code alpha sum_k (1 - alpha)^k e_s W^k}, so it
 * never exceeds the limit and misses exactly {@code (1 - alpha)^(t+1)} of its total mass; the iteration count
 * is chosen so that this is at most {@code tolerance}. Cost: O(iterations * (N + E) * sources), memory
 * 2 * N * block doubles.
 */
public final class ExactPpr {
    private static final int BLOCK = 64;

    private ExactPpr() {
    }

    /**
     * @param alpha teleport probability in (0, 1)
     * @param tolerance the L1 mass the result may miss, in (0, 1)
     * @return the number of iterations that leaves at most {@code tolerance} of the mass out
     */
    public static int iterations(double alpha, double tolerance) {
        return Math.max(0, (int) Math.ceil(Math.log(tolerance) / Math.log(1 - alpha)) - 1);
    }

    /**
     * Exact PPR vectors of some sources.
     *
     * @param graph the graph (edge weights ignored)
     * @param sources source nodes
     * @param alpha teleport probability in (0, 1)
     * @param tolerance L1 mass each vector may miss (e.g. 1e-10)
     * @return [sources.length][N]: row {@code i} is {@code pi_{sources[i]}}
     */
    public static double[][] compute(CsrGraph graph, int[] sources, double alpha, double tolerance) {
        PersonalizedPageRank.checkAlpha(alpha);
        if (!(tolerance > 0 && tolerance < 1)) {
            throw new IllegalArgumentException("tolerance must be in (0, 1): " + tolerance);
        }
        int n = graph.numNodes();
        if ((long) n * BLOCK > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("exact PPR is for small graphs: " + n + " nodes");
        }
        long[] rowPtr = graph.rowPointers();
        int[] col = graph.columnArray();
        int iters = iterations(alpha, tolerance);
        double[][] out = new double[sources.length][];
        for (int b0 = 0; b0 < sources.length; b0 += BLOCK) {
            int m = Math.min(BLOCK, sources.length - b0);
            // Node-major layout [N][m]: the inner loop runs over the sources of the block, contiguously.
            double[] x = new double[n * m];
            double[] y = new double[n * m];
            for (int j = 0; j < m; j++) {
                x[checkNode(sources[b0 + j], n) * m + j] = alpha;
            }
            for (int t = 0; t < iters; t++) {
                java.util.Arrays.fill(y, 0);
                for (int j = 0; j < m; j++) {
                    y[sources[b0 + j] * m + j] = alpha;
                }
                for (int u = 0; u < n; u++) {
                    long s = rowPtr[u];
                    long e = rowPtr[u + 1];
                    int d = (int) (e - s);
                    int um = u * m;
                    double f = d == 0 ? 1 - alpha : (1 - alpha) / d;
                    if (d == 0) {
                        for (int j = 0; j < m; j++) {
                            y[um + j] += f * x[um + j];
                        }
                        continue;
                    }
                    for (long k = s; k < e; k++) {
                        int vm = col[(int) k] * m;
                        for (int j = 0; j < m; j++) {
                            y[vm + j] += f * x[um + j];
                        }
                    }
                }
                double[] tmp = x;
                x = y;
                y = tmp;
            }
            for (int j = 0; j < m; j++) {
                double[] v = new double[n];
                for (int u = 0; u < n; u++) {
                    v[u] = x[u * m + j];
                }
                out[b0 + j] = v;
            }
        }
        return out;
    }

    /**
     * Exact PPR vector of one source.
     *
     * @param graph the graph
     * @param source the source node
     * @param alpha teleport probability in (0, 1)
     * @param tolerance L1 mass the vector may miss
     * @return {@code pi_source} [N]
     */
    public static double[] compute(CsrGraph graph, int source, double alpha, double tolerance) {
        return compute(graph, new int[] {source}, alpha, tolerance)[0];
    }

    private static int checkNode(int v, int n) {
        if (v < 0 || v >= n) {
            throw new IndexOutOfBoundsException("source " + v + " out of range [0, " + n + ")");
        }
        return v;
    }
}
