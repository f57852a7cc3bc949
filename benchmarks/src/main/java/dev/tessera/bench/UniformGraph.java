package dev.tessera.bench;

import dev.tessera.graph.CsrBuilder;
import dev.tessera.graph.CsrGraph;
import java.util.SplittableRandom;

/**
 * The random graph of the SpMM benchmarks, as in {@code ../shared/peers/spmm.py}'s {@code random} case: E
 * (source, target) pairs drawn uniformly from [0, N)², self-loops allowed, repeated pairs summed into one entry
 * (so slightly fewer than E stored edges), weights U(0, 1) float32. Deterministic given the seed (Java's
 * {@link SplittableRandom}, so not the same draws as numpy's).
 */
public final class UniformGraph {
    private UniformGraph() {
    }

    /**
     * @param nodes N
     * @param pairs E, the number of pairs drawn
     * @param seed random seed
     * @return the weighted graph, rows sorted, duplicates summed
     */
    public static CsrGraph generate(int nodes, int pairs, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] src = new int[pairs];
        int[] dst = new int[pairs];
        float[] w = new float[pairs];
        for (int i = 0; i < pairs; i++) {
            src[i] = r.nextInt(nodes);
            dst[i] = r.nextInt(nodes);
            w[i] = (float) r.nextDouble();
        }
        return CsrBuilder.fromEdges(nodes, src, dst, w, CsrBuilder.Duplicates.SUM);
    }

    /**
     * A uniform random undirected graph (Erdős–Rényi style with a fixed number of draws): M = ⌊N·degree/2⌋ pairs
     * {u, v} with u ≠ v drawn uniformly, each stored in both directions, unweighted; a pair drawn twice is stored
     * once, so the average degree is slightly below {@code degree} (by about degree/N relative). Deterministic
     * given the seed.
     *
     * @param nodes N &gt;= 2
     * @param degree the average degree wanted
     * @param seed random seed
     * @return the symmetric graph, rows sorted, no self-loops
     * @throws IllegalArgumentException when N &lt; 2 or 2M exceeds one Java array
     */
    public static CsrGraph undirected(int nodes, int degree, long seed) {
        if (nodes < 2 || degree < 0) {
            throw new IllegalArgumentException("need N >= 2 and degree >= 0, got " + nodes + ", " + degree);
        }
        long pairs = (long) nodes * degree / 2;
        if (2 * pairs > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(2 * pairs + " directed edges exceed one Java array");
        }
        SplittableRandom r = new SplittableRandom(seed);
        int m = (int) pairs;
        int[] src = new int[2 * m];
        int[] dst = new int[2 * m];
        for (int i = 0; i < m; i++) {
            int u = r.nextInt(nodes);
            int v = r.nextInt(nodes - 1);
            v = v >= u ? v + 1 : v; // uniform over the other N - 1 nodes
            src[2 * i] = u;
            dst[2 * i] = v;
            src[2 * i + 1] = v;
            dst[2 * i + 1] = u;
        }
        return CsrBuilder.fromEdges(nodes, src, dst, null, CsrBuilder.Duplicates.DROP);
    }

    /**
     * @param rows rows
     * @param cols columns
     * @param seed random seed
     * @return a row-major [rows, cols] matrix of U(-1, 1) entries
     */
    public static float[] matrix(int rows, int cols, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[Math.multiplyExact(rows, cols)];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (2 * r.nextDouble() - 1);
        }
        return x;
    }
}
