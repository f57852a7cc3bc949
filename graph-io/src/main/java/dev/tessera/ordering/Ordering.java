package dev.tessera.ordering;

import dev.tessera.graph.CsrGraph;
import dev.tessera.graph.GraphDataset;
import dev.tessera.transforms.InducedSubgraph;
import java.util.Objects;

/**
 * A node ordering: a permutation of the N nodes, held both ways. {@code node(p)} is the original id of the node
 * placed at position p ({@code perm[newPos] = oldId}); {@code position(v)} is where original node v goes
 * ({@code inverse[oldId] = newPos}), so {@code node(position(v)) == v}.
 *
 * <p>{@link #apply(CsrGraph)} relabels a graph so that node {@code p} of the result is node {@code node(p)} of the
 * input (rows sorted, weights kept); {@link #apply(GraphDataset)} does the same for a whole dataset (features,
 * labels, texts and splits follow their nodes), through {@link InducedSubgraph} over the full node list.
 */
public final class Ordering {
    private final String name;
    private final int[] perm;
    private final int[] inverse;

    private Ordering(String name, int[] perm, int[] inverse) {
        this.name = name;
        this.perm = perm;
        this.inverse = inverse;
    }

    /**
     * @param name what produced the ordering, e.g. {@code rcm}
     * @param perm [N]: {@code perm[newPos] = oldId}; copied
     * @return the ordering
     * @throws IllegalArgumentException when {@code perm} is not a permutation of {@code 0..N-1}
     */
    public static Ordering of(String name, int[] perm) {
        return ofOwned(name, perm.clone());
    }

    /** Takes ownership of {@code perm} (no copy): for the orderers in this package. */
    static Ordering ofOwned(String name, int[] perm) {
        Objects.requireNonNull(name, "name");
        int n = perm.length;
        int[] inv = new int[n];
        java.util.Arrays.fill(inv, -1);
        for (int p = 0; p < n; p++) {
            int v = perm[p];
            if (v < 0 || v >= n) {
                throw new IllegalArgumentException("ordering " + name + ": node " + v + " at position " + p + " out of range [0, " + n + ")");
            }
            if (inv[v] >= 0) {
                throw new IllegalArgumentException("ordering " + name + ": node " + v + " placed twice (positions " + inv[v] + " and " + p + ")");
            }
            inv[v] = p;
        }
        return new Ordering(name, perm, inv);
    }

    /** @return the name of the ordering, e.g. {@code rcm} */
    public String name() {
        return name;
    }

    /** @return N */
    public int size() {
        return perm.length;
    }

    /**
     * @param position a position in {@code [0, N)}
     * @return the original id of the node placed there
     */
    public int node(int position) {
        return perm[position];
    }

    /**
     * @param node an original node id
     * @return its position in the ordering
     */
    public int position(int node) {
        return inverse[node];
    }

    /** @return [N] {@code perm[newPos] = oldId} (a copy) */
    public int[] permutation() {
        return perm.clone();
    }

    /** @return [N] {@code inverse[oldId] = newPos} (a copy) */
    public int[] inverse() {
        return inverse.clone();
    }

    /**
     * @param g a graph with N nodes
     * @return the relabelled graph: edge (u, v) becomes (position(u), position(v)); rows sorted, weights kept
     */
    public CsrGraph apply(CsrGraph g) {
        checkSize(g.numNodes());
        return InducedSubgraph.induce(g, perm);
    }

    /**
     * @param dataset a dataset with N nodes
     * @return the relabelled dataset; its provenance records {@code order(NAME)}
     */
    public GraphDataset apply(GraphDataset dataset) {
        checkSize(dataset.numNodes());
        GraphDataset relabelled = new InducedSubgraph(perm).apply(dataset);
        // InducedSubgraph records itself; a reordering is better described by the ordering's name.
        return relabelled.toBuilder().optProvenance(dataset.provenance().withTransform("order(" + name + ")")).build();
    }

    private void checkSize(int n) {
        if (n != perm.length) {
            throw new IllegalArgumentException("ordering " + name + " covers " + perm.length + " nodes, the graph has " + n);
        }
    }

    @Override
    public String toString() {
        return "Ordering(" + name + ", nodes=" + perm.length + ")";
    }
}
