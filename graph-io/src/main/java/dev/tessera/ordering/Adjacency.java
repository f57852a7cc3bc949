package dev.tessera.ordering;

import dev.tessera.graph.CsrGraph;
import dev.tessera.transforms.RemoveSelfLoops;
import dev.tessera.transforms.ToUndirected;
import java.util.Arrays;
import java.util.function.IntPredicate;

/**
 * The symmetrized, loop-free, unweighted adjacency the structural orderings work on (A + A<sup>T</sup> without
 * the diagonal, each pair once, rows sorted), with a breadth-first search that reuses its buffers.
 * Memory: 4 (N + 1) + 4 E' bytes for the adjacency (E' the symmetrized edge count) and 8 N for the search.
 */
final class Adjacency {
    final int n;
    /** The adjacency as a graph (heap arrays shared with {@link #cols}). */
    final CsrGraph graph;
    final int[] ptr;
    final int[] cols;
    private final int[] stamp;
    private final int[] depth;
    private int run;
    private long[] keys = new long[16];

    private Adjacency(CsrGraph graph, int[] ptr, int[] cols) {
        this.graph = graph;
        this.n = graph.numNodes();
        this.ptr = ptr;
        this.cols = cols;
        this.stamp = new int[n];
        this.depth = new int[n];
    }

    /**
     * @param g a graph
     * @return its symmetrized, loop-free adjacency
     */
    static Adjacency of(CsrGraph g) {
        // Weights play no part in an ordering: drop them (zero-copy) before symmetrizing.
        CsrGraph unweighted = g.isWeighted() ? CsrGraph.of(g.rowPointers(), g.columnSegment(), null) : g;
        CsrGraph s = RemoveSelfLoops.removeSelfLoops(ToUndirected.toUndirected(unweighted));
        long[] lp = s.rowPointers();
        if (lp[s.numNodes()] > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("symmetrized graph has " + lp[s.numNodes()] + " edges, more than one Java array holds");
        }
        int[] ptr = new int[lp.length];
        for (int i = 0; i < lp.length; i++) {
            ptr[i] = (int) lp[i];
        }
        return new Adjacency(s, ptr, s.columnArray());
    }

    /** @return the number of distinct neighbours of v, v itself excluded */
    int degree(int v) {
        return ptr[v + 1] - ptr[v];
    }

    /**
     * Breadth-first search from {@code start} over the nodes {@code allowed} accepts, writing the visit order
     * into {@code out[off ..]}. Neighbours are enqueued in increasing id, or, with {@code byDegree}, in increasing
     * degree (ties by id), as Cuthill–McKee prescribes.
     *
     * @return the number of nodes visited; {@link #lastDepth()} is then the depth of the last one
     */
    int bfs(int start, int[] out, int off, IntPredicate allowed, boolean byDegree) {
        int r = ++run;
        int head = off;
        int tail = off;
        out[tail++] = start;
        stamp[start] = r;
        depth[start] = 0;
        while (head < tail) {
            int u = out[head++];
            int first = tail;
            for (int i = ptr[u]; i < ptr[u + 1]; i++) {
                int w = cols[i];
                if (stamp[w] != r && allowed.test(w)) {
                    stamp[w] = r;
                    depth[w] = depth[u] + 1;
                    out[tail++] = w;
                }
            }
            if (byDegree && tail - first > 1) {
                sortByDegree(out, first, tail);
            }
        }
        lastDepthValue = depth[out[tail - 1]];
        return tail - off;
    }

    private int lastDepthValue;

    /** @return the depth (eccentricity of the start within the searched nodes) of the last search */
    int lastDepth() {
        return lastDepthValue;
    }

    /** @return the depth of node v in the last search that reached it */
    int depth(int v) {
        return depth[v];
    }

    private void sortByDegree(int[] a, int from, int to) {
        int k = to - from;
        if (keys.length < k) {
            keys = new long[Math.max(k, keys.length * 2)];
        }
        for (int i = 0; i < k; i++) {
            int v = a[from + i];
            keys[i] = ((long) degree(v) << 32) | v;
        }
        Arrays.sort(keys, 0, k);
        for (int i = 0; i < k; i++) {
            a[from + i] = (int) keys[i];
        }
    }

    /**
     * @param nodes candidates
     * @param from first index
     * @param to one past the last index
     * @return the candidate of smallest degree, ties by smallest id
     */
    int minDegree(int[] nodes, int from, int to) {
        int best = nodes[from];
        for (int i = from + 1; i < to; i++) {
            int v = nodes[i];
            int dv = degree(v);
            int db = degree(best);
            if (dv < db || (dv == db && v < best)) {
                best = v;
            }
        }
        return best;
    }

    /** Picks where a component's search starts. */
    @FunctionalInterface
    interface RootChooser {
        /**
         * @param a the adjacency
         * @param component the component's nodes are {@code component[off .. off + k)} (may be overwritten)
         * @param off first position
         * @param k the component's size
         * @return the start node
         */
        int root(Adjacency a, int[] component, int off, int k);
    }

    /**
     * Lays out the components one after another, in order of their smallest node; each is searched breadth-first
     * from the node {@code chooser} picks.
     *
     * @param chooser picks each component's start
     * @param byDegree whether neighbours are visited by increasing degree (else by id)
     * @return the order: position -> node
     */
    int[] breadthFirstByComponent(RootChooser chooser, boolean byDegree) {
        int[] perm = new int[n];
        boolean[] placed = new boolean[n];
        int off = 0;
        for (int v = 0; v < n; v++) {
            if (placed[v]) {
                continue;
            }
            // First pass finds the component, the second orders it from the chosen start.
            int k = bfs(v, perm, off, w -> true, false);
            bfs(chooser.root(this, perm, off, k), perm, off, w -> true, byDegree);
            for (int i = off; i < off + k; i++) {
                placed[perm[i]] = true;
            }
            off += k;
        }
        return perm;
    }
}
