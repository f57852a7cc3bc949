package dev.tessera.profile;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.tessera.nn.attention.BlockedAttention;

/**
 * Exact softmax attention of every node over every node, as one layer ({@link BlockedAttention}): Q, K, V = X W_qᵀ,
 * X W_kᵀ, X W_vᵀ (d × d each), {@code Y = softmax(Q Kᵀ / √d) V W_oᵀ}, in blocks of query rows sized for the cache
 * whose score temporaries stay within {@link BlockedAttention#DEFAULT_BLOCK_BYTES}. The backward pass is the hand-written
 * blocked one ({@link BlockedAttention.Layer#backward}) for {@code dY = 1} (the gradient of {@code sum(Y)}), giving
 * the gradients of the four weights and of X. The graph's edges are not used.
 */
final class AttentionOperator implements ScalingOperator {
    @Override
    public String name() {
        return "attention";
    }

    @Override
    public String description() {
        return "exact single-head softmax attention over all nodes, Y = softmax(XWq^T (XWk^T)^T / sqrt(d)) XWv^T Wo^T, "
                + "in blocks of query rows (about " + (BlockedAttention.TARGET_SCORE_BYTES >> 20) + " MiB of scores each, at most "
                + (BlockedAttention.DEFAULT_BLOCK_BYTES >> 20) + " MiB alive); hand-written blocked backward";
    }

    @Override
    public Call prepare(ScalingInput in) {
        int d = in.dim();
        // Glorot uniform, U(±sqrt(6 / (d + d))), as a Linear layer's weights.
        float bound = (float) Math.sqrt(6.0 / (2 * d));
        NDManager pm = in.manager();
        NDArray[] w = new NDArray[4];
        for (int i = 0; i < w.length; i++) {
            w[i] = pm.randomUniform(-bound, bound, new Shape(d, d));
        }
        NDArray x = in.features();
        return () -> {
            try (NDManager m = in.manager().newSubManager()) {
                x.tempAttach(m); // results start from x: they land in m and are freed with it
                long block = BlockedAttention.DEFAULT_BLOCK_BYTES;
                if (in.backward()) {
                    try (BlockedAttention.Layer f = BlockedAttention.layerForward(x, w[0], w[1], w[2], w[3], block)) {
                        f.backward(m.ones(f.output().getShape()));
                    }
                } else {
                    BlockedAttention.layer(x, w[0], w[1], w[2], w[3], block);
                }
            }
        };
    }
}
