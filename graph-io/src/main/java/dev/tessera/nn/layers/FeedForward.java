package dev.tessera.nn.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;
import dev.tessera.nn.functional.Dropout;

/** The transformer feed-forward block, Y = GELU(X W_1ᵀ + b_1) W_2ᵀ + b_2 with dropout on the hidden layer; d → m·d → d. */
public final class FeedForward extends FixedShapeBlock {
    private final Dense up;
    private final Dense down;
    private final float dropout;

    /**
     * @param width d
     * @param multiplier m
     * @param dropout dropout on the hidden activations
     */
    public FeedForward(int width, int multiplier, float dropout) {
        this.up = child("up", new Dense(width, multiplier * width, true));
        this.down = child("down", new Dense(multiplier * width, width, true));
        this.dropout = dropout;
    }

    /**
     * @param store parameter values
     * @param x [N, d]
     * @param training whether dropout is on
     * @return [N, d]
     */
    public NDArray forward(ParameterStore store, NDArray x, boolean training) {
        NDArray pre = up.forward(store, x, training);
        NDArray h = ai.djl.nn.Activation.gelu(pre);
        if (!training) {
            pre.close(); // inference: [N, m·d] is the largest tensor of the layer; hold one copy, not two
        }
        return down.forward(store, Dropout.dropout(h, dropout, training), training);
    }
}
