package dev.tessera.gqt.classifier;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;
import dev.tessera.nn.layers.FeedForward;
import dev.tessera.nn.layers.FixedShapeBlock;
import dev.tessera.nn.layers.Norm;
import dev.tessera.nn.functional.Dropout;

/**
 * A pre-LN transformer encoder layer (Xiong et al., "On Layer Normalization in the Transformer Architecture", ICML
 * 2020; PyTorch's {@code TransformerEncoderLayer(norm_first=True, activation="gelu")}):
 *
 * <pre>  H = X + drop(MHA(LN_1(X), mask))
 *  Y = H + drop(FFN(LN_2(H)))</pre>
 *
 * on [B, T, d], FFN = GELU(· W_1ᵀ + b_1) W_2ᵀ + b_2 of width m·d with dropout on its hidden layer.
 */
public final class TransformerLayer extends FixedShapeBlock {
    private final Norm norm1;
    private final MultiHeadAttention attention;
    private final Norm norm2;
    private final FeedForward ffn;
    private final float dropout;

    /**
     * @param dim d
     * @param heads H
     * @param ffnMultiplier m
     * @param dropout everywhere the formula says drop, and on the attention weights
     */
    public TransformerLayer(int dim, int heads, int ffnMultiplier, float dropout) {
        this.norm1 = child("norm1", new Norm(dim));
        this.attention = child("attention", new MultiHeadAttention(dim, heads, dropout));
        this.norm2 = child("norm2", new Norm(dim));
        this.ffn = child("ffn", new FeedForward(dim, ffnMultiplier, dropout));
        this.dropout = dropout;
    }

    /**
     * @param store parameter values
     * @param x float32 [B, T, d]
     * @param keyBias float32 [B, 1, 1, T] ({@link MultiHeadAttention#keyBias})
     * @param training whether dropout is on
     * @return float32 [B, T, d]
     */
    public NDArray forward(ParameterStore store, NDArray x, NDArray keyBias, boolean training) {
        NDArray a = attention.forward(store, norm1.forward(store, x, training), keyBias, training);
        NDArray h = x.add(Dropout.dropout(a, dropout, training));
        NDArray f = ffn.forward(store, norm2.forward(store, h, training), training);
        return h.add(Dropout.dropout(f, dropout, training));
    }
}
