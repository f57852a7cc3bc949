package dev.tessera.profile;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.tessera.bench.UniformGraph;
import dev.tessera.graph.CsrGraph;
import dev.tessera.nn.GraphContext;

/**
 * The problem an operator is timed on: N nodes, features X [N, d] float32 with entries U(-1, 1) drawn by the
 * engine's generator, and, on first use, the uniform random undirected graph of {@link UniformGraph#undirected}
 * with average degree {@link #avgDegree()} (drawn from its own Java generator, so the graph does not depend on
 * what the operator draws). Everything lives in {@link #manager()}.
 */
public final class ScalingInput implements AutoCloseable {
    private final int nodes;
    private final int dim;
    private final int avgDegree;
    private final long seed;
    private final boolean backward;
    private final NDManager manager;
    private final NDArray features;
    private CsrGraph graph;
    private GraphContext context;

    /**
     * Draws X right away with the engine's generator, which the caller has seeded.
     *
     * @param nodes N &gt;= 2
     * @param dim d &gt;= 1
     * @param avgDegree the graph's average degree (edges drawn: N·degree/2 undirected)
     * @param seed the problem's seed (the graph's generator; operators seed their parameters from it)
     * @param backward whether a call times forward + backward
     * @param manager where the tensors live
     */
    public ScalingInput(int nodes, int dim, int avgDegree, long seed, boolean backward, NDManager manager) {
        if (nodes < 2 || dim < 1 || avgDegree < 0) {
            throw new IllegalArgumentException("need N >= 2, d >= 1, degree >= 0; got " + nodes + ", " + dim + ", " + avgDegree);
        }
        this.nodes = nodes;
        this.dim = dim;
        this.avgDegree = avgDegree;
        this.seed = seed;
        this.backward = backward;
        this.manager = manager;
        this.features = manager.randomUniform(-1f, 1f, new Shape(nodes, dim));
    }

    /** @return N */
    public int nodes() {
        return nodes;
    }

    /** @return d, the feature width (and the operators' hidden width) */
    public int dim() {
        return dim;
    }

    /** @return the graph's average degree */
    public int avgDegree() {
        return avgDegree;
    }

    /** @return the seed */
    public long seed() {
        return seed;
    }

    /** @return whether a call runs the backward pass too */
    public boolean backward() {
        return backward;
    }

    /** @return the manager everything lives in; calls free their temporaries in a sub-manager of it */
    public NDManager manager() {
        return manager;
    }

    /** @return X, float32 [N, d] */
    public NDArray features() {
        return features;
    }

    /** @return the graph, drawn on first use */
    public synchronized CsrGraph graph() {
        if (graph == null) {
            graph = UniformGraph.undirected(nodes, avgDegree, seed);
        }
        return graph;
    }

    /** @return the graph's cached operators ({@link GraphContext}) in {@link #manager()}, made on first use */
    public synchronized GraphContext context() {
        if (context == null) {
            context = GraphContext.of(graph(), manager);
        }
        return context;
    }

    @Override
    public synchronized void close() {
        if (context != null) {
            context.close();
        }
        features.close();
    }
}
