package dev.tessera.nn.conv;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
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
import dev.tessera.djl.Scalars;
import dev.tessera.graph.CsrGraph;
import dev.tessera.nn.GraphContext;
import dev.tessera.transforms.CsrOps;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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
 * autograd in its {@code NDArray} API, so the softmax and the sum over each target's incoming edges are built from
 * gathers and dense reductions over a padded layout, as in {@link dev.tessera.djl.Propagation}'s gather kernel. The
 * targets are grouped once per graph into buckets of equal width {@code W} (the largest in-degree in the bucket,
 * self-loop included); the widths minimize padding plus a fixed cost per bucket (each bucket is some 30 tensor
 * operations, forward and backward), so a small graph gets a few buckets and a large one many narrow ones. Per
 * bucket of {@code B} targets:
 *
 * <ol>
 *   <li>{@code e} [B, W, H] = LeakyReLU({@code s_src} gathered at the sources + {@code s_dst} of the targets), plus
 *       -inf at padding slots.</li>
 *   <li>{@code p = exp(e - max_W e)}: the exact per-target maximum, detached ({@code stopGradient}); subtracting a
 *       per-target constant leaves the softmax unchanged, so the gradients stay exact. Every target has a slot
 *       with {@code p = 1}, so no denominator underflows, whatever the score range; padding gets
 *       {@code p = exp(-inf) = 0}.</li>
 *   <li>{@code denom = Σ_W p} [B, H]; then attention dropout on {@code p} (the same as on α, since the denominator
 *       stays).</li>
 *   <li>{@code out = Σ_W h[src] ⊙ p / (denom + 1e-16)} [B, H, O]: the normalization is applied per target, not per
 *       edge (PyG normalizes α per edge; the results are equal up to rounding). The 1e-16, as in PyG's
 *       {@code softmax}, is below float32 resolution of a denominator of at least 1.</li>
 * </ol>
 *
 * The buckets are concatenated, zeros appended for nodes without incoming edges (possible only without self-loops),
 * and the rows put back in node order with one gather. A gather with a broadcast index is PyTorch's fast path; its
 * backward is a parallel scatter-add.
 *
 * <p><b>Input first when the layer widens</b> ({@code F_in < O}, e.g. a decoder from 128 dimensions back to 1,433
 * bag-of-words features): the aggregation is linear in {@code h = X·W}, so
 * {@code out_i,h = (Σ_j α_ji,h · x_j)·W_h} and {@code s_src = X·(W_h·a_src,h)}. The messages then carry
 * {@code F_in} values per slot and head instead of {@code O}, and the projection runs once per target row (only
 * for the rows asked for, with {@link #forward(ParameterStore, GraphContext, NDArray, NDArray, boolean)}). Equal
 * up to float32 rounding; on Cora's GraphMAE-style decoder (128 → 1,433, one head) the messages shrink 11x.
 *
 * <p><b>Memory:</b> the messages {@code h[src] ⊙ p} are materialized, [E + padding, H·O] floats, twice over (the
 * gather and the product; the backward pass holds as many again): about 270 MB each on a graph of 1M edges with 8
 * heads of 8. Padding is at most 2048 slots per distinct in-degree: 6% of the edges on tolokers, 38% of cora's 13K
 * (where it costs less than more buckets would). PyG's {@code GATConv} holds the same [E, H·O] messages.
 *
 * <p><b>Alternatives measured</b> (one layer, 64 inputs, 8 heads of 8, forward and backward, two shared cores, best
 * of 10): per-edge tensors [E, ·] with the sums as products with a constant COO incidence matrix {@code T} [N, E]
 * ({@code T[i, e] = 1} when edge {@code e} enters {@code i}, differentiable in its dense operand) took 1.1 s on
 * tolokers (11,758 nodes, 1.05M edges with self-loops) against 0.6 s for the buckets, because PyTorch's sparse
 * backward {@code Tᵀ·dY} is a serial pass that writes an [E, H·O] result (about 0.45 s alone); on cora both took
 * about 17 ms. Fixed bucket widths (exact to 16, then growing by 1.25x) cost the same on tolokers and 1.5x more on
 * cora (more buckets, more operations). A softmax shift by the global maximum
 * ({@code LeakyReLU(max_all s_src + s_dst[i])}, an upper bound that needs no segment maximum) was rejected: when a
 * target's scores lie more than about 87 below it every {@code exp} underflows in float32 and the softmax is lost.
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

    /** As PyG's softmax; below float32 resolution for any real denominator (>= 1). */
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
        return forward(store, graph, x, null, training);
    }

    /**
     * The layer's output at some target rows only (e.g. the rows a loss reads): with {@code F_in < O} the input-first
     * order (class comment) projects only those rows, so the [N, H·O] product and its gradient shrink to [R, H·O].
     *
     * @param rows int64 [R], the target rows in the order wanted; null for all rows in node order
     * @return float32 [R, F_out]
     */
    public NDArray forward(ParameterStore store, GraphContext graph, NDArray x, NDArray rows, boolean training) {
        if (x.getShape().dimension() != 2 || x.getShape().get(1) != inputSize) {
            throw new TesseraException("gat: expected input [N, " + inputSize + "], got " + x.getShape());
        }
        return gatConv(graph, x, store.getValue(weight, x.getDevice(), training),
                store.getValue(attSrc, x.getDevice(), training), store.getValue(attDst, x.getDevice(), training),
                bias == null ? null : store.getValue(bias, x.getDevice(), training), rows,
                concat, negativeSlope, attentionDropout, selfLoops, training);
    }

    /**
     * The layer on an input projection {@code X·W} that the caller computed (e.g. as a sparse product, or once for
     * several views); {@code forward(x)} equals {@code forwardProjected(x·W)} up to rounding.
     *
     * @param projected float32 [N, H·O], {@code X·W} with W = {@link #weightParameter()}
     * @return float32 [N, F_out]
     */
    public NDArray forwardProjected(ParameterStore store, GraphContext graph, NDArray projected, boolean training) {
        if (projected.getShape().dimension() != 2 || projected.getShape().get(1) != (long) heads * outputSize) {
            throw new TesseraException("gat: expected a projected input [N, " + heads * outputSize + "], got "
                    + projected.getShape());
        }
        return gatConvProjected(graph, projected, store.getValue(attSrc, projected.getDevice(), training),
                store.getValue(attDst, projected.getDevice(), training),
                bias == null ? null : store.getValue(bias, projected.getDevice(), training),
                concat, negativeSlope, attentionDropout, selfLoops, training);
    }

    /** @return W [F_in, H·O], the input projection (for {@link #forwardProjected}) */
    public Parameter weightParameter() {
        return weight;
    }

    /**
     * The layer as a function of explicit weights (PyG-style twin of {@link #forward}); see the class comment for
     * the formula. Differentiable with respect to every tensor argument. The result lives in {@code x}'s manager.
     *
     * @param graph the graph's cached tensors (the bucketed edge lists are cached there, once per self-loop option)
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
        return gatConv(graph, x, weight, attSrc, attDst, bias, null, concat, negativeSlope, attentionDropout,
                selfLoops, training);
    }

    /**
     * {@link #gatConv(GraphContext, NDArray, NDArray, NDArray, NDArray, NDArray, boolean, float, float, boolean,
     * boolean)} at some target rows only.
     *
     * @param rows int64 [R], the target rows in the order wanted; null for all rows in node order
     * @return float32 [R, H·O] when concatenating, else [R, O]
     */
    public static NDArray gatConv(GraphContext graph, NDArray x, NDArray weight, NDArray attSrc, NDArray attDst,
            NDArray bias, NDArray rows, boolean concat, float negativeSlope, float attentionDropout,
            boolean selfLoops, boolean training) {
        int n = graph.numNodes();
        long h = attSrc.getShape().get(0);
        long o = attSrc.getShape().get(1);
        checkInput(x, n);
        long fIn = x.getShape().get(1);
        Buckets buckets = buckets(graph, selfLoops, attentionDropout);
        if (fIn >= o || buckets.size() == 0) {
            NDArray out = gatConvProjected(graph, x.matMul(weight), attSrc, attDst, null, concat, negativeSlope,
                    attentionDropout, selfLoops, training);
            return rows == null ? addBias(out, bias) : addBias(selectRows(out, rows), bias);
        }
        // Input first: Σ_j α_ji (x_j·W_h) = (Σ_j α_ji x_j)·W_h, and the scores x·W_h·a_h = x·(W_h·a_h).
        NDManager manager = x.getManager();
        NDArray w3 = weight.reshape(fIn, h, o);
        w3.attach(manager); // chains from a parameter would land in the parameter's manager
        NDArray sSrc = x.matMul(w3.mul(attSrc).sum(new int[] {2}));
        NDArray sDst = x.matMul(w3.mul(attDst).sum(new int[] {2}));
        NDArray agg = attend(graph, buckets, sSrc, sDst, x, 1, fIn, negativeSlope, attentionDropout, training);
        long r = n;
        if (rows != null) {
            agg = selectRows(agg.reshape(n, h * fIn), rows);
            r = agg.getShape().get(0);
        }
        NDArray out3 = h == 1 ? agg.reshape(r, fIn).matMul(weight).reshape(r, 1, o)
                : agg.reshape(r, h, fIn).transpose(1, 0, 2).matMul(w3.transpose(1, 0, 2)).transpose(1, 0, 2);
        return finish(out3, concat, bias);
    }

    /**
     * The layer after its input projection: {@code hidden = X·W} [N, H·O] is given. Differentiable with respect to
     * every tensor argument; the result lives in {@code hidden}'s manager.
     *
     * @return float32 [N, H·O] when concatenating, else [N, O]
     */
    public static NDArray gatConvProjected(GraphContext graph, NDArray hidden, NDArray attSrc, NDArray attDst,
            NDArray bias, boolean concat, float negativeSlope, float attentionDropout, boolean selfLoops,
            boolean training) {
        int n = graph.numNodes();
        long h = attSrc.getShape().get(0);
        long o = attSrc.getShape().get(1);
        checkInput(hidden, n);
        if (hidden.getShape().get(1) != h * o) {
            throw new TesseraException("gat: expected a projected input [" + n + ", " + h * o + "], got "
                    + hidden.getShape());
        }
        Buckets buckets = buckets(graph, selfLoops, attentionDropout);
        NDArray hidden3 = hidden.reshape(n, h, o);
        if (buckets.size() == 0) {
            // No edges at all: every output row is 0 (+ bias), still attached to the inputs through hidden.
            return finish(hidden3.mul(Scalars.of(hidden3, 0)), concat, bias);
        }
        NDArray sSrc = hidden3.mul(attSrc).sum(new int[] {2});
        NDArray sDst = hidden3.mul(attDst).sum(new int[] {2});
        return finish(attend(graph, buckets, sSrc, sDst, hidden, h, o, negativeSlope, attentionDropout, training),
                concat, bias);
    }

    private static void checkInput(NDArray x, int n) {
        if (x.getShape().dimension() != 2 || x.getShape().get(0) != n || x.getDataType() != DataType.FLOAT32) {
            throw new TesseraException("gat: expected float32 [" + n + ", F] node features, got "
                    + x.getDataType() + " " + x.getShape());
        }
    }

    private static Buckets buckets(GraphContext graph, boolean selfLoops, float attentionDropout) {
        if (attentionDropout < 0 || attentionDropout >= 1) {
            throw new TesseraException("gat: attention dropout " + attentionDropout + " is not in [0, 1)");
        }
        return graph.cached(Buckets.key(selfLoops), g -> Buckets.build(g.graph(), selfLoops, g.manager()));
    }

    /**
     * The attention-weighted sums {@code out_i,h = Σ_j α_ji,h · v_j,h} (class comment, steps 1-4) in node order.
     *
     * @param sSrc float32 [N, H], the source scores
     * @param sDst float32 [N, H], the target scores
     * @param values float32 [N, V·C]: V = H values per head, or V = 1 shared by every head
     * @return float32 [N, H, C]
     */
    private static NDArray attend(GraphContext graph, Buckets buckets, NDArray sSrc, NDArray sDst, NDArray values,
            long v, long c, float negativeSlope, float attentionDropout, boolean training) {
        int n = graph.numNodes();
        long h = sSrc.getShape().get(1);
        NDManager manager = values.getManager();
        NDList parts = new NDList(buckets.size() + 1);
        for (int b = 0; b < buckets.size(); b++) {
            NDArray sources = buckets.sources.get(b);
            NDArray targets = buckets.targets.get(b);
            long rows = targets.getShape().get(0);
            long slots = sources.getShape().get(0);
            long width = slots / rows;
            NDArray scores = sSrc.gather(expand(sources, new Shape(slots, h), manager), 0).reshape(rows, width, h)
                    .add(sDst.gather(expand(targets, new Shape(rows, h), manager), 0).reshape(rows, 1, h));
            scores = Activation.leakyRelu(scores, negativeSlope);
            NDArray padding = buckets.padding.get(b);
            if (padding.getShape().get(0) > 0) {
                scores = scores.add(padding); // -inf at padding slots: they drop out of the max and get p = 0
            }
            // Exact per-target maximum as the shift; detached, since softmax does not depend on it.
            NDArray p = scores.sub(scores.stopGradient().max(new int[] {1}, true)).exp();
            NDArray denom = p.sum(new int[] {1}).add(DENOMINATOR_EPSILON).reshape(rows, h, 1);
            if (training && attentionDropout > 0) {
                p = Dropout.dropout(p, attentionDropout, true).singletonOrThrow();
            }
            NDArray messages = values.gather(expand(sources, new Shape(slots, v * c), manager), 0)
                    .reshape(rows, width, v, c);
            parts.add(messages.mul(p.reshape(rows, width, h, 1)).sum(new int[] {1}).div(denom));
        }
        if (buckets.isolated > 0) {
            parts.add(manager.zeros(new Shape(buckets.isolated, h, c), DataType.FLOAT32, values.getDevice()));
        }
        NDArray stacked = (parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts, 0)).reshape(n, h * c);
        NDArray out = buckets.inverse == null ? stacked
                : stacked.gather(expand(buckets.inverse, new Shape(n, h * c), manager), 0);
        return out.reshape(n, h, c);
    }

    /** @return the rows {@code rows} (int64 [R]) of {@code a} [N, K], [R, K], by a broadcast-index gather */
    private static NDArray selectRows(NDArray a, NDArray rows) {
        long r = rows.getShape().get(0);
        long k = a.getShape().get(1);
        NDArray index = rows.reshape(r, 1).broadcast(new Shape(r, k));
        index.attach(a.getManager());
        return a.gather(index, 0);
    }

    private static NDArray addBias(NDArray out, NDArray bias) {
        return bias == null ? out : out.add(bias);
    }

    /**
     * A broadcast (stride-0) view of a cached index, moved to the call's manager: the engine attaches it to the
     * index's own manager, where one view per call would pile up for the life of the graph context.
     */
    private static NDArray expand(NDArray index, Shape shape, NDManager manager) {
        NDArray view = index.broadcast(shape);
        view.attach(manager);
        return view;
    }

    private static NDArray finish(NDArray out3, boolean concat, NDArray bias) {
        Shape s = out3.getShape();
        return addBias(concat ? out3.reshape(s.get(0), s.get(1) * s.get(2)) : out3.mean(new int[] {1}), bias);
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
     * The attention edges of one graph grouped by target into buckets of equal padded width: per bucket of B
     * targets and width W, the sources int64 [B·W, 1] (padding repeats a real source), the targets int64 [B, 1] and
     * an additive mask float32 [B, W, 1] (0, or -inf at padding slots; empty when the bucket has no padding); then
     * the nodes without incoming edges, and {@code inverse}, int64 [N, 1], the row of each node in that order (null
     * when it is the identity).
     */
    static final class Buckets implements AutoCloseable {
        /**
         * What one more bucket costs, in padding slots: a bucket adds about 30 tensor operations (forward and
         * backward), about as long as a few thousand slots of 64 floats take through the gathers and products.
         */
        static final long BUCKET_COST_SLOTS = 2048;

        final NDList sources = new NDList();
        final NDList targets = new NDList();
        final NDList padding = new NDList();
        final int isolated;
        final NDArray inverse;

        private Buckets(int isolated, NDArray inverse) {
            this.isolated = isolated;
            this.inverse = inverse;
        }

        int size() {
            return targets.size();
        }

        static String key(boolean selfLoops) {
            return GatConv.class.getName() + "/buckets/selfLoops=" + selfLoops;
        }

        /** Edges j → i grouped by i; with self-loops, existing loops dropped and one (i, i) added per node. */
        static Buckets build(CsrGraph graph, boolean selfLoops, NDManager manager) {
            CsrGraph in = CsrOps.transpose(graph);
            int n = in.numNodes();
            int[][] incoming = new int[n][];
            int maxDegree = 0;
            for (int i = 0; i < n; i++) {
                int[] buffer = new int[in.degree(i) + 1];
                int d = 0;
                for (long q = in.rowStart(i); q < in.rowEnd(i); q++) {
                    int j = in.target(q);
                    if (!selfLoops || j != i) {
                        buffer[d++] = j;
                    }
                }
                if (selfLoops) {
                    buffer[d++] = i;
                }
                incoming[i] = Arrays.copyOf(buffer, d);
                maxDegree = Math.max(maxDegree, d);
            }
            int[] widths = widths(incoming, maxDegree);
            // Group the targets by bucket (counting sort keeps node order within a bucket); bucket widths.length
            // holds the nodes without incoming edges.
            int[] bucketOf = new int[n];
            int[] first = new int[widths.length + 2];
            for (int i = 0; i < n; i++) {
                bucketOf[i] = incoming[i].length == 0 ? widths.length : bucketFor(widths, incoming[i].length);
                first[bucketOf[i] + 1]++;
            }
            for (int b = 0; b <= widths.length; b++) {
                first[b + 1] += first[b];
            }
            int[] order = new int[n];
            int[] fill = Arrays.copyOf(first, first.length);
            for (int i = 0; i < n; i++) {
                order[fill[bucketOf[i]]++] = i;
            }
            long[] inv = new long[n];
            boolean identity = true;
            for (int r = 0; r < n; r++) {
                inv[order[r]] = r;
                identity &= order[r] == r;
            }
            Buckets result = new Buckets(first[widths.length + 1] - first[widths.length],
                    identity ? null : manager.create(inv, new Shape(n, 1)));
            for (int b = 0; b < widths.length; b++) {
                int rows = first[b + 1] - first[b];
                if (rows == 0) {
                    continue;
                }
                int width = widths[b];
                long[] src = new long[Math.multiplyExact(rows, width)];
                long[] dst = new long[rows];
                float[] mask = new float[rows * width];
                boolean padded = false;
                for (int r = 0; r < rows; r++) {
                    int i = order[first[b] + r];
                    int[] js = incoming[i];
                    dst[r] = i;
                    for (int w = 0; w < width; w++) {
                        src[r * width + w] = js[Math.min(w, js.length - 1)];
                        if (w >= js.length) {
                            mask[r * width + w] = Float.NEGATIVE_INFINITY;
                            padded = true;
                        }
                    }
                }
                result.sources.add(manager.create(src, new Shape((long) rows * width, 1)));
                result.targets.add(manager.create(dst, new Shape(rows, 1)));
                result.padding.add(padded ? manager.create(mask, new Shape(rows, width, 1))
                        : manager.create(new Shape(0), DataType.FLOAT32));
            }
            return result;
        }

        /**
         * Bucket widths that minimize {@code padding slots + BUCKET_COST_SLOTS · buckets}: a dynamic programme over
         * the distinct in-degrees (a bucket covers a run of them and is as wide as its largest). A run whose padding
         * exceeds {@code BUCKET_COST_SLOTS} per degree it merges is never optimal (one bucket per degree costs less),
         * which bounds the search.
         */
        static int[] widths(int[][] incoming, int maxDegree) {
            long[] count = new long[maxDegree + 1];
            for (int[] js : incoming) {
                count[js.length]++;
            }
            int m = 0;
            for (int d = 1; d <= maxDegree; d++) {
                m += count[d] > 0 ? 1 : 0;
            }
            int[] degree = new int[m];
            long[] rows = new long[m + 1];
            long[] slots = new long[m + 1];
            for (int d = 1, k = 0; d <= maxDegree; d++) {
                if (count[d] > 0) {
                    degree[k] = d;
                    rows[k + 1] = rows[k] + count[d];
                    slots[k + 1] = slots[k] + count[d] * d;
                    k++;
                }
            }
            long[] best = new long[m + 1];
            int[] from = new int[m + 1];
            for (int b = 1; b <= m; b++) {
                best[b] = Long.MAX_VALUE;
                for (int a = b; a >= 1; a--) {
                    long padding = (long) degree[b - 1] * (rows[b] - rows[a - 1]) - (slots[b] - slots[a - 1]);
                    if (padding > BUCKET_COST_SLOTS * (b - a)) {
                        break;
                    }
                    long cost = best[a - 1] + BUCKET_COST_SLOTS + padding;
                    if (cost < best[b]) {
                        best[b] = cost;
                        from[b] = a;
                    }
                }
            }
            List<Integer> ws = new ArrayList<>();
            for (int b = m; b >= 1; b = from[b] - 1) {
                ws.add(degree[b - 1]);
            }
            java.util.Collections.reverse(ws);
            return ws.stream().mapToInt(Integer::intValue).toArray();
        }

        /** @return the index of the smallest width >= d */
        private static int bucketFor(int[] widths, int d) {
            int i = java.util.Arrays.binarySearch(widths, d); // widths ascend strictly
            return i >= 0 ? i : -i - 1;
        }

        @Override
        public void close() {
            sources.close();
            targets.close();
            padding.close();
            if (inverse != null) {
                inverse.close();
            }
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
         * @param heads H, the number of attention heads (default {@value GatConv#DEFAULT_HEADS})
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
