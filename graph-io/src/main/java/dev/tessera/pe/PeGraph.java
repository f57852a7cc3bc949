package dev.tessera.pe;

import dev.tessera.TesseraException;
import dev.tessera.graph.CsrGraph;
import java.util.Arrays;

/**
 * A graph in the form both encodings read: int row pointers, rows sorted by target with repeated edges merged
 * (weights summed, as a sparse matrix sums duplicates), optional float64 weights, the weighted degree
 * {@code d(v) = sum_u A(v, u)} and whether A is symmetric (same pattern and weights both ways).
 */
final class PeGraph {
    final int n;
    final int[] rowPtr;
    final int[] col;
    /** Edge weights [E], or {@code null}: every edge weighs 1. */
    final double[] weight;
    /** Weighted out-degree [N]; 0 for a node without (positive-weight) edges. */
    final double[] degree;
    final boolean symmetric;

    private PeGraph(int n, int[] rowPtr, int[] col, double[] weight) {
        this.n = n;
        this.rowPtr = rowPtr;
        this.col = col;
        this.weight = weight;
        this.degree = new double[n];
        for (int v = 0; v < n; v++) {
            if (weight == null) {
                degree[v] = rowPtr[v + 1] - rowPtr[v];
            } else {
                double s = 0;
                for (int e = rowPtr[v]; e < rowPtr[v + 1]; e++) {
                    s += weight[e];
                }
                degree[v] = s;
            }
        }
        this.symmetric = checkSymmetric();
    }

    /**
     * @param g the graph
     * @param useWeights whether to read the stored weights (ignored when the graph has none)
     * @param dropSelfLoops whether to leave self-loops out
     * @param who the encoding's name, for messages
     * @return the canonical form
     * @throws TesseraException on a negative or non-finite weight, or more than 2^31 - 9 edges
     */
    static PeGraph of(CsrGraph g, boolean useWeights, boolean dropSelfLoops, String who) {
        int n = g.numNodes();
        long[] rp = g.rowPointers();
        long edges = g.numEdges();
        if (edges > Integer.MAX_VALUE - 8) {
            throw new TesseraException(who + ": the graph has " + edges + " edges, more than this encoding handles (2^31 - 9)");
        }
        boolean weighted = useWeights && g.isWeighted();
        int[] srcCol = g.columnArray();
        float[] srcW = weighted ? g.weightArray() : null;
        if (srcW != null) {
            for (int v = 0; v < n; v++) {
                for (long e = rp[v]; e < rp[v + 1]; e++) {
                    float w = srcW[(int) e];
                    if (!(w >= 0) || Float.isInfinite(w)) {
                        throw new TesseraException(who + ": edge " + v + "->" + srcCol[(int) e] + " has weight " + w
                                + "; the encoding needs finite non-negative weights (or ignore them with optUseWeights(false))");
                    }
                }
            }
        }
        int[] rowPtr = new int[n + 1];
        boolean clean = true; // rows strictly ascending, and no self-loop to drop
        for (int v = 0; v < n && clean; v++) {
            for (int i = (int) rp[v]; i < (int) rp[v + 1]; i++) {
                if ((i > rp[v] && srcCol[i] <= srcCol[i - 1]) || (dropSelfLoops && srcCol[i] == v)) {
                    clean = false;
                    break;
                }
            }
        }
        if (clean) {
            for (int v = 0; v <= n; v++) {
                rowPtr[v] = (int) rp[v];
            }
            double[] w = null;
            if (srcW != null) {
                w = new double[(int) edges];
                for (int e = 0; e < w.length; e++) {
                    w[e] = srcW[e];
                }
            }
            return new PeGraph(n, rowPtr, srcCol, w);
        }
        // Sort each row by target and merge repeated edges, summing their weights (1 each when unweighted),
        // as a sparse matrix sums duplicate entries.
        int[] col = new int[(int) edges];
        double[] w = new double[(int) edges];
        boolean summed = false;
        Integer[] order = new Integer[0];
        int out = 0;
        for (int v = 0; v < n; v++) {
            int s = (int) rp[v];
            int d = (int) rp[v + 1] - s;
            if (order.length < d) {
                order = new Integer[Math.max(d, 2 * order.length)];
            }
            for (int i = 0; i < d; i++) {
                order[i] = s + i;
            }
            final int[] cols = srcCol;
            Arrays.sort(order, 0, d, (a, b) -> Integer.compare(cols[a], cols[b]));
            int rowStart = out;
            for (int i = 0; i < d; i++) {
                int idx = order[i];
                int t = srcCol[idx];
                if (dropSelfLoops && t == v) {
                    continue;
                }
                double wt = srcW == null ? 1 : srcW[idx];
                if (out > rowStart && col[out - 1] == t) {
                    w[out - 1] += wt;
                    summed = true;
                    continue;
                }
                col[out] = t;
                w[out] = wt;
                out++;
            }
            rowPtr[v + 1] = out;
        }
        col = Arrays.copyOf(col, out);
        w = srcW != null || summed ? Arrays.copyOf(w, out) : null;
        return new PeGraph(n, rowPtr, col, w);
    }

    /** @return the number of stored (merged) edges */
    int numEdges() {
        return rowPtr[n];
    }

    /** @return the graph as a {@link CsrGraph} (weights rounded to float32; none when every edge weighs 1) */
    CsrGraph toCsrGraph() {
        long[] rp = new long[n + 1];
        for (int v = 0; v <= n; v++) {
            rp[v] = rowPtr[v];
        }
        float[] w = null;
        if (weight != null) {
            w = new float[weight.length];
            for (int e = 0; e < w.length; e++) {
                w[e] = (float) weight[e];
            }
        }
        return CsrGraph.of(rp, col, w);
    }

    /** @return the weight of edge index {@code e} */
    double weight(int e) {
        return weight == null ? 1 : weight[e];
    }

    /** @return the first edge u->v with no reverse of the same weight, as "u->v", or null when A is symmetric */
    String firstAsymmetricEdge() {
        for (int u = 0; u < n; u++) {
            for (int e = rowPtr[u]; e < rowPtr[u + 1]; e++) {
                int v = col[e];
                int r = Arrays.binarySearch(col, rowPtr[v], rowPtr[v + 1], u);
                if (r < 0 || weight(r) != weight(e)) {
                    return u + "->" + v;
                }
            }
        }
        return null;
    }

    private boolean checkSymmetric() {
        return firstAsymmetricEdge() == null;
    }
}
