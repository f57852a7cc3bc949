package dev.tessera.transforms;

import dev.tessera.graph.CsrGraph;

/**
 * The transposed (reverse) graph: edge (u, v, w) becomes (v, u, w), so that the adjacency matrix A becomes
 * A<sup>T</sup>. A counting sort by target, O(N + E); rows of the result are sorted by target and repeated edges
 * keep their order. Not a dataset transform (a dataset's graph keeps its direction); kernels such as
 * {@link dev.tessera.sparse.SpMM} use it to turn a scatter over A into a gather over A<sup>T</sup>.
 */
public final class Transpose {
    private Transpose() {
    }

    /**
     * @param g a graph [N, N] with E edges (E must fit one Java array)
     * @return its transpose, on the heap, weighted when {@code g} is
     */
    public static CsrGraph transpose(CsrGraph g) {
        return CsrOps.transpose(g);
    }
}
