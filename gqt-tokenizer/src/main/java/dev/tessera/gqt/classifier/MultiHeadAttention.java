package dev.tessera.gqt.classifier;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import dev.tessera.djl.Scalars;
import dev.tessera.nn.layers.Dense;
import dev.tessera.nn.layers.FixedShapeBlock;
import dev.tessera.nn.functional.Dropout;

/**
 * Multi-head self-attention over a batch of token sequences with a key padding mask (Vaswani et al., NeurIPS 2017):
 *
 * <pre>  [Q, K, V] = X W_qkvᵀ + b_qkv,   split into H heads of d/H
 *  A_h = softmax(Q_h K_hᵀ / √(d/H) + M),   M[b, t] = 0 where key t is real, −10⁹ where it is padding
 *  Y = concat_h(drop(A_h) V_h) W_oᵀ + b_o</pre>
 *
 * X [B, T, d] → Y [B, T, d]. A padded key gets weight exp(−10⁹) = 0 exactly in float32, so padded positions
 * never reach a real one, whatever they hold (their own outputs are computed and must be masked by the caller).
 * Every sequence needs at least one real key. graph-io's {@code BlockedAttention} is single-head over one long
 * sequence without a mask; here the sequences are short (the score tensor [B, H, T, T] is small) and batched.
 */
public final class MultiHeadAttention extends FixedShapeBlock {
    /** Added to the scores of padded keys. */
    public static final float MASKED = -1e9f;

    private final int dim;
    private final int heads;
    private final float dropout;
    private final Dense qkv;
    private final Dense out;

    /**
     * @param dim d, a multiple of heads
     * @param heads H
     * @param dropout dropout on the attention weights
     */
    public MultiHeadAttention(int dim, int heads, float dropout) {
        if (dim % heads != 0) {
            throw new IllegalArgumentException("dim " + dim + " is not a multiple of " + heads + " heads");
        }
        this.dim = dim;
        this.heads = heads;
        this.dropout = dropout;
        this.qkv = child("qkv", new Dense(dim, 3 * dim, true));
        this.out = child("out", new Dense(dim, dim, true));
    }

    /**
     * @param store parameter values
     * @param x float32 [B, T, d]
     * @param keyBias float32 [B, 1, 1, T]: 0 at real keys, {@link #MASKED} at padded ones ({@link #keyBias})
     * @param training whether dropout is on
     * @return float32 [B, T, d]
     */
    public NDArray forward(ParameterStore store, NDArray x, NDArray keyBias, boolean training) {
        long b = x.getShape().get(0);
        long t = x.getShape().get(1);
        int dh = dim / heads;
        // [B, T, 3, H, dh] -> [3, B, H, T, dh]
        NDArray p = qkv.forward(store, x, training).reshape(b, t, 3, heads, dh).transpose(2, 0, 3, 1, 4);
        // split, not three get(i): the backward of a split is one concatenation, that of each get a zero-filled
        // [3, B, H, T, dh] tensor and an indexed add
        NDList parts = p.split(3, 0);
        NDArray q = parts.get(0).squeeze(0);
        q = q.mul(Scalars.of(q, 1 / Math.sqrt(dh)));
        NDArray k = parts.get(1).squeeze(0);
        NDArray v = parts.get(2).squeeze(0);
        NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)).add(keyBias);
        NDArray a = Dropout.dropout(scores.softmax(-1), dropout, training);
        NDArray y = a.matMul(v).transpose(0, 2, 1, 3).reshape(b, t, dim);
        return out.forward(store, y, training);
    }

    /**
     * @param mask float32 [B, T], 1 at real keys and 0 at padded ones
     * @return float32 [B, 1, 1, T], 0 at real keys and {@link #MASKED} at padded ones, in mask's manager
     */
    public static NDArray keyBias(NDArray mask) {
        long b = mask.getShape().get(0);
        long t = mask.getShape().get(1);
        return mask.sub(1f).mul(-MASKED).reshape(b, 1, 1, t);
    }
}
