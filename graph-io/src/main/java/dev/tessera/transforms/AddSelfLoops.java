package dev.tessera.transforms;

import dev.tessera.TesseraException;
import dev.tessera.graph.CsrGraph;
import dev.tessera.graph.GraphDataset;

/**
 * Adds a self-loop (v, v) with a fill weight to every node that has none; nodes that already have a self-loop
 * keep it and its weight. This is PyG's {@code add_remaining_self_loops} (PyG's {@code AddSelfLoops} transform
 * adds a loop to every node, duplicating existing ones; a CSR of distinct pairs cannot hold those).
 *
 * <p>The graph becomes weighted when the fill weight is not 1 (existing edges then weigh 1); an unweighted graph
 * with fill 1 stays unweighted. Rows stay sorted: the loop is inserted at its place. O(N + E).
 */
public final class AddSelfLoops implements Transform {
    private final float weight;

    /** Adds loops of weight 1. */
    public AddSelfLoops() {
        this(1f);
    }

    /** @param weight the fill weight of each added loop; finite */
    public AddSelfLoops(float weight) {
        if (!Float.isFinite(weight)) {
            throw new TesseraException("transform add-self-loops: weight " + weight + " is not finite");
        }
        this.weight = weight;
    }

    /**
     * @param p parameters: {@code weight} (default 1.0)
     * @return the transform
     */
    public static AddSelfLoops fromParams(TransformParams p) {
        return new AddSelfLoops(p.floatValue("weight", 1f));
    }

    @Override
    public GraphDataset apply(GraphDataset dataset) {
        return derive(dataset).setGraph(addRemainingSelfLoops(dataset.graph(), weight)).build();
    }

    @Override
    public String describe() {
        return "add-self-loops(weight=" + weight + ")";
    }

    /**
     * @param g a graph
     * @param fill the weight of each added loop
     * @return {@code g} with (v, v, fill) added for every node v without a self-loop; rows sorted
     */
    public static CsrGraph addRemainingSelfLoops(CsrGraph g, float fill) {
        CsrGraph s = CsrOps.sortRows(g);
        int n = s.numNodes();
        long[] ptr = new long[n + 1];
        boolean[] has = new boolean[n];
        for (int v = 0; v < n; v++) {
            long end = s.rowEnd(v);
            for (long e = s.rowStart(v); e < end; e++) {
                if (s.target(e) == v) {
                    has[v] = true;
                    break;
                }
            }
            ptr[v + 1] = ptr[v] + s.degree(v) + (has[v] ? 0 : 1);
        }
        int[] cols = new int[CsrOps.arraySize(ptr[n])];
        boolean weighted = s.isWeighted() || fill != 1f;
        float[] ws = weighted ? new float[cols.length] : null;
        for (int v = 0; v < n; v++) {
            int p = (int) ptr[v];
            boolean pending = !has[v];
            long end = s.rowEnd(v);
            for (long e = s.rowStart(v); e < end; e++) {
                int t = s.target(e);
                if (pending && t > v) {
                    cols[p] = v;
                    if (weighted) {
                        ws[p] = fill;
                    }
                    p++;
                    pending = false;
                }
                cols[p] = t;
                if (weighted) {
                    ws[p] = s.weight(e);
                }
                p++;
            }
            if (pending) {
                cols[p] = v;
                if (weighted) {
                    ws[p] = fill;
                }
            }
        }
        return CsrGraph.of(ptr, cols, ws);
    }
}
