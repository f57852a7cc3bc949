package dev.tessera.nn.conv;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.tessera.nn.GraphContext;

/**
 * A DJL block that needs the graph as well as the node features: every message-passing layer in Tessera. The graph
 * cannot travel in an {@link NDList}, so the entry point is {@link #forward(ParameterStore, GraphContext, NDArray,
 * boolean)}; DJL's own {@code forward(NDList)} is refused with a message that says so. Parameters are declared with
 * fixed shapes (input and output sizes come from the layer's builder), so {@code initialize} needs no shape
 * inference.
 */
public abstract class GraphLayer extends AbstractBlock {
    /**
     * @param store gives the parameter values
     * @param graph the graph's cached tensors
     * @param x float32 [N, F_in], N = graph.numNodes()
     * @param training whether dropout is on
     * @return float32 [N, F_out]
     */
    public abstract NDArray forward(ParameterStore store, GraphContext graph, NDArray x, boolean training);

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        throw new UnsupportedOperationException(getClass().getSimpleName()
                + " needs the graph: call forward(store, graph, x, training)");
    }
}
