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
