package dev.tessera.ordering;

import dev.tessera.graph.CsrGraph;
import java.util.Arrays;

/**
 * Nodes by degree, highest first; ties by ascending id. The degree is the number of distinct neighbours in the
 * symmetrized graph, self-loops excluded (so in- and out-edges both count, and a pair stored both ways counts
 * once). O(E + N log N).
 */
public final class DegreeOrder implements NodeOrderer {
    @Override
    public String name() {
        return "degree";
    }

    @Override
    public Ordering order(CsrGraph g) {
        Adjacency a = Adjacency.of(g);
        int n = a.n;
        long[] keys = new long[n];
        for (int v = 0; v < n; v++) {
            // Descending degree as ascending (MAX - degree); the id in the low bits breaks ties upwards.
            keys[v] = ((long) (Integer.MAX_VALUE - a.degree(v)) << 32) | v;
        }
        Arrays.sort(keys);
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = (int) keys[i];
        }
        return Ordering.ofOwned(name(), perm);
    }
}
