package dev.tessera.ordering;

import dev.tessera.graph.CsrGraph;

/**
 * Breadth-first order over the symmetrized graph, one connected component after another, so every component
 * occupies a contiguous block. Components come in the order of their smallest node id; each is searched from its
 * node of minimum degree (ties: smallest id), a cheap stand-in for a peripheral node, which keeps BFS levels
 * narrow; neighbours are enqueued in increasing id. O(N + E).
 */
public final class BfsOrder implements NodeOrderer {
    @Override
    public String name() {
        return "bfs";
    }

    @Override
    public Ordering order(CsrGraph g) {
        Adjacency a = Adjacency.of(g);
        int n = a.n;
        int[] perm = new int[n];
        boolean[] placed = new boolean[n];
        int off = 0;
        for (int v = 0; v < n; v++) {
            if (placed[v]) {
                continue;
            }
            // First pass finds the component, the second orders it from its minimum-degree node.
            int k = a.bfs(v, perm, off, w -> true, false);
            int start = a.minDegree(perm, off, off + k);
            a.bfs(start, perm, off, w -> true, false);
            for (int i = off; i < off + k; i++) {
                placed[perm[i]] = true;
            }
            off += k;
        }
        return Ordering.ofOwned(name(), perm);
    }
}
