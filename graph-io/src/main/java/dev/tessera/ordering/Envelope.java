package dev.tessera.ordering;

import dev.tessera.graph.CsrGraph;

/**
 * Bandwidth and profile of a graph's adjacency under an ordering, the classic measures of how close to the
 * diagonal an ordering packs the nonzeros. Both are taken on the symmetrized pattern A + A<sup>T</sup> (so edge
 * direction does not matter) with positions {@code p(v) = ordering.position(v)}; self-loops lie on the diagonal
 * and add nothing.
 *
 * <ul>
 * <li>bandwidth = max over stored edges (u, v) of |p(u) - p(v)| (0 for a graph without edges);</li>
 * <li>profile (envelope size) = &Sigma;<sub>i</sub> (i - f<sub>i</sub>), where f<sub>i</sub> is the smallest
 *     position among row i's neighbours and i itself in the symmetrized pattern: the number of entries between
 *     each row's first nonzero and the diagonal (George &amp; Liu's envelope, lower triangle).</li>
 * </ul>
 * O(N + E) for both.
 *
 * @param bandwidth the bandwidth
 * @param profile the profile
 */
public record Envelope(long bandwidth, long profile) {
    /**
     * @param g a graph
     * @param ordering an ordering of its nodes
     * @return the bandwidth and profile of {@code g} reordered by {@code ordering}
     */
    public static Envelope of(CsrGraph g, Ordering ordering) {
        int n = g.numNodes();
        if (ordering.size() != n) {
            throw new IllegalArgumentException("ordering covers " + ordering.size() + " nodes, the graph has " + n);
        }
        // first[i]: smallest position adjacent to position i (or i itself).
        int[] first = new int[n];
        for (int i = 0; i < n; i++) {
            first[i] = i;
        }
        long bandwidth = 0;
        for (int u = 0; u < n; u++) {
            int pu = ordering.position(u);
            long end = g.rowEnd(u);
            for (long e = g.rowStart(u); e < end; e++) {
                int pv = ordering.position(g.target(e));
                int hi = Math.max(pu, pv);
                int lo = Math.min(pu, pv);
                bandwidth = Math.max(bandwidth, hi - lo);
                if (lo < first[hi]) {
                    first[hi] = lo;
                }
            }
        }
        long profile = 0;
        for (int i = 0; i < n; i++) {
            profile += i - first[i];
        }
        return new Envelope(bandwidth, profile);
    }
}
