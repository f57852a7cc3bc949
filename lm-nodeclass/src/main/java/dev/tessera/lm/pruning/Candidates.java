package dev.tessera.lm.pruning;

import java.util.Arrays;

/**
 * Each node's candidate classes: the top-m classes by probability, most probable first, ties broken by the smaller
 * class id. Shapes: probabilities [N, C] row-major; {@link #classes(int)} [m].
 */
public final class Candidates {
    private final int numNodes;
    private final int numClasses;
    private final int m;
    private final int[] classes;

    private Candidates(int numNodes, int numClasses, int m, int[] classes) {
        this.numNodes = numNodes;
        this.numClasses = numClasses;
        this.m = m;
        this.classes = classes;
    }

    /**
     * @param probabilities [N, C] row-major (any scores: only their order matters)
     * @param numClasses C
     * @param m classes kept per node, 1..C
     * @return the top-m classes of every node
     */
    public static Candidates topM(float[] probabilities, int numClasses, int m) {
        if (numClasses < 1 || probabilities.length % numClasses != 0) {
            throw new IllegalArgumentException(probabilities.length + " scores do not make rows of " + numClasses);
        }
        if (m < 1 || m > numClasses) {
            throw new IllegalArgumentException("m must be in [1, " + numClasses + "], got " + m);
        }
        int n = probabilities.length / numClasses;
        int[] out = new int[n * m];
        Integer[] order = new Integer[numClasses];
        for (int v = 0; v < n; v++) {
            int row = v * numClasses;
            for (int c = 0; c < numClasses; c++) {
                order[c] = c;
            }
            Arrays.sort(order, (a, b) -> {
                int byScore = Float.compare(probabilities[row + b], probabilities[row + a]);
                return byScore != 0 ? byScore : Integer.compare(a, b);
            });
            for (int j = 0; j < m; j++) {
                out[v * m + j] = order[j];
            }
        }
        return new Candidates(n, numClasses, m, out);
    }

    /**
     * No pruning: every class is a candidate of every node, in class order.
     *
     * @param numNodes N
     * @param numClasses C
     * @return candidates with m = C
     */
    public static Candidates all(int numNodes, int numClasses) {
        int[] out = new int[numNodes * numClasses];
        for (int v = 0; v < numNodes; v++) {
            for (int c = 0; c < numClasses; c++) {
                out[v * numClasses + c] = c;
            }
        }
        return new Candidates(numNodes, numClasses, numClasses, out);
    }

    /** @return N */
    public int numNodes() {
        return numNodes;
    }

    /** @return C */
    public int numClasses() {
        return numClasses;
    }

    /** @return m, the candidates per node */
    public int m() {
        return m;
    }

    /**
     * @param node a node
     * @return its m candidate classes, most probable first (a copy)
     */
    public int[] classes(int node) {
        return Arrays.copyOfRange(classes, node * m, node * m + m);
    }

    /**
     * @param node a node
     * @param c a class
     * @return whether c is among the node's candidates
     */
    public boolean contains(int node, int c) {
        for (int j = 0; j < m; j++) {
            if (classes[node * m + j] == c) {
                return true;
            }
        }
        return false;
    }

    /**
     * Candidate recall: the fraction of the given nodes whose true class survives pruning.
     *
     * @param nodes the evaluated nodes (e.g. the test split)
     * @param labels [N], every node's class (only the evaluated nodes' entries are read)
     * @return recall in [0, 1]; NaN for no nodes
     */
    public double recall(int[] nodes, int[] labels) {
        if (nodes.length == 0) {
            return Double.NaN;
        }
        int hit = 0;
        for (int v : nodes) {
            if (contains(v, labels[v])) {
                hit++;
            }
        }
        return (double) hit / nodes.length;
    }
}
