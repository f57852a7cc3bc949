package dev.tessera.transforms;

import dev.tessera.graph.CsrGraph;
import dev.tessera.graph.GraphDataset;
import java.util.List;
import java.util.Locale;

/**
 * Makes the graph undirected: (v, u) is stored whenever (u, v) is, each pair once (PyG's {@code ToUndirected}).
 *
 * <p>Weights: every stored edge u&rarr;v or v&rarr;u contributes its weight to the unordered pair {u, v}, and
 * both directions get the {@link Reduce reduction} of those contributions; a self-loop's contributions are its
 * own stored copies. The default, {@link Reduce#MEAN}, leaves an already symmetric graph unchanged (so the
 * transform is idempotent) and gives a one-way edge its own weight in both directions. PyG reduces with
 * {@code add}, which doubles the weights of a graph that is already symmetric; choose {@link Reduce#SUM} for
 * that. An unweighted graph stays unweighted.
 *
 * <p>Cost: one transposition and one merge of each row with its transposed row, O(N + E).
 */
public final class ToUndirected implements Transform {
    /** How the weights of the two directions of a pair (and of repeated edges) are merged. */
    public enum Reduce {
        /** Arithmetic mean of the contributions. */
        MEAN,
        /** Sum of the contributions (PyG's {@code reduce="add"}). */
        SUM,
        /** Largest contribution. */
        MAX,
        /** Smallest contribution. */
        MIN;

        /** @return the name used in transform strings, lower-case */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Reduce reduce;

    /** Merges the weights of a pair by their mean. */
    public ToUndirected() {
        this(Reduce.MEAN);
    }

    /** @param reduce how the weights of a pair are merged */
    public ToUndirected(Reduce reduce) {
        this.reduce = java.util.Objects.requireNonNull(reduce, "reduce");
    }

    /**
     * @param p parameters: {@code reduce} = {@code mean} (default), {@code sum}, {@code max} or {@code min}
     * @return the transform
     */
    public static ToUndirected fromParams(TransformParams p) {
        String r = p.choice("reduce", "mean", List.of("mean", "sum", "max", "min"));
        return new ToUndirected(Reduce.valueOf(r.toUpperCase(Locale.ROOT)));
    }

    @Override
    public GraphDataset apply(GraphDataset dataset) {
        return derive(dataset).setGraph(toUndirected(dataset.graph(), reduce)).build();
    }

    @Override
    public String describe() {
        return "to-undirected(reduce=" + reduce.id() + ")";
    }

    /**
     * @param g a graph
     * @return its undirected version, pair weights merged by their mean
     */
    public static CsrGraph toUndirected(CsrGraph g) {
        return toUndirected(g, Reduce.MEAN);
    }

    /**
     * @param g a graph
     * @param reduce how the weights of a pair are merged
     * @return the graph with every reverse edge added, one edge per (source, target) pair, rows sorted
     */
    public static CsrGraph toUndirected(CsrGraph g, Reduce reduce) {
        CsrGraph out = CsrOps.sortRows(g);
        CsrGraph in = CsrOps.transpose(out);
        int n = g.numNodes();
        long[] ptr = new long[n + 1];
        for (int v = 0; v < n; v++) {
            ptr[v + 1] = ptr[v] + merge(v, out, in, reduce, null, null, 0);
        }
        int[] cols = new int[CsrOps.arraySize(ptr[n])];
        float[] ws = g.isWeighted() ? new float[cols.length] : null;
        for (int v = 0; v < n; v++) {
            merge(v, out, in, reduce, cols, ws, (int) ptr[v]);
        }
        return CsrGraph.of(ptr, cols, ws);
    }

    /**
     * Merges row v of the graph with row v of its transpose (both sorted). Counts only when {@code cols} is null.
     *
     * @return the number of distinct targets
     */
    private static int merge(int v, CsrGraph out, CsrGraph in, Reduce reduce, int[] cols, float[] ws, int at) {
        long i = out.rowStart(v);
        long ie = out.rowEnd(v);
        long j = in.rowStart(v);
        long je = in.rowEnd(v);
        boolean weighted = ws != null;
        int written = 0;
        while (i < ie || j < je) {
            int ti = i < ie ? out.target(i) : Integer.MAX_VALUE;
            int tj = j < je ? in.target(j) : Integer.MAX_VALUE;
            int t = Math.min(ti, tj);
            double sum = 0;
            double max = Double.NEGATIVE_INFINITY;
            double min = Double.POSITIVE_INFINITY;
            int count = 0;
            for (; i < ie && out.target(i) == t; i++) {
                if (weighted) {
                    float w = out.weight(i);
                    sum += w;
                    max = Math.max(max, w);
                    min = Math.min(min, w);
                    count++;
                }
            }
            for (; j < je && in.target(j) == t; j++) {
                // A self-loop appears in both rows; count its stored copies once.
                if (weighted && t != v) {
                    float w = in.weight(j);
                    sum += w;
                    max = Math.max(max, w);
                    min = Math.min(min, w);
                    count++;
                }
            }
            if (cols != null) {
                cols[at + written] = t;
                if (weighted) {
                    ws[at + written] = (float) switch (reduce) {
                        case MEAN -> sum / count;
                        case SUM -> sum;
                        case MAX -> max;
                        case MIN -> min;
                    };
                }
            }
            written++;
        }
        return written;
    }
}
