package dev.tessera.ordering;

import dev.tessera.graph.CsrGraph;

/**
 * Reverse Cuthill–McKee (George &amp; Liu, <i>Computer Solution of Large Sparse Positive Definite Systems</i>,
 * 1981), on the symmetrized graph: it narrows the band of the reordered adjacency.
 *
 * <p>For each connected component, in the order of its smallest node id: find a pseudo-peripheral node with the
 * George–Liu iteration (start at the minimum-degree node; search breadth-first; move to the minimum-degree node of
 * the last level while that lengthens the eccentricity), then search breadth-first from it, enqueuing each node's
 * unvisited neighbours by increasing degree (ties by id): that is the Cuthill–McKee order. The concatenation over
 * components is then reversed, as SciPy's {@code reverse_cuthill_mckee} and MATLAB's {@code symrcm} do.
 * O(E log d<sub>max</sub>) per search, a few searches per component.
 */
public final class ReverseCuthillMcKee implements NodeOrderer {
    @Override
    public String name() {
        return "rcm";
    }

    @Override
    public Ordering order(CsrGraph g) {
        int[] perm = Adjacency.of(g).breadthFirstByComponent(ReverseCuthillMcKee::pseudoPeripheral, true);
        int n = perm.length;
        for (int i = 0, j = n - 1; i < j; i++, j--) {
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        return Ordering.ofOwned(name(), perm);
    }

    /** George–Liu: the component is {@code buf[off .. off + k)}; the buffer is overwritten with search orders. */
    private static int pseudoPeripheral(Adjacency a, int[] buf, int off, int k) {
        int root = a.minDegree(buf, off, off + k);
        a.bfs(root, buf, off, w -> true, false);
        int ecc = a.lastDepth();
        while (true) {
            // The last level sits at the end of the search order.
            int from = off + k - 1;
            while (from > off && a.depth(buf[from - 1]) == ecc) {
                from--;
            }
            int x = a.minDegree(buf, from, off + k);
            a.bfs(x, buf, off, w -> true, false);
            if (a.lastDepth() <= ecc) {
                return root;
            }
            root = x;
            ecc = a.lastDepth();
        }
    }
}
