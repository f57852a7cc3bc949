package dev.tessera.geco.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.training.ParameterStore;
import dev.tessera.geco.GecoConfig;
import dev.tessera.geco.filter.ImplicitFilter;
import dev.tessera.nn.GraphContext;
import dev.tessera.nn.functional.Dropout;
import dev.tessera.nn.layers.FeedForward;
import dev.tessera.nn.layers.FixedShapeBlock;
import dev.tessera.nn.layers.Norm;

/**
 * One GECO layer (Sancak et al. 2025): the attention of a transformer layer replaced by a local propagation block
 * followed by a global convolution over the node sequence, each a pre-norm residual branch:
 *
 * <pre>  H₁ = X  + drop(LCB(LN₁(X)))                                  local: Â · W over the graph
 *  H₂ = H₁ + drop(π⁻¹ GCB(π LN₂(H₁)))                          global: Hyena over the nodes in order π
 *  H₃ = H₂ + drop(FFN(LN₃(H₂)))</pre>
 *
 * X, H [N, d]; π permutes rows into sequence order, π⁻¹ back. The blocks run in sequence (LCB → GCB), not in
 * parallel as GraphGPS's MPNN and attention, following the paper's description of the LCB as an auxiliary module
 * placed before the global one. Pre-norm (rather than GraphGPS's post-norm with batch norm) because it trains stably
 * without warm-up at any depth and needs no batch statistics, which mini-batches of subgraphs would make noisy.
 * Either block can be switched off ({@link GecoConfig#local()}, {@link GecoConfig#global()}) for ablations.
 * Cost: O(M d + N d² + K d N log N).
 */
public final class GecoLayer extends FixedShapeBlock {
    private final GecoConfig config;
    private final Norm localNorm;
    private final LocalPropagationBlock local;
    private final Norm globalNorm;
    private final GlobalConvBlock global;
    private final Norm ffnNorm;
    private final FeedForward ffn;

    /** @param config the architecture */
    public GecoLayer(GecoConfig config) {
        this.config = config;
        int d = config.hidden();
        this.localNorm = config.local() ? child("localNorm", new Norm(d)) : null;
        this.local = config.local() ? child("local", new LocalPropagationBlock(d)) : null;
        this.globalNorm = config.global() ? child("globalNorm", new Norm(d)) : null;
        this.global = config.global() ? child("global", new GlobalConvBlock(d, config.order(),
                new ImplicitFilter(config.order() * d, config.filterBands(), config.filterWidth(), config.filterLayers(),
                        config.filterFrequency(), GecoConfig.FAST_DECAY, GecoConfig.SLOW_DECAY,
                        GecoConfig.DECAY_TARGET, config.bidirectional(), config.normalizeFilter()))) : null;
        this.ffnNorm = child("ffnNorm", new Norm(d));
        this.ffn = child("ffn", new FeedForward(d, config.ffnMultiplier(), config.dropout()));
    }

    /**
     * @param store parameter values
     * @param graph the graph's operators (for the local block)
     * @param sequence the node order of the global block
     * @param x float32 [N, d]
     * @param training whether dropout is on
     * @return float32 [N, d], in x's manager
     */
    public NDArray forward(ParameterStore store, GraphContext graph, NodeSequence sequence, NDArray x, boolean training) {
        float p = config.dropout();
        NDArray h = x;
        if (local != null) {
            NDArray r = branch(h, training, in -> local.forward(store, graph, localNorm.forward(store, in, training),
                    training));
            h = config.localResidual() ? residual(x, h, r, p, training) : Dropout.dropout(r, p, training);
        }
        if (global != null) {
            NDArray r = branch(h, training, in -> sequence.toNodes(
                    global.forward(store, sequence.toSequence(globalNorm.forward(store, in, training)), training)));
            h = residual(x, h, r, p, training);
        }
        NDArray r = rowwise(h, training, in -> ffn.forward(store, ffnNorm.forward(store, in, training), training));
        return residual(x, h, r, p, training);
    }

    /**
     * h + dropout(r). In inference the sum is taken in place into h unless h is the layer's input, and r is freed:
     * nothing later reads them, and otherwise every branch's [N, d] output and every partial sum would stay
     * allocated until the caller's scope closes (six [N, d] tensors, 3 GB at two million nodes).
     */
    private static NDArray residual(NDArray x, NDArray h, NDArray r, float p, boolean training) {
        if (training) {
            return h.add(Dropout.dropout(r, p, training));
        }
        NDArray sum = h == x ? h.add(r) : h.addi(r);
        r.close();
        return sum;
    }

    /** Rows per chunk of a row-wise branch in inference (a [2^17, 2d] hidden layer is 64 MB at d = 64). */
    static final int INFERENCE_ROWS = 1 << 17;

    /**
     * Runs a residual branch whose rows are independent (norm and feed-forward). In inference on many rows it runs
     * over chunks of {@link #INFERENCE_ROWS} rows written into one output, so the [N, m·d] hidden layer never
     * exists whole: on two million nodes that is 1 GB, twice (before and after GELU), less.
     */
    private static NDArray rowwise(NDArray x, boolean training, java.util.function.UnaryOperator<NDArray> body) {
        long n = x.getShape().get(0);
        if (training || n <= INFERENCE_ROWS) {
            return branch(x, training, body);
        }
        NDArray y = null;
        for (long from = 0; from < n; from += INFERENCE_ROWS) {
            NDIndex rows = new NDIndex(from + ":" + Math.min(n, from + INFERENCE_ROWS));
            try (ai.djl.ndarray.NDManager scope = x.getManager().newSubManager()) {
                NDArray in = x.get(rows);
                in.attach(scope);
                NDArray out = body.apply(in);
                if (y == null) {
                    y = x.getManager().create(new ai.djl.ndarray.types.Shape(n, out.getShape().get(1)),
                            out.getDataType(), out.getDevice());
                }
                y.set(rows, out);
            }
        }
        return y;
    }

    /**
     * Runs one residual branch. In training every temporary stays (the backward pass needs them); in inference the
     * branch runs in its own scope and only its output survives, so a layer holds a few [N, d] tensors at a time
     * rather than all of them (on two million nodes, the difference between about 3 and 10 GB).
     */
    private static NDArray branch(NDArray x, boolean training, java.util.function.UnaryOperator<NDArray> body) {
        if (training) {
            return body.apply(x);
        }
        try (ai.djl.ndarray.NDManager scope = x.getManager().newSubManager()) {
            NDArray in = x.get(new NDIndex(":"));
            in.attach(scope);
            NDArray out = body.apply(in);
            out.attach(x.getManager());
            return out;
        }
    }
}
