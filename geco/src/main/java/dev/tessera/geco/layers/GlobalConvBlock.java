package dev.tessera.geco.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import dev.tessera.geco.fft.EngineLongConvolution;
import dev.tessera.geco.filter.ImplicitFilter;
import dev.tessera.nn.layers.Dense;
import dev.tessera.nn.layers.FixedShapeBlock;

/**
 * GECO's Global Context Block: a Hyena operator of order K over the node sequence (Sancak et al. 2025, Algorithm 1;
 * Poli et al. 2023, Algorithm 3). For X [n, d], the nodes in sequence order:
 *
 * <pre>  (P_1, …, P_K, V) = split(W_in Xᵀ + b_in)              K + 1 streams of [d, n] (channels first)
 *  for i = 1..K:   V ← P_i ⊙ (h_i ∗ V + D_i ⊙ V)            h_i: the i-th implicit filter, ∗: two-sided long conv
 *  Y = Vᵀ W_outᵀ + b_out                                     [n, d]</pre>
 *
 * Convolution then gating, as the paper's recurrence {@code V_t ← (P)_t · FFTConv(F_i, V)_t}; D_i is Hyena's
 * per-channel skip ("bias") term. Hyena's short depthwise convolution on the projections is left out: neighbours in
 * a node order are not neighbours in the graph, and the local block before this one does the local mixing.
 * The streams are channels first so that every FFT runs along a contiguous axis (see
 * {@link EngineLongConvolution}); the projections produce that layout directly and only the output projection
 * reads it transposed. Cost: O(n d²) for the projections, O(K d · n log n) for the convolutions.
 */
public final class GlobalConvBlock extends FixedShapeBlock {
    /** Channels per group in inference (bounds the FFT buffers to about 8 · 2n complex values at a time). */
    static final int INFERENCE_CHANNELS = 8;
    /**
     * Sequences shorter than this run all channels at once in inference too. Measured with one GECO layer, d = 64
     * (`tessera profile scaling --ops geco`): at 100,000 nodes groups cost time (1.06-1.23 s against 0.65-0.84 s
     * ungrouped) and save little memory; at 1,000,000 they save both (21 s and 4.8 GB peak against 29 s and 10.2 GB).
     */
    static final int INFERENCE_GROUPING_LENGTH = 1 << 18;

    private final int width;
    private final int order;
    private final Dense input;
    private final Dense output;
    private final ImplicitFilter filter;
    private final Parameter skip;

    /**
     * @param width d
     * @param order K, the number of gated convolutions (Hyena's default 2)
     * @param filter the implicit filter, with K·d channels
     */
    public GlobalConvBlock(int width, int order, ImplicitFilter filter) {
        if (filter.channels() != order * width) {
            throw new IllegalArgumentException("filter has " + filter.channels() + " channels, expected " + order * width);
        }
        this.width = width;
        this.order = order;
        this.input = child("input", new Dense(width, (order + 1) * width, true));
        this.filter = child("filter", filter);
        this.output = child("output", new Dense(width, width, true));
        this.skip = declare(Parameter.builder().setName("skip").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(order, width)).optInitializer(new NormalInitializer(1f)).build());
    }

    /**
     * @param store parameter values
     * @param x float32 [n, d], nodes in sequence order
     * @param training whether gradients are recorded
     * @return float32 [n, d], in x's manager
     */
    public NDArray forward(ParameterStore store, NDArray x, boolean training) {
        int n = Math.toIntExact(x.getShape().get(0));
        NDArray hidden = filter.hidden(store, x, n, training);
        NDArray d = store.getValue(skip, x.getDevice(), training);
        NDArray v;
        if (training || width <= INFERENCE_CHANNELS || n < INFERENCE_GROUPING_LENGTH) {
            NDList streams = input.forwardChannelsFirst(store, x, 0, (order + 1) * width, training).split(order + 1, 0);
            v = gatedConvolutions(store, streams, hidden, d, 0, width, training);
        } else {
            // Inference on long sequences: channels are independent, so project, convolve and gate them in groups,
            // freeing each group's streams and FFT buffers before the next; the [(K+1)d, n] projections and the
            // [d, 2n] spectra never exist at once.
            v = null;
            for (int from = 0; from < width; from += INFERENCE_CHANNELS) {
                int to = Math.min(width, from + INFERENCE_CHANNELS);
                try (NDManager scope = x.getManager().newSubManager()) {
                    NDArray in = x.get(new NDIndex(":"));
                    in.attach(scope);
                    NDList streams = new NDList();
                    for (int s = 0; s <= order; s++) {
                        streams.add(input.forwardChannelsFirst(store, in, s * width + from, s * width + to, false));
                    }
                    NDArray h = hidden.get(new NDIndex(":"));
                    h.attach(scope);
                    NDArray group = gatedConvolutions(store, streams, h, d, from, to, false);
                    if (v == null) { // written group by group: no list of groups and no concatenated copy
                        v = x.getManager().create(new Shape(width, n), group.getDataType(), group.getDevice());
                    }
                    v.set(new NDIndex(from + ":" + to), group);
                }
            }
        }
        if (!training) {
            hidden.close();
        }
        NDArray y = output.forward(store, v.transpose(), training);
        if (!training) {
            v.close();
        }
        return y;
    }

    /**
     * The recurrence on channels [from, to), channels first: V ← P_i ⊙ (h_i ∗ V + D_i ⊙ V), i = 1..K.
     *
     * @param streams the K + 1 projections of those channels ([to − from, n] each)
     */
    private NDArray gatedConvolutions(ParameterStore store, NDList streams, NDArray hidden, NDArray d, int from, int to,
            boolean training) {
        NDArray v = streams.get(order);
        for (int i = 0; i < order; i++) {
            NDArray kernel = filter.kernel(store, hidden, i * width + from, i * width + to, training);
            NDArray conv = EngineLongConvolution.convolve(v, kernel);
            NDArray gate = streams.get(i);
            NDArray skipRow = d.get(i + ", " + from + ":" + to);
            skipRow.attach(v.getManager()); // a view of a parameter: keep it out of the model's manager
            NDArray skipColumn = skipRow.reshape(to - from, 1);
            NDArray next = gate.mul(conv.add(v.mul(skipColumn)));
            if (!training) {
                kernel.close();
                conv.close();
            }
            v = next;
        }
        return v;
    }
}
