package dev.tessera.geco.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import dev.tessera.nn.GraphContext;
import dev.tessera.nn.conv.GcnConv;
import dev.tessera.nn.layers.FixedShapeBlock;
import dev.tessera.nn.layers.Parameters;

/**
 * GECO's Local Propagation Block: one normalized neighbourhood aggregation over the graph's adjacency,
 *
 * <pre>  Y = Â X Wᵀ + b,   Â = D̃^-1/2 (A + I) D̃^-1/2          X, Y [N, d]</pre>
 *
 * (a GCN layer, {@link GcnConv#gcnConv}); O(M d + N d²). The paper states only that the block propagates over the
 * adjacency; Kipf &amp; Welling's normalization with self-loops keeps a node's own features and bounds the scale.
 */
public final class LocalPropagationBlock extends FixedShapeBlock {
    private final Parameter weight;
    private final Parameter bias;

    /** @param width d */
    public LocalPropagationBlock(int width) {
        this.weight = declare(Parameters.linearWeight("weight", width, width));
        this.bias = declare(Parameters.linearBias("bias", width, width));
    }

    /**
     * @param store parameter values
     * @param graph the graph's operators
     * @param x float32 [N, d], nodes in the graph's order
     * @param training whether gradients are recorded
     * @return float32 [N, d]
     */
    public NDArray forward(ParameterStore store, GraphContext graph, NDArray x, boolean training) {
        return GcnConv.gcnConv(graph, x, store.getValue(weight, x.getDevice(), training),
                store.getValue(bias, x.getDevice(), training), true, training);
    }
}
