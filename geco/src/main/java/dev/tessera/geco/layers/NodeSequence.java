package dev.tessera.geco.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;

/**
 * The order in which the global block reads the nodes: {@code order[p]} is the node at position p,
 * {@code inverse[v]} the position of node v (int64 tensors of length N). {@link #IDENTITY} reads them as numbered.
 *
 * @param order position → node
 * @param inverse node → position
 */
public record NodeSequence(NDArray order, NDArray inverse) {
    /** The graph's own numbering. */
    public static final NodeSequence IDENTITY = new NodeSequence(null, null);

    /**
     * @param x [N, d], rows by node
     * @return [N, d], rows by position
     */
    public NDArray toSequence(NDArray x) {
        return order == null ? x : x.get(new NDIndex("{}", order));
    }

    /**
     * @param y [N, d], rows by position
     * @return [N, d], rows by node
     */
    public NDArray toNodes(NDArray y) {
        return inverse == null ? y : y.get(new NDIndex("{}", inverse));
    }
}
