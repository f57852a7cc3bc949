package dev.tessera.geco.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import dev.tessera.geco.fft.EngineLongConvolution;
import dev.tessera.geco.filter.ImplicitFilter;

/**
 * GECO's Global Context Block: a Hyena operator of order K over the node sequence (Sancak et al. 2025, Algorithm 1;
 * Poli et al. 2023, Algorithm 3). For X [n, d], the nodes in sequence order:
 *
 * <pre>  (P_1, …, P_K, V) = split(X W_inᵀ + b_in)              K + 1 streams of [n, d]
 *  for i = 1..K:   V ← P_i ⊙ (h_i ∗ V + D_i ⊙ V)            h_i: the i-th implicit filter, ∗: two-sided long conv
 *  Y = V W_outᵀ + b_out                                      [n, d]</pre>
 *
 * Convolution then gating, as the paper's recurrence {@code V_t ← (P)_t · FFTConv(F_i, V)_t}; D_i is Hyena's
 * per-channel skip ("bias") term. Hyena's short depthwise convolution on the projections is left out: neighbours in
 * a node order are not neighbours in the graph, and the local block before this one does the local mixing.
 * Cost: O(n d²) for the projections, O(K d · n log n) for the convolutions.
 */
public final class GlobalConvBlock extends FixedShapeBlock {
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
        NDList streams = input.forward(store, x, training).split(order + 1, 1);
        NDArray v = streams.get(order);
        NDArray d = store.getValue(skip, x.getDevice(), training);
        for (int i = 0; i < order; i++) {
            NDArray kernel = filter.kernel(store, x, n, i * width, (i + 1) * width, training);
            NDArray conv = EngineLongConvolution.convolve(v, kernel);
            v = streams.get(i).mul(conv.add(v.mul(d.get(i))));
        }
        return output.forward(store, v, training);
    }
}
