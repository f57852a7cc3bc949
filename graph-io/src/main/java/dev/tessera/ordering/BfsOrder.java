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
        int[] perm = Adjacency.of(g).breadthFirstByComponent((a, c, off, k) -> a.minDegree(c, off, off + k), false);
        return Ordering.ofOwned(name(), perm);
    }
}
