package dev.tessera.ppr;

import dev.tessera.graph.CsrBuilder;
import dev.tessera.graph.CsrGraph;
import java.util.Random;

/** Small graphs for the PPR tests. */
final class PprGraphs {
    private PprGraphs() {
    }

    static CsrGraph of(int n, int... edges) {
        int[] src = new int[edges.length / 2];
        int[] dst = new int[edges.length / 2];
        for (int i = 0; i < src.length; i++) {
            src[i] = edges[2 * i];
            dst[i] = edges[2 * i + 1];
        }
        return CsrBuilder.fromEdges(n, src, dst, null, CsrBuilder.Duplicates.DROP);
    }

    /**
     * A random graph: {@code m} random pairs without self-loops, both directions stored when {@code undirected};
     * the last {@code isolated} nodes get no edge at all.
     */
    static CsrGraph random(int n, int m, boolean undirected, int isolated, long seed) {
        Random rnd = new Random(seed);
        int reach = n - isolated;
        int k = undirected ? 2 * m : m;
        int[] src = new int[k];
        int[] dst = new int[k];
        for (int i = 0; i < m; i++) {
            int a = rnd.nextInt(reach);
            int b = rnd.nextInt(reach - 1);
            b = b >= a ? b + 1 : b;
            src[i] = a;
            dst[i] = b;
            if (undirected) {
                src[m + i] = b;
                dst[m + i] = a;
            }
        }
        return CsrBuilder.fromEdges(n, src, dst, null, CsrBuilder.Duplicates.DROP);
    }
}
