package dev.tessera.nn.conv;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.XavierInitializer;
import dev.tessera.TesseraException;
import dev.tessera.djl.GraphTensors;
import dev.tessera.graph.CsrGraph;
import dev.tessera.nn.GraphContext;
import dev.tessera.transforms.CsrOps;

/**
 * The graph attention layer of Veličković et al., "Graph Attention Networks" (ICLR 2018), as PyG's
 * {@code GATConv} defines it. Messages flow along edges {@code j → i} and are aggregated at the target {@code i}:
 *
 * <pre>  h      = X·W                                   W [F_in, H·O], h viewed as [N, H, O]
 *  s_src  = Σ_o h[:, :, o]·a_src[:, o]            [N, H]   (s_dst likewise with a_dst)
 *  e_ji   = LeakyReLU(s_src[j] + s_dst[i])         per edge and head
 *  α_ji   = softmax of e_ji over the edges entering i
 *  out_i  = Σ_j dropout(α_ji)·h_j                  [N, H, O], then concatenated to [N, H·O] or averaged to [N, O]
 *  out   += bias                                    [H·O] or [O]</pre>
 *
 * With {@code selfLoops} (the default) every self-loop of the graph is dropped and exactly one is added per node
 * (PyG's {@code remove_self_loops} then {@code add_self_loops}), so every node attends to itself. Edge weights are
 * ignored. Parameters: {@code weight} [F_in, H·O] and {@code attSrc}, {@code attDst} [H, O] Glorot-uniform
 * ({@code ±sqrt(6 / (fan_in + fan_out))}, as PyG), {@code bias} zeros.
 *
 * <p><b>How it is computed, and why.</b> DJL 0.36's PyTorch engine has no scatter-add, segment reduction or custom
 * autograd in its {@code NDArray} API. The per-node sums become products with a constant sparse incidence matrix
 * {@code T} [N, E] ({@code T[i, e] = 1} when edge {@code e} enters {@code i}), which PyTorch differentiates with
 * respect to the dense operand; per-edge values are gathers (broadcast index, whose backward is a scatter-add):
 *
 * <ol>
 *   <li>{@code s_src[src]}, {@code s_dst[dst]} [E, H]; {@code e} as above.</li>
 *   <li>A shift {@code m_i = LeakyReLU(max_{j → i} s_src[j] + s_dst[i])}, which is exactly {@code max_j e_ji}
 *       because LeakyReLU is monotone. It is computed in plain Java from the two [N, H] score tensors (one pass over
 *       the edges) and enters as a constant: subtracting any per-target constant leaves the softmax unchanged, so
 *       the gradients stay exact. {@code p = exp(e - m[dst])} lies in (0, 1] and every target has an edge with
 *       {@code p = 1}.</li>
 *   <li>{@code denom = T·p} [N, H] (at least 1 for every node with an incoming edge).</li>
 *   <li>Attention dropout on {@code p} (the same as on α, since the denominator does not change).</li>
 *   <li>{@code agg = T·(h[src] ⊙ p)} [N, H·O] and {@code out = agg / (denom + 1e-16)}: the normalization is done
 *       per node, not per edge (PyG normalizes α per edge; the results are equal up to rounding). The 1e-16, as in
 *       PyG's {@code softmax}, only matters for a node with no incoming edge (possible without self-loops), whose
 *       output is then 0 instead of 0/0.</li>
 * </ol>
 *
 * <b>Memory:</b> the messages {@code h[src] ⊙ p} are materialized, [E, H·O] floats, twice over (the gather and the
 * product; the backward pass holds as many again): about 270 MB each on a graph of 1M edges with 8 heads of 8.
 * PyG's {@code GATConv} holds the same.
 *
 * <p><b>Alternatives considered.</b> A global shift {@code m_i = LeakyReLU(max_all s_src + s_dst[i])} needs no host
 * pass but is only an upper bound: when a target's neighbours score more than about 87 below the global maximum
 * every {@code exp} underflows in float32 and the softmax is lost (0 instead of the true average); the exact
 * per-target maximum costs one O(E·H) loop over two small arrays. The segment maximum could also be taken on the
 * device with degree-bucketed padded gathers (as {@link dev.tessera.djl.Propagation}'s gather kernel), at the price
 * of another [1.1·E, H] temporary and much more code. Normalizing α per edge (PyG's order) costs one more [E, H]
 * gather and division and was not faster.
 */
public final class GatConv extends GraphLayer {
    /** Default number of attention heads. */
    public static final int DEFAULT_HEADS = 1;
    /** Default: concatenate the heads (else average them). */
    public static final boolean DEFAULT_CONCAT = true;
    /** Default attention dropout rate. */
    public static final float DEFAULT_ATTENTION_DROPOUT = 0f;
    /** Default: replace self-loops by exactly one per node. */
    public static final boolean DEFAULT_SELF_LOOPS = true;
    /** Default LeakyReLU slope for negative scores. */
    public static final float DEFAULT_NEGATIVE_SLOPE = 0.2f;
    /** Default: add a learned bias. */
    public static final boolean DEFAULT_BIAS = true;

    /** Keeps 0/0 out of nodes without incoming edges; below float32 resolution for every other denominator (>= 1). */
    private static final float DENOMINATOR_EPSILON = 1e-16f;
    /** Glorot uniform: XavierInitializer's bound is sqrt(magnitude / ((fan_in + fan_out) / 2)). */
    private static final Initializer GLOROT = new XavierInitializer(
            XavierInitializer.RandomType.UNIFORM, XavierInitializer.FactorType.AVG, 3f);

    private final int inputSize;
    private final int outputSize;
    private final int heads;
    private final boolean concat;
    private final float attentionDropout;
    private final boolean selfLoops;
    private final float negativeSlope;
    private final Parameter weight;
    private final Parameter attSrc;
    private final Parameter attDst;
    private final Parameter bias;

    private GatConv(Builder b) {
        inputSize = b.inputSize;
        outputSize = b.outputSize;
        heads = b.heads;
        concat = b.concat;
        attentionDropout = b.attentionDropout;
        selfLoops = b.selfLoops;
        negativeSlope = b.negativeSlope;
        weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(inputSize, (long) heads * outputSize)).optInitializer(GLOROT).build());
        attSrc = addParameter(Parameter.builder().setName("attSrc").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(heads, outputSize)).optInitializer(GLOROT).build());
        attDst = addParameter(Parameter.builder().setName("attDst").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(heads, outputSize)).optInitializer(GLOROT).build());
        bias = b.bias
                ? addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS)
                        .optShape(new Shape(concat ? (long) heads * outputSize : outputSize))
                        .optInitializer(Initializer.ZEROS).build())
                : null;
    }

    /** @return a builder; {@code setInputSize} and {@code setOutputSize} are required */
    public static Builder builder() {
        return new Builder();
    }

    /** @return F_out: H·O when the heads are concatenated, else O */
    public int outputFeatures() {
        return concat ? heads * outputSize : outputSize;
    }

    @Override
    public NDArray forward(ParameterStore store, GraphContext graph, NDArray x, boolean training) {
        if (x.getShape().dimension() != 2 || x.getShape().get(1) != inputSize) {
            throw new TesseraException("gat: expected input [N, " + inputSize + "], got " + x.getShape());
        }
        return gatConv(graph, x, store.getValue(weight, x.getDevice(), training),
                store.getValue(attSrc, x.getDevice(), training), store.getValue(attDst, x.getDevice(), training),
                bias == null ? null : store.getValue(bias, x.getDevice(), training),
                concat, negativeSlope, attentionDropout, selfLoops, training);
    }

    /**
     * The layer as a function of explicit weights (PyG-style twin of {@link #forward}); see the class comment for
     * the formula. Differentiable with respect to every tensor argument. The result lives in {@code x}'s manager.
     *
     * @param graph the graph's cached tensors (the edge lists with self-loops are cached there)
     * @param x float32 [N, F_in]
     * @param weight float32 [F_in, H·O]
     * @param attSrc float32 [H, O]
     * @param attDst float32 [H, O]
     * @param bias float32 [H·O] when concatenating, [O] when averaging; null for none
     * @param concat concatenate the heads (else average them)
     * @param negativeSlope LeakyReLU slope for negative scores
     * @param attentionDropout dropout rate on the attention coefficients, in [0, 1)
     * @param selfLoops replace the self-loops by exactly one per node
     * @param training whether attention dropout is on
     * @return float32 [N, H·O] when concatenating, else [N, O]
     */
    public static NDArray gatConv(GraphContext graph, NDArray x, NDArray weight, NDArray attSrc, NDArray attDst,
            NDArray bias, boolean concat, float negativeSlope, float attentionDropout, boolean selfLoops,
            boolean training) {
        int n = graph.numNodes();
        long h = attSrc.getShape().get(0);
        long o = attSrc.getShape().get(1);
        if (x.getShape().dimension() != 2 || x.getShape().get(0) != n || x.getDataType() != DataType.FLOAT32) {
            throw new TesseraException("gat: expected float32 [" + n + ", F] node features, got "
                    + x.getDataType() + " " + x.getShape());
        }
        if (attentionDropout < 0 || attentionDropout >= 1) {
            throw new TesseraException("gat: attention dropout " + attentionDropout + " is not in [0, 1)");
        }
        Edges edges = graph.cached(Edges.key(selfLoops), g -> Edges.build(g.graph(), selfLoops, g.manager()));
        NDManager manager = x.getManager();
        long e = edges.numEdges;

        NDArray hidden = x.matMul(weight);
        NDArray hidden3 = hidden.reshape(n, h, o);
        NDArray sSrc = hidden3.mul(attSrc).sum(new int[] {2});
        NDArray sDst = hidden3.mul(attDst).sum(new int[] {2});
        if (e == 0) {
            // No edges at all: every output row is 0 (+ bias), still attached to the inputs through hidden.
            return finish(hidden.mul(0f).reshape(n, h, o), concat, bias);
        }
        NDArray shift = manager.create(edges.shift(sSrc.toFloatArray(), sDst.toFloatArray(), (int) h, negativeSlope),
                new Shape(n, h));
        NDArray srcH = edges.src.broadcast(new Shape(e, h));
        NDArray dstH = edges.dst.broadcast(new Shape(e, h));
        NDArray scores = Activation.leakyRelu(sSrc.gather(srcH, 0).add(sDst.gather(dstH, 0)), negativeSlope);
        NDArray p = scores.sub(shift.gather(dstH, 0)).exp();
        NDArray denom = incidenceProduct(edges, p, manager);
        if (training && attentionDropout > 0) {
            p = Dropout.dropout(p, attentionDropout, true).singletonOrThrow();
        }
        NDArray messages = hidden.gather(edges.src.broadcast(new Shape(e, h * o)), 0)
                .reshape(e, h, o).mul(p.reshape(e, h, 1)).reshape(e, h * o);
        NDArray aggregated = incidenceProduct(edges, messages, manager);
        NDArray out = aggregated.reshape(n, h, o).div(denom.add(DENOMINATOR_EPSILON).reshape(n, h, 1));
        return finish(out, concat, bias);
    }

    /** T·values: sums edge rows into their targets; the product is moved to the caller's manager. */
    private static NDArray incidenceProduct(Edges edges, NDArray values, NDManager manager) {
        NDArray y = edges.incidence.matMul(values);
        y.attach(manager);
        return y;
    }

    private static NDArray finish(NDArray out3, boolean concat, NDArray bias) {
        Shape s = out3.getShape();
        NDArray out = concat ? out3.reshape(s.get(0), s.get(1) * s.get(2)) : out3.mean(new int[] {1});
        return bias == null ? out : out.add(bias);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), outputFeatures())};
    }

    @Override
    public String toString() {
        return "GatConv(" + inputSize + " -> " + heads + "x" + outputSize + (concat ? ", concat" : ", mean") + ")";
    }

    /**
     * The attention edges of one graph, ordered by target: int64 [E, 1] sources and targets, the incidence matrix
     * T [N, E] (COO, coalesced since its rows ascend), and the same lists in plain Java for the shift.
     */
    static final class Edges implements AutoCloseable {
        final long numEdges;
        final NDArray src;
        final NDArray dst;
        final NDArray incidence;
        /** Edges entering i are {@code start[i] ..< start[i + 1]}. */
        private final int[] start;
        private final int[] sources;

        private Edges(int[] start, int[] sources, NDManager manager) {
            int n = start.length - 1;
            int e = sources.length;
            this.start = start;
            this.sources = sources;
            this.numEdges = e;
            long[] s = new long[e];
            long[] d = new long[e];
            long[] col = new long[e];
            for (int i = 0; i < n; i++) {
                for (int k = start[i]; k < start[i + 1]; k++) {
                    s[k] = sources[k];
                    d[k] = i;
                    col[k] = k;
                }
            }
            float[] ones = new float[e];
            java.util.Arrays.fill(ones, 1f);
            src = manager.create(s, new Shape(e, 1));
            dst = manager.create(d, new Shape(e, 1));
            incidence = e == 0 ? null : GraphTensors.sparseCoo(manager, new long[][] {d, col}, ones, new Shape(n, e));
        }

        static String key(boolean selfLoops) {
            return GatConv.class.getName() + "/edges/selfLoops=" + selfLoops;
        }

        /** Edges j → i grouped by i; with self-loops, existing loops dropped and one (i, i) added per node. */
        static Edges build(CsrGraph graph, boolean selfLoops, NDManager manager) {
            CsrGraph in = CsrOps.transpose(graph);
            int n = in.numNodes();
            long total = in.numEdges() + (selfLoops ? n : 0);
            if (total > Integer.MAX_VALUE) {
                throw new TesseraException("gat: " + total + " attention edges exceed one tensor index range");
            }
            int[] start = new int[n + 1];
            int[] sources = new int[(int) total];
            int k = 0;
            for (int i = 0; i < n; i++) {
                start[i] = k;
                for (long q = in.rowStart(i); q < in.rowEnd(i); q++) {
                    int j = in.target(q);
                    if (!selfLoops || j != i) {
                        sources[k++] = j;
                    }
                }
                if (selfLoops) {
                    sources[k++] = i;
                }
            }
            start[n] = k;
            return new Edges(start, k == sources.length ? sources : java.util.Arrays.copyOf(sources, k), manager);
        }

        /**
         * The per-target shift {@code m[i, h] = LeakyReLU(max_{j → i} sSrc[j, h] + sDst[i, h])}, the largest score
         * entering i (0 for a node without incoming edges). Float32 arithmetic as on the device, so the maximal
         * edge gets {@code exp(0) = 1} exactly.
         */
        float[] shift(float[] sSrc, float[] sDst, int heads, float slope) {
            int n = start.length - 1;
            float[] m = new float[n * heads];
            float[] max = new float[heads];
            for (int i = 0; i < n; i++) {
                if (start[i] == start[i + 1]) {
                    continue;
                }
                java.util.Arrays.fill(max, Float.NEGATIVE_INFINITY);
                for (int k = start[i]; k < start[i + 1]; k++) {
                    int base = sources[k] * heads;
                    for (int c = 0; c < heads; c++) {
                        max[c] = Math.max(max[c], sSrc[base + c]);
                    }
                }
                for (int c = 0; c < heads; c++) {
                    float v = max[c] + sDst[i * heads + c];
                    m[i * heads + c] = v > 0 ? v : v * slope;
                }
            }
            return m;
        }

        @Override
        public void close() {
            NDList owned = new NDList(src, dst);
            if (incidence != null) {
                owned.add(incidence);
            }
            owned.close();
        }
    }

    /** Builds a {@link GatConv}: sizes required, the rest optional with PyG's defaults. */
    public static final class Builder {
        private int inputSize = -1;
        private int outputSize = -1;
        private int heads = DEFAULT_HEADS;
        private boolean concat = DEFAULT_CONCAT;
        private float attentionDropout = DEFAULT_ATTENTION_DROPOUT;
        private boolean selfLoops = DEFAULT_SELF_LOOPS;
        private float negativeSlope = DEFAULT_NEGATIVE_SLOPE;
        private boolean bias = DEFAULT_BIAS;

        private Builder() {
        }

        /**
         * @param inputSize F_in, the node feature size; required
         * @return this builder
         */
        public Builder setInputSize(int inputSize) {
            this.inputSize = inputSize;
            return this;
        }

        /**
         * @param outputSize O, the output size of each head; required
         * @return this builder
         */
        public Builder setOutputSize(int outputSize) {
            this.outputSize = outputSize;
            return this;
        }

        /**
         * @param heads H, the number of attention heads (default {@value #DEFAULT_HEADS})
         * @return this builder
         */
        public Builder optHeads(int heads) {
            this.heads = heads;
            return this;
        }

        /**
         * @param concat concatenate the heads to H·O features, else average them to O (default true)
         * @return this builder
         */
        public Builder optConcat(boolean concat) {
            this.concat = concat;
            return this;
        }

        /**
         * @param rate dropout rate on the attention coefficients while training, in [0, 1) (default 0)
         * @return this builder
         */
        public Builder optAttentionDropout(float rate) {
            this.attentionDropout = rate;
            return this;
        }

        /**
         * @param selfLoops replace the graph's self-loops by exactly one per node (default true, as PyG)
         * @return this builder
         */
        public Builder optSelfLoops(boolean selfLoops) {
            this.selfLoops = selfLoops;
            return this;
        }

        /**
         * @param slope the LeakyReLU slope for negative scores (default 0.2)
         * @return this builder
         */
        public Builder optNegativeSlope(float slope) {
            this.negativeSlope = slope;
            return this;
        }

        /**
         * @param bias whether to add a learned bias (default true)
         * @return this builder
         */
        public Builder optBias(boolean bias) {
            this.bias = bias;
            return this;
        }

        /** @return the layer, parameters declared with fixed shapes (uninitialized) */
        public GatConv build() {
            if (inputSize <= 0 || outputSize <= 0) {
                throw new TesseraException("gat: input size and output size must be set and positive (got "
                        + inputSize + ", " + outputSize + ")");
            }
            if (heads <= 0) {
                throw new TesseraException("gat: heads must be positive (got " + heads + ")");
            }
            if (!(attentionDropout >= 0 && attentionDropout < 1)) {
                throw new TesseraException("gat: attention dropout " + attentionDropout + " is not in [0, 1)");
            }
            if (!Float.isFinite(negativeSlope)) {
                throw new TesseraException("gat: negative slope " + negativeSlope + " is not finite");
            }
            return new GatConv(this);
        }
    }
}
