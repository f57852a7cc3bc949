package dev.tessera.transforms;

import dev.tessera.graph.CsrGraph;
import dev.tessera.graph.GraphDataset;

/** Removes every edge (v, v) (PyG's {@code RemoveSelfLoops}); other edges keep their order and weights. O(N + E). */
public final class RemoveSelfLoops implements Transform {
    /** The transform. */
    public RemoveSelfLoops() {
    }

    /**
     * @param p parameters: none
     * @return the transform
     */
    public static RemoveSelfLoops fromParams(TransformParams p) {
        return new RemoveSelfLoops();
    }

    @Override
    public GraphDataset apply(GraphDataset dataset) {
        return derive(dataset).setGraph(removeSelfLoops(dataset.graph())).build();
    }

    @Override
    public String describe() {
        return "remove-self-loops";
    }

    /**
     * @param g a graph
     * @return {@code g} without self-loops ({@code g} itself when it has none)
     */
    public static CsrGraph removeSelfLoops(CsrGraph g) {
        long loops = g.countSelfLoops();
        if (loops == 0) {
            return g;
        }
        int n = g.numNodes();
        long[] ptr = new long[n + 1];
        int[] cols = new int[CsrOps.arraySize(g.numEdges() - loops)];
        float[] ws = g.isWeighted() ? new float[cols.length] : null;
        int p = 0;
        for (int v = 0; v < n; v++) {
            long end = g.rowEnd(v);
            for (long e = g.rowStart(v); e < end; e++) {
                int t = g.target(e);
                if (t != v) {
                    cols[p] = t;
                    if (ws != null) {
                        ws[p] = g.weight(e);
                    }
                    p++;
                }
            }
            ptr[v + 1] = p;
        }
        return CsrGraph.of(ptr, cols, ws);
    }
}
