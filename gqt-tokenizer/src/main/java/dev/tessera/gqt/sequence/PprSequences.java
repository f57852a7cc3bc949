package dev.tessera.gqt.sequence;

import dev.tessera.graph.CsrGraph;
import dev.tessera.ppr.PersonalizedPageRank;
import dev.tessera.ppr.PprResult;

/**
 * Each node's sequence for the GQT classifier (Wang et al., "Learning Graph Quantized Tokenizers", ICLR 2025): the
 * node itself, then its top-k personalized-PageRank neighbours, strongest first (equal weights: smaller id first),
 * with their PPR weights; S = k + 1 positions per node.
 *
 * <p>Row i, position j is at {@code i * S + j}. Position 0 is node i with weight {@code pi_i(i)}; positions
 * 1..k are the neighbours other than i. A node with fewer than k neighbours of positive PPR weight is padded at
 * the end: {@link #mask()} is false there, the node id repeats the row's own node (a valid index, so a gather
 * never fails, but the content must not matter: consumers mask it) and the weight is 0. Unlike the reference
 * code, which sorts neighbours weakest-first and pads with -1 (silently the last node), the order here is
 * strongest-first and the padding is explicit.
 *
 * <p>Weights come from graph-io's forward push ({@link PersonalizedPageRank}) with the source as a candidate:
 * computed with top-(k+1), the source is removed from its own list; its weight is the push estimate of
 * {@code pi_i(i)}, at least alpha. If the source is not among its k+1 strongest (possible only when k+1 other
 * nodes each hold more than alpha, i.e. k &lt; 1/alpha), position 0 gets weight alpha, a lower bound of
 * {@code pi_i(i)}, and the (k+1)-th neighbour is dropped.
 *
 * @param numNodes N
 * @param length S = k + 1
 * @param nodes int [N * S], node ids
 * @param weights float [N * S], PPR weights, 0 where padded
 * @param mask boolean [N * S], true at real positions
 */
public record PprSequences(int numNodes, int length, int[] nodes, float[] weights, boolean[] mask) {
    /** The reference code's number of neighbours per node. */
    public static final int DEFAULT_NEIGHBORS = 30;
    /** The reference code's teleport probability (PyG's {@code get_ppr} default). */
    public static final double DEFAULT_ALPHA = 0.2;
    /** The push tolerance (the reference code's and graph-io's default). */
    public static final double DEFAULT_EPSILON = PersonalizedPageRank.DEFAULT_EPSILON;

    public PprSequences {
        long size = (long) numNodes * length;
        if (length < 1 || nodes.length != size || weights.length != size || mask.length != size) {
            throw new IllegalArgumentException("sequences of " + numNodes + " x " + length + " need arrays of " + size);
        }
    }

    /**
     * Sequences with the default alpha and tolerance.
     *
     * @param graph the graph (edge weights ignored)
     * @param neighbors k, at least 1
     * @return one sequence per node
     */
    public static PprSequences compute(CsrGraph graph, int neighbors) {
        return compute(graph, neighbors, DEFAULT_ALPHA, DEFAULT_EPSILON);
    }

    /**
     * @param graph the graph (edge weights ignored)
     * @param neighbors k, at least 1
     * @param alpha teleport probability in (0, 1)
     * @param epsilon push tolerance, positive
     * @return one sequence per node
     */
    public static PprSequences compute(CsrGraph graph, int neighbors, double alpha, double epsilon) {
        if (neighbors < 1) {
            throw new IllegalArgumentException("neighbours per node must be at least 1: " + neighbors);
        }
        PprResult ppr = PersonalizedPageRank.builder().setAlpha(alpha).optEpsilon(epsilon).optTopK(neighbors + 1)
                .optIncludeSelf(true).build().compute(graph);
        int n = graph.numNodes();
        int s = neighbors + 1;
        int[] nodes = new int[n * s];
        float[] weights = new float[n * s];
        boolean[] mask = new boolean[n * s];
        for (int i = 0; i < n; i++) {
            int row = i * s;
            nodes[row] = i;
            weights[row] = (float) alpha;
            mask[row] = true;
            int j = 1;
            for (int r = 0; r <= neighbors; r++) {
                int v = ppr.neighbor(i, r);
                if (v < 0) {
                    break; // -1 marks the end of the push's candidates
                }
                if (v == i) {
                    weights[row] = ppr.weight(i, r);
                } else if (j < s) {
                    nodes[row + j] = v;
                    weights[row + j] = ppr.weight(i, r);
                    mask[row + j] = true;
                    j++;
                }
            }
            for (; j < s; j++) {
                nodes[row + j] = i;
            }
        }
        return new PprSequences(n, s, nodes, weights, mask);
    }

    /** @return k, the neighbours per node */
    public int neighbors() {
        return length - 1;
    }

    /**
     * @param node a node
     * @param position a position in [0, S)
     * @return the node at that position of the node's sequence
     */
    public int node(int node, int position) {
        return nodes[node * length + position];
    }

    /**
     * @param node a node
     * @param position a position in [0, S)
     * @return the PPR weight there, 0 where padded
     */
    public float weight(int node, int position) {
        return weights[node * length + position];
    }

    /**
     * @param node a node
     * @param position a position in [0, S)
     * @return whether that position is real (not padding)
     */
    public boolean real(int node, int position) {
        return mask[node * length + position];
    }

    /** @return the number of real positions of a node's sequence */
    public int realLength(int node) {
        int c = 0;
        for (int j = 0; j < length; j++) {
            c += mask[node * length + j] ? 1 : 0;
        }
        return c;
    }
}
