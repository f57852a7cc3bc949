/**
 * Mini-batch neighbour sampling for training on graphs too big for full-batch training:
 * {@link dev.tessera.sampling.NeighborSampler} draws uniform k-hop neighbourhoods with a fan-out per hop
 * (GraphSAGE, PyG's {@code NeighborLoader}) into {@link dev.tessera.sampling.SampledBatch}es — subgraph in local
 * ids, mapping to original ids, gathered features and labels — and {@link dev.tessera.sampling.BatchIterator}
 * produces an epoch's batches in parallel, identical for any thread count given the seed.
 */
package dev.tessera.sampling;
