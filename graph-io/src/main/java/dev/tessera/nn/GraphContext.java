package dev.tessera.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.tessera.djl.GraphTensors;
import dev.tessera.djl.Propagation;
import dev.tessera.graph.CsrGraph;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The tensors that message-passing layers need for one graph, built lazily on first use and cached: the propagation
 * operators per normalization and the edge index. One context serves every layer and every epoch of a full-batch
 * run; a mini-batch run builds one per sampled subgraph.
 *
 * <p><b>Direction.</b> Messages flow along stored edges {@code u → v} and are aggregated at the target {@code v}
 * (PyG's default flow, source to target): the operators compute {@code Âᵀ·X}. On an undirected graph (both
 * directions stored) this is the same as aggregating over neighbours.
 *
 * <p>The tensors live in the manager given to {@link #of}; {@link #close} frees them.
 */
public final class GraphContext implements AutoCloseable {
    /** How the edge weights of a propagation operator are normalized. */
    public enum Aggregation {
        /** {@code D^-1/2 (A + I) D^-1/2} with remaining self-loops added (GCN). */
        GCN_SELF_LOOPS,
        /** {@code D^-1/2 A D^-1/2}, no self-loops added (as in Platonov et al.'s residual GCN). */
        GCN,
        /** Mean over incoming edges (GraphSAGE); a node without incoming edges gets 0. */
        MEAN,
        /** Sum over incoming edges with the stored weights. */
        SUM
    }

    private final CsrGraph graph;
    private final NDManager manager;
    private final Map<Aggregation, Propagation> operators = new EnumMap<>(Aggregation.class);
    private final Map<String, Object> extras = new HashMap<>();
    private NDArray edgeIndex;

    private GraphContext(CsrGraph graph, NDManager manager) {
        this.graph = graph;
        this.manager = manager;
    }

    /**
     * @param graph the graph, node ids 0..N-1
     * @param manager where the cached tensors live (and their device)
     * @return a context that builds its tensors on first use
     */
    public static GraphContext of(CsrGraph graph, NDManager manager) {
        return new GraphContext(Objects.requireNonNull(graph, "graph"), Objects.requireNonNull(manager, "manager"));
    }

    /** @return the graph */
    public CsrGraph graph() {
        return graph;
    }

    /** @return N */
    public int numNodes() {
        return graph.numNodes();
    }

    /** @return the manager the cached tensors live in */
    public NDManager manager() {
        return manager;
    }

    /**
     * @param aggregation the normalization
     * @return the operator {@code X ↦ Âᵀ·X} (aggregation at edge targets), built once
     */
    public synchronized Propagation propagation(Aggregation aggregation) {
        return operators.computeIfAbsent(aggregation, a -> {
            Propagation.Builder b = Propagation.builder().setGraph(graph).optTransposed(true);
            switch (a) {
                case GCN_SELF_LOOPS -> b.optNormalization(Propagation.Normalization.GCN).optGcnSelfLoops(true);
                case GCN -> b.optNormalization(Propagation.Normalization.GCN).optGcnSelfLoops(false);
                case MEAN -> b.optNormalization(Propagation.Normalization.MEAN);
                case SUM -> b.optNormalization(Propagation.Normalization.NONE);
            }
            return b.build(manager);
        });
    }

    /** @return int64 [2, E]: row 0 sources, row 1 targets, in CSR order; built once */
    public synchronized NDArray edgeIndex() {
        if (edgeIndex == null) {
            edgeIndex = GraphTensors.edgeIndex(manager, graph);
        }
        return edgeIndex;
    }

    /**
     * A per-graph cache for layers with tensors of their own (e.g. attention's edge lists with self-loops).
     *
     * @param key a name unique to the layer type and its options
     * @param factory builds the value on first use, in {@link #manager()}
     * @param <T> the value type; an {@link AutoCloseable} value is closed with the context
     * @return the cached value
     */
    @SuppressWarnings("unchecked")
    public synchronized <T> T cached(String key, java.util.function.Function<GraphContext, T> factory) {
        Object v = extras.get(key);
        if (v == null) {
            v = factory.apply(this);
            extras.put(key, v);
        }
        return (T) v;
    }

    /** Frees every cached tensor. */
    @Override
    public synchronized void close() {
        operators.values().forEach(Propagation::close);
        operators.clear();
        for (Object v : extras.values()) {
            if (v instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        extras.clear();
        if (edgeIndex != null) {
            edgeIndex.close();
            edgeIndex = null;
        }
    }
}
