package dev.tessera.pe;

import dev.tessera.sparse.SpMM;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Exact k-step return probabilities {@code P^k_ss}, {@code P = D^-1 A}, k = 1..K, by two kernels
 * that give the same numbers up to rounding (see {@link RandomWalkPe} for the conventions):
 * <ul>
 *   <li>{@link Ball}: per source, sparse vectors {@code x_m = e_s P^m} over the m-hop ball (dense arrays plus
 *   touched lists, O(N) memory per thread); work = the summed out-degrees of the balls.
 *   <li>{@link #dense}: per block of up to {@link #BLOCK} sources, node-major float32 {@code [N, B]} vectors
 *   multiplied by the sparse {@code A^T} with {@link SpMM} (the Vector API's inner loop over the B sources);
 *   work {@code steps * E * B} per block whatever the balls, so it wins once the balls cover much of the graph.
 *   The propagated vectors are float32 (relative error about 1e-6, below the output's rounding), the sums float64.
 * </ul>
 * On a symmetric A both use reversibility, {@code d_u P^m_uv = d_v P^m_vu}:
 * {@code P^(a+b)_ss = sum_v x_a(v) x_b(v) d_s / d_v}, so {@code ceil(K / 2)} steps suffice; otherwise K steps
 * and {@code P^k_ss = x_k(s)}.
 */
final class ReturnProbabilities {
    /** Sources per task (and per dense block). */
    static final int BLOCK = 64;
    /** Rows per task of the dense kernel's column sums (fixed, so the sums do not depend on the threads). */
    private static final int CHUNK = 2048;

    private ReturnProbabilities() {
    }

    /** @return the propagation steps: {@code ceil(K / 2)} on a symmetric graph, K otherwise */
    static int steps(PeGraph g, int walkLength) {
        return g.symmetric ? (walkLength + 1) / 2 : walkLength;
    }

    /** One thread's sparse propagation over each source's ball. */
    static final class Ball implements Parallel.Worker {
        private final PeGraph g;
        private final int k;
        private final float[] out;
        private final AtomicLong work;
        private double[] cur;
        private double[] next;
        private int[] curList;
        private int[] nextList;
        private final boolean[] inNext;
        private final double[] sums;
        private long visits;

        Ball(PeGraph g, int walkLength, float[] out, AtomicLong work) {
            this.g = g;
            this.k = walkLength;
            this.out = out;
            this.work = work;
            cur = new double[g.n];
            next = new double[g.n];
            curList = new int[g.n];
            nextList = new int[g.n];
            inNext = new boolean[g.n];
            sums = new double[walkLength + 1];
        }

        @Override
        public void run(int from, int to) {
            visits = 0;
            for (int s = from; s < to; s++) {
                if (g.degree[s] > 0) {
                    if (g.symmetric) {
                        reversible(s);
                    } else {
                        directed(s);
                    }
                    for (int j = 1; j <= k; j++) {
                        out[s * k + j - 1] = (float) sums[j];
                    }
                }
            }
            work.addAndGet(visits);
        }

        /** x_m+1 = x_m D^-1 A over the support in curList; returns the size of the new support. */
        private int step(int curSize) {
            final int[] rowPtr = g.rowPtr;
            final int[] col = g.col;
            final double[] w = g.weight;
            final double[] deg = g.degree;
            final double[] nx = next;
            final boolean[] mark = inNext;
            final int[] list = nextList;
            int size = 0;
            long edges = 0;
            for (int i = 0; i < curSize; i++) {
                int u = curList[i];
                double du = deg[u];
                if (du == 0) {
                    continue; // no out-edge: the walk stops here
                }
                double f = cur[u] / du;
                int s = rowPtr[u];
                int e = rowPtr[u + 1];
                edges += e - s;
                for (int j = s; j < e; j++) {
                    int v = col[j];
                    if (!mark[v]) {
                        mark[v] = true;
                        list[size++] = v;
                    }
                    nx[v] += w == null ? f : f * w[j];
                }
            }
            visits += edges;
            return size;
        }

        /** Clears x_m and makes x_m+1 the current vector. */
        private void advance(int curSize, int nextSize) {
            for (int i = 0; i < curSize; i++) {
                cur[curList[i]] = 0;
            }
            for (int i = 0; i < nextSize; i++) {
                inNext[nextList[i]] = false;
            }
            double[] t = cur;
            cur = next;
            next = t;
            int[] tl = curList;
            curList = nextList;
            nextList = tl;
        }

        private void reversible(int s) {
            final double[] deg = g.degree;
            double ds = deg[s];
            cur[s] = 1;
            curList[0] = s;
            int curSize = 1;
            int steps = (k + 1) / 2;
            for (int m = 0; m < steps; m++) {
                int nextSize = step(curSize);
                if (2 * m + 1 <= k) {
                    double acc = 0;
                    for (int i = 0; i < curSize; i++) {
                        int v = curList[i];
                        if (deg[v] > 0) {
                            acc += cur[v] * next[v] / deg[v];
                        }
                    }
                    sums[2 * m + 1] = acc * ds;
                }
                if (2 * m + 2 <= k) {
                    double acc = 0;
                    for (int i = 0; i < nextSize; i++) {
                        int v = nextList[i];
                        if (deg[v] > 0) {
                            double x = next[v];
                            acc += x * x / deg[v];
                        }
                    }
                    sums[2 * m + 2] = acc * ds;
                }
                advance(curSize, nextSize);
                curSize = nextSize;
            }
            for (int i = 0; i < curSize; i++) {
                cur[curList[i]] = 0;
            }
        }

        private void directed(int s) {
            cur[s] = 1;
            curList[0] = s;
            int curSize = 1;
            for (int m = 1; m <= k; m++) {
                int nextSize = step(curSize);
                sums[m] = next[s];
                advance(curSize, nextSize);
                curSize = nextSize;
            }
            for (int i = 0; i < curSize; i++) {
                cur[curList[i]] = 0;
            }
        }
    }

    /**
     * The dense kernel over all sources, block by block: {@code XS = X D^-1} as node-major float32 [N, b], one
     * step {@code X_m+1 = A^T XS_m} by {@link SpMM} (vectorized, multi-threaded, deterministic; A itself on a
     * symmetric graph), then per source column the reversible sums in float64 over fixed row chunks.
     *
     * @return multiply-adds done
     */
    static long dense(PeGraph g, int walkLength, float[] out, int threads) {
        int n = g.n;
        int k = walkLength;
        int steps = steps(g, k);
        float[] invDeg = new float[n];
        for (int v = 0; v < n; v++) {
            invDeg[v] = g.degree[v] > 0 ? (float) (1 / g.degree[v]) : 0f;
        }
        int chunks = (n + CHUNK - 1) / CHUNK;
        float[] xs = new float[n * Math.min(BLOCK, n)];
        float[] y = new float[xs.length];
        double[][] odd = new double[chunks][BLOCK];
        double[][] even = new double[chunks][BLOCK];
        try (SpMM spmm = SpMM.builder().setGraph(g.toCsrGraph()).optThreads(threads).build();
                Pool pool = new Pool(threads, "rw-pe")) {
            for (int from = 0; from < n; from += BLOCK) {
                int b = Math.min(BLOCK, n - from);
                int first = from;
                Arrays.fill(xs, 0, n * b, 0f);
                for (int j = 0; j < b; j++) {
                    xs[(from + j) * b + j] = invDeg[from + j];
                }
                for (int m = 0; m < steps; m++) {
                    if (g.symmetric) {
                        spmm.multiply(xs, b, y);
                    } else {
                        spmm.multiplyTransposed(xs, b, y);
                    }
                    // y = x_m+1; sums of x_m x_m+1 / d and x_m+1^2 / d per column; then xs <- y / d.
                    pool.forEach(chunks, ch -> {
                        double[] o = odd[ch];
                        double[] e = even[ch];
                        Arrays.fill(o, 0);
                        Arrays.fill(e, 0);
                        int hi = Math.min(n, (ch + 1) * CHUNK);
                        for (int v = ch * CHUNK; v < hi; v++) {
                            int vb = v * b;
                            float id = invDeg[v];
                            for (int j = 0; j < b; j++) {
                                float yv = y[vb + j];
                                float ys = yv * id;
                                o[j] += (double) xs[vb + j] * yv;
                                e[j] += (double) yv * ys;
                                xs[vb + j] = ys;
                            }
                        }
                    });
                    for (int j = 0; j < b; j++) {
                        int s = first + j;
                        if (!(g.degree[s] > 0)) {
                            continue;
                        }
                        if (!g.symmetric) {
                            out[s * k + m] = y[s * b + j];
                            continue;
                        }
                        double so = 0;
                        double se = 0;
                        for (int ch = 0; ch < chunks; ch++) {
                            so += odd[ch][j];
                            se += even[ch][j];
                        }
                        if (2 * m + 1 <= k) {
                            out[s * k + 2 * m] = (float) (so * g.degree[s]);
                        }
                        if (2 * m + 2 <= k) {
                            out[s * k + 2 * m + 1] = (float) (se * g.degree[s]);
                        }
                    }
                }
            }
        }
        return (long) steps * g.numEdges() * n;
    }
}
