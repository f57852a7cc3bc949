package dev.tessera.sampling;

import dev.tessera.graph.CsrGraph;
import dev.tessera.graph.NodeFeatures;
import java.util.Arrays;

/**
 * One mini-batch from a {@link NeighborSampler}: K sampled nodes with local ids {@code 0..K-1}, the graph among
 * them in local ids, and their gathered features and labels.
 *
 * <p>Local id order: the B seed nodes first, in the order given, then the nodes first reached at hop 1, hop 2, ...
 * each hop in the order of discovery; {@link #hopOffsets()} delimits the hops (PyG's
 * {@code num_sampled_nodes}, cumulated). Local node i is original node {@code originalIds()[i]}; an edge
 * (i, j) of {@link #graph()} is the original edge ({@code originalIds()[i]}, {@code originalIds()[j]}), same
 * orientation and weight as in the original graph. Rows are sorted by local target.
 *
 * <p>Shapes: originalIds [K]; graph K nodes; features [K, F]; labels [K] (-1 for unlabelled nodes); hopOffsets
 * [H + 2] with {@code hopOffsets[0] = 0}, {@code hopOffsets[1] = B}, {@code hopOffsets[H + 1] = K}.
 */
public final class SampledBatch {
    private final long epoch;
    private final long index;
    private final int[] originalIds;
    private final int[] hopOffsets;
    private final CsrGraph graph;
    private final NodeFeatures features;
    private final int[] labels;

    SampledBatch(long epoch, long index, int[] originalIds, int[] hopOffsets, CsrGraph graph, NodeFeatures features,
            int[] labels) {
        this.epoch = epoch;
        this.index = index;
        this.originalIds = originalIds;
        this.hopOffsets = hopOffsets;
        this.graph = graph;
        this.features = features;
        this.labels = labels;
    }

    /** @return the epoch this batch was drawn for */
    public long epoch() {
        return epoch;
    }

    /** @return the batch's index within its epoch (0 for a lone {@link NeighborSampler#sample} call unless given) */
    public long index() {
        return index;
    }

    /** @return K, the number of sampled nodes (seeds included) */
    public int numNodes() {
        return originalIds.length;
    }

    /** @return B, the number of seed nodes: local ids {@code 0..B-1} */
    public int numSeeds() {
        return hopOffsets[1];
    }

    /** @return H, the number of hops sampled */
    public int numHops() {
        return hopOffsets.length - 2;
    }

    /** @return [K] the original id of each local node; shared, do not modify */
    public int[] originalIds() {
        return originalIds;
    }

    /**
     * @param local a local node id in {@code [0, K)}
     * @return its original id
     */
    public int originalId(int local) {
        return originalIds[local];
    }

    /** @return [B] the original ids of the seeds, in the order given (a copy) */
    public int[] seedIds() {
        return Arrays.copyOf(originalIds, numSeeds());
    }

    /** @return [H + 2] cumulated node counts: hop h's new nodes are local ids {@code [hopOffsets[h], hopOffsets[h+1])}, hop 0 being the seeds; a copy */
    public int[] hopOffsets() {
        return hopOffsets.clone();
    }

    /** @return the subgraph on the K sampled nodes, in local ids */
    public CsrGraph graph() {
        return graph;
    }

    /** @return [K, F] the sampled nodes' features, row i for local node i (F = 0 when the graph has none) */
    public NodeFeatures features() {
        return features;
    }

    /** @return [K] the sampled nodes' labels, -1 where unlabelled; shared, do not modify */
    public int[] labels() {
        return labels;
    }

    /** @return [B] the seeds' labels, the training targets (a copy) */
    public int[] seedLabels() {
        return Arrays.copyOf(labels, numSeeds());
    }

    @Override
    public String toString() {
        return "SampledBatch(epoch=" + epoch + ", index=" + index + ", seeds=" + numSeeds() + ", nodes=" + numNodes()
                + ", edges=" + graph.numEdges() + ")";
    }
}
