package dev.tessera.pe;

import dev.tessera.graph.CsrBuilder;
import dev.tessera.graph.CsrGraph;
import java.util.SplittableRandom;

/** Small and random graphs for the encoding tests, and dense references. */
final class PeGraphs {
    private PeGraphs() {
    }

    /** Undirected: each pair (a, b) of {@code edges} stored both ways (a self-loop once). */
    static CsrGraph undirected(int n, int... edges) {
        CsrBuilder b = new CsrBuilder(n);
        for (int i = 0; i < edges.length; i += 2) {
            b.addEdge(edges[i], edges[i + 1]);
            if (edges[i] != edges[i + 1]) {
                b.addEdge(edges[i + 1], edges[i]);
            }
        }
        return b.build();
    }

    /** Directed: the pairs (a, b) of {@code edges} as a -&gt; b. */
    static CsrGraph directed(int n, int... edges) {
        CsrBuilder b = new CsrBuilder(n);
        for (int i = 0; i < edges.length; i += 2) {
            b.addEdge(edges[i], edges[i + 1]);
        }
        return b.build();
    }

    static CsrGraph cycle(int n) {
        int[] e = new int[2 * n];
        for (int i = 0; i < n; i++) {
            e[2 * i] = i;
            e[2 * i + 1] = (i + 1) % n;
        }
        return undirected(n, e);
    }

    static CsrGraph path(int n) {
        int[] e = new int[2 * (n - 1)];
        for (int i = 0; i + 1 < n; i++) {
            e[2 * i] = i;
            e[2 * i + 1] = i + 1;
        }
        return undirected(n, e);
    }

    static CsrGraph complete(int n) {
        int[] e = new int[n * (n - 1)];
        int at = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                e[at++] = i;
                e[at++] = j;
            }
        }
        return undirected(n, java.util.Arrays.copyOf(e, at));
    }

    /**
     * Up to {@code pairs} distinct random pairs among the first {@code n - isolated} nodes, without self-loops; stored both ways when
     * {@code undirected}; weights U(0.5, 2) (the same both ways) when {@code weighted}.
     */
    static CsrGraph random(int n, int pairs, boolean undirected, boolean weighted, int isolated, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int reach = n - isolated;
        CsrBuilder b = new CsrBuilder(n).optDuplicates(CsrBuilder.Duplicates.DROP);
        if (weighted) {
            b.optWeighted();
        }
        java.util.Set<Long> seen = new java.util.HashSet<>();
        for (int i = 0; i < pairs; i++) {
            int u = rnd.nextInt(reach);
            int v = rnd.nextInt(reach - 1);
            v = v >= u ? v + 1 : v;
            if (!seen.add(undirected ? (long) Math.min(u, v) << 32 | Math.max(u, v) : (long) u << 32 | v)) {
                continue; // a repeated pair: keep the first, so that both directions carry the same weight
            }
            float w = (float) (0.5 + 1.5 * rnd.nextDouble());
            if (weighted) {
                b.addEdge(u, v, w);
                if (undirected) {
                    b.addEdge(v, u, w);
                }
            } else {
                b.addEdge(u, v);
                if (undirected) {
                    b.addEdge(v, u);
                }
            }
        }
        return b.build();
    }

    /** Dense adjacency [N][N] (weights summed, 1 when unweighted). */
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

    /** Reference return probabilities diag((D^-1 A)^k), k = 1..K, by dense matrix powers: [N][K]. */
    static double[][] returnProbabilities(CsrGraph g, int walkLength) {
        double[][] a = dense(g);
        int n = a.length;
        double[][] p = new double[n][n];
        for (int u = 0; u < n; u++) {
            double d = 0;
            for (double x : a[u]) {
                d += x;
            }
            for (int v = 0; v < n; v++) {
                p[u][v] = d > 0 ? a[u][v] / d : 0;
            }
        }
        double[][] power = p;
        double[][] out = new double[n][walkLength];
        for (int k = 1; k <= walkLength; k++) {
            for (int v = 0; v < n; v++) {
                out[v][k - 1] = power[v][v];
            }
            double[][] next = new double[n][n];
            for (int u = 0; u < n; u++) {
                for (int w = 0; w < n; w++) {
                    double f = power[u][w];
                    if (f != 0) {
                        for (int v = 0; v < n; v++) {
                            next[u][v] += f * p[w][v];
                        }
                    }
                }
            }
            power = next;
        }
        return out;
    }
}
