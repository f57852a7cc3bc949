package dev.tessera.sparse;

import dev.tessera.TesseraException;
import dev.tessera.graph.CsrGraph;

/**
 * The degree vectors of the symmetric GCN normalization (Kipf &amp; Welling 2017), for {@link SpMM} to apply on
 * the fly:
 *
 * <pre>  Â = D<sup>-1/2</sup> (A + L) D<sup>-1/2</sup>,   Â[u, v] = s(u) · (A + L)[u, v] · s(v),   s(v) = deg(v)<sup>-1/2</sup>
 *  deg(v) = sum over u of (A + L)[u, v]   (weights entering v)</pre>
 *
 * where L is diagonal: {@code fill} for every node without a stored self-loop when self-loops are added, 0
 * otherwise. This is exactly what {@link dev.tessera.transforms.GcnNorm} materializes (PyG's {@code gcn_norm}):
 * existing loops keep their weight, a node of degree &le; 0 gets factor 0. Degrees are summed in double
 * precision and stored as float32.
 *
 * <p>Shapes: {@link #invSqrtDegree()} [N]; {@link #addedLoops()} [N] (the diagonal of L) or {@code null} when no
 * loop is added. O(N + E) time, 8·N bytes.
 */
public final class GcnNormalization {
    private final float[] invSqrtDegree;
    private final float[] addedLoops;

    private GcnNormalization(float[] invSqrtDegree, float[] addedLoops) {
        this.invSqrtDegree = invSqrtDegree;
        this.addedLoops = addedLoops;
    }

    /**
     * @param g the graph A
     * @return the normalization with a self-loop of weight 1 added to every node without one (PyG's default)
     */
    public static GcnNormalization of(CsrGraph g) {
        return of(g, true, 1f);
    }

    /**
     * @param g the graph A [N, N]; edge weights are used when present, 1 otherwise
     * @param addSelfLoops whether L adds a loop of weight {@code fill} to each node without one
     * @param fill the added loops' weight (2 is "improved" GCN)
     * @return the degree vectors
     * @throws TesseraException when {@code fill} is not finite
     */
    public static GcnNormalization of(CsrGraph g, boolean addSelfLoops, float fill) {
        if (!Float.isFinite(fill)) {
            throw new TesseraException("gcn normalization: fill " + fill + " is not finite");
        }
        int n = g.numNodes();
        double[] deg = new double[n];
        float[] loops = addSelfLoops ? new float[n] : null;
        if (loops != null) {
            java.util.Arrays.fill(loops, fill);
        }
        int[] cols = g.columnArray();
        float[] ws = g.weightArray();
        long[] rp = g.rowPointers();
        for (int u = 0; u < n; u++) {
            int end = (int) rp[u + 1];
            for (int e = (int) rp[u]; e < end; e++) {
                int v = cols[e];
                deg[v] += ws == null ? 1 : ws[e];
                if (v == u && loops != null) {
                    loops[u] = 0; // a stored loop keeps its own weight; none is added
                }
            }
        }
        float[] inv = new float[n];
        for (int v = 0; v < n; v++) {
            double d = deg[v] + (loops == null ? 0 : loops[v]);
            inv[v] = d > 0 ? (float) (1 / Math.sqrt(d)) : 0f;
        }
        return new GcnNormalization(inv, loops);
    }

    /** @return N */
    public int numNodes() {
        return invSqrtDegree.length;
    }

    /** @return s = deg<sup>-1/2</sup> [N] (0 where deg &le; 0); shared, do not modify */
    public float[] invSqrtDegree() {
        return invSqrtDegree;
    }

    /** @return the diagonal of L [N] (weight of the loop added to each node, 0 where it has one), or {@code null} */
    public float[] addedLoops() {
        return addedLoops;
    }
}
