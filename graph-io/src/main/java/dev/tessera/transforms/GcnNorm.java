package dev.tessera.transforms;

import dev.tessera.TesseraException;
import dev.tessera.graph.CsrGraph;
import dev.tessera.sparse.GcnNormalization;
import dev.tessera.graph.GraphDataset;
import java.lang.foreign.MemorySegment;

/**
 * Symmetric GCN normalization (Kipf &amp; Welling 2017; PyG's {@code gcn_norm} and {@code GCNNorm}): first, when
 * enabled, a self-loop of weight {@code fill} for every node without one (as
 * {@link AddSelfLoops#addRemainingSelfLoops}; PyG's {@code add_self_loops=True}, {@code fill=2} is "improved"
 * GCN); then every edge weight becomes
 *
 * <pre>  w'(u, v) = w(u, v) / sqrt(deg(u) * deg(v)),   deg(v) = sum of w(x, v) over edges x &rarr; v</pre>
 *
 * with weights 1 on an unweighted graph. As in PyG the degree sums the weights of edges <em>entering</em> a node
 * (equal to the out-degree on an undirected graph). A node of degree 0 contributes factor 0 instead of
 * dividing by zero (PyG masks the infinity the same way); a negative degree (negative weights) is treated as 0
 * too. The result is always weighted and shares the row pointers and columns of the (loop-added) graph. Sums are
 * in double precision. O(N + E).
 */
public final class GcnNorm implements Transform {
    private final boolean addSelfLoops;
    private final float fill;

    /** Adds remaining self-loops of weight 1, then normalizes (PyG's default). */
    public GcnNorm() {
        this(true, 1f);
    }

    /**
     * @param addSelfLoops whether to add a loop to each node without one first
     * @param fill the added loops' weight (finite)
     */
    public GcnNorm(boolean addSelfLoops, float fill) {
        if (!Float.isFinite(fill)) {
            throw new TesseraException("transform gcn-norm: fill " + fill + " is not finite");
        }
        this.addSelfLoops = addSelfLoops;
        this.fill = fill;
    }

    /**
     * @param p parameters: {@code add-self-loops} (default true), {@code fill} (default 1.0)
     * @return the transform
     */
    public static GcnNorm fromParams(TransformParams p) {
        return new GcnNorm(p.booleanValue("add-self-loops", true), p.floatValue("fill", 1f));
    }

    @Override
    public GraphDataset apply(GraphDataset dataset) {
        return derive(dataset).setGraph(gcnNorm(dataset.graph(), addSelfLoops, fill)).build();
    }

    @Override
    public String describe() {
        return "gcn-norm(add-self-loops=" + addSelfLoops + ", fill=" + fill + ")";
    }

    /**
     * @param g a graph
     * @return {@code gcnNorm(g, true, 1)}
     */
    public static CsrGraph gcnNorm(CsrGraph g) {
        return gcnNorm(g, true, 1f);
    }

    /**
     * @param g a graph
     * @param addSelfLoops whether to add a loop of weight {@code fill} to each node without one first
     * @param fill the added loops' weight
     * @return the normalized, weighted graph
     */
    public static CsrGraph gcnNorm(CsrGraph g, boolean addSelfLoops, float fill) {
        // One definition of the degrees, shared with the fused SpMM path: in-degrees of A + L.
        float[] inv = GcnNormalization.of(g, addSelfLoops, fill).invSqrtDegree();
        CsrGraph s = addSelfLoops ? AddSelfLoops.addRemainingSelfLoops(g, fill) : g;
        int n = s.numNodes();
        long e = s.numEdges();
        float[] ws = new float[CsrOps.arraySize(e)];
        for (int u = 0; u < n; u++) {
            long end = s.rowEnd(u);
            for (long i = s.rowStart(u); i < end; i++) {
                ws[(int) i] = (float) ((double) inv[u] * s.weight(i) * inv[s.target(i)]);
            }
        }
        return CsrGraph.of(s.rowPointers(), s.columnSegment(), MemorySegment.ofArray(ws));
    }
}
