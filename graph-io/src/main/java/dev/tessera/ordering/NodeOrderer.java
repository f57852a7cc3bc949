package dev.tessera.ordering;

import dev.tessera.graph.CsrGraph;

/**
 * An algorithm that orders the nodes of a graph. Implementations are immutable and deterministic: the same graph
 * (and seed, where there is one) always gives the same ordering. Structural orderings look at the graph's
 * symmetrized, loop-free adjacency (edge directions and weights are ignored).
 */
public interface NodeOrderer {
    /** @return the name {@link Orderings#byName(String)} knows this orderer by, e.g. {@code rcm} */
    String name();

    /**
     * @param g a graph
     * @return an ordering of its nodes
     */
    Ordering order(CsrGraph g);
}
