package dev.tessera.ordering;

import dev.tessera.graph.CsrGraph;

/** The identity ordering: node v stays at position v (the order the dataset stores). */
public final class NaturalOrder implements NodeOrderer {
    @Override
    public String name() {
        return "natural";
    }

    @Override
    public Ordering order(CsrGraph g) {
        int[] perm = new int[g.numNodes()];
        for (int i = 0; i < perm.length; i++) {
            perm[i] = i;
        }
        return Ordering.ofOwned(name(), perm);
    }
}
