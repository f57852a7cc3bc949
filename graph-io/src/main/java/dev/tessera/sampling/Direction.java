package dev.tessera.sampling;

/**
 * Which neighbours of a frontier node the {@link NeighborSampler} draws from.
 *
 * <p>A {@link dev.tessera.graph.CsrGraph} row {@code v} lists the targets of the edges (v, u). Message passing
 * in the usual source-to-target flow updates a node from the sources of its incoming edges, so to compute the
 * seeds' representations one samples their <em>in</em>-neighbours (PyG's {@code NeighborLoader} does the same,
 * from a CSC copy). On a symmetric graph (every edge stored both ways, as after
 * {@link dev.tessera.transforms.ToUndirected}) both directions give the same neighbours and {@link #OUT} saves
 * the transposed copy. The transpose is built on the heap, so {@link #IN} needs E below 2<sup>31</sup>; {@link #OUT}
 * reads the graph where it lies (heap, off-heap or mapped) and has no such limit.
 */
public enum Direction {
    /** Sample from the sources u of the edges (u, v) into a frontier node v; needs a transposed copy, built once. */
    IN,
    /** Sample from the targets u of the edges (v, u) out of a frontier node v, straight from the graph's rows. */
    OUT
}
