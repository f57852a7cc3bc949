package dev.tessera.sampling;

/** Which edges a {@link SampledBatch}'s graph holds among the sampled nodes. */
public enum SubgraphEdges {
    /**
     * The induced subgraph: every edge of the original graph whose two ends were both sampled. Costs a scan of
     * each sampled node's full row.
     */
    INDUCED,
    /**
     * Only the edges the sampler drew (PyG's {@code NeighborLoader} default): at most {@code fanout[h]} edges per
     * frontier node of hop h, in their original orientation. Cheaper, and a subset of {@link #INDUCED}.
     */
    SAMPLED
}
