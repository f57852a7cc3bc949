package dev.tessera.nn.attention;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;

/**
 * Exact single-head softmax attention of every query over every key, computed in blocks of query rows so that the
 * N_q × N_k score matrix is never held whole (Vaswani et al., "Attention Is All You Need", NeurIPS 2017):
 *
 * <pre>  O = softmax(Q Kᵀ / √d) V</pre>
 *
 * with Q [N_q, d], K [N_k, d], V [N_k, d_v], O [N_q, d_v], the softmax over each row. As a layer on node features
 * X [N, F] (the dense-attention baseline of graph transformers):
 *
 * <pre>  Q = X W_qᵀ,  K = X W_kᵀ,  V = X W_vᵀ,  Y = softmax(Q Kᵀ / √d) V W_oᵀ</pre>
 *
 * with the weights in {@code Linear}'s layout: W_q, W_k [d, F], W_v [d_v, F], W_o [F_out, d_v]; no biases.
 *
 * <p><b>Blocks.</b> A block of B query rows computes its scores S = (Q_b/√d) Kᵀ [B, N_k], P = softmax(S) (the
 * engine's fused row softmax) and O_b = P V. B is chosen so that a score block takes about
 * {@link #TARGET_SCORE_BYTES} ({@link #blockRows}), and never more than {@code blockBytes} for the two score-sized
 * arrays alive at once (S and P, or P and dP in the backward pass).
 * Memory beyond the inputs and outputs is therefore O(blockBytes + N·d) whatever N is; time is O(N_q·N_k·d).
 *
 * <p><b>Backward.</b> DJL has no custom autograd functions, so the gradients are written out, recomputing P per
 * block as FlashAttention does (Dao et al., NeurIPS 2022) instead of storing it: with D = rowsum(dO ⊙ O),
 *
 * <pre>  dV = Σ_b P_bᵀ dO_b,   dS_b = P_b ⊙ (dO_b Vᵀ − D_b),   dQ_b = dS_b K / √d,   dK = Σ_b dS_bᵀ Q_b / √d</pre>
 *
 * (dK and dV come back as transposed views of [d, N_k] accumulators.)
 *
 * These functions are not recorded by autograd (they work on detached views of their inputs): call the backward
 * functions for gradients.
 *
 * <p>Results live in the first argument's manager; temporaries are freed per block.
 */
public final class BlockedAttention {
    /** Default bound on the score-sized temporaries alive at once: 256 MiB. */
    public static final long DEFAULT_BLOCK_BYTES = 256L << 20;
    /**
     * Target size of one score block [B, N_k]: 40 MiB. Measured at N = 50,000 on two shared cores (forward pass,
     * CPU time of the calling thread): 200 rows (40 MB blocks) 8.8 to 9.2 s, 84 rows 11.8 to 12.0 s, 512 rows 13.3
     * to 14.4 s. Smaller blocks stream all of K and V once per block; larger ones fall out of the cache.
     */
    public static final long TARGET_SCORE_BYTES = 40L << 20;
    /** The fewest query rows per block when the bound allows them (each block streams all of K and V once). */
    public static final int MIN_BLOCK_ROWS = 32;
    /** The most query rows per block. */
    public static final int MAX_BLOCK_ROWS = 512;
    /** Score-sized [B, N_k] float32 arrays alive at once, forward or backward. */
    private static final int LIVE_SCORE_ARRAYS = 2;

    private BlockedAttention() {
    }

    /**
     * B = {@link #TARGET_SCORE_BYTES} / (4·N_k) clamped to [{@link #MIN_BLOCK_ROWS}, {@link #MAX_BLOCK_ROWS}], then
     * lowered to what {@code blockBytes} allows for the two score-sized arrays alive at once, and to N_q.
     *
     * @param queries N_q
     * @param keys N_k
     * @param blockBytes the bound on the score-sized temporaries alive at once
     * @return the query rows per block, at least 1
     */
    public static int blockRows(long queries, long keys, long blockBytes) {
        long rowBytes = Float.BYTES * Math.max(1, keys);
        long target = Math.clamp(TARGET_SCORE_BYTES / rowBytes, MIN_BLOCK_ROWS, MAX_BLOCK_ROWS);
        long bound = blockBytes / (LIVE_SCORE_ARRAYS * rowBytes);
        return (int) Math.max(1, Math.min(Math.min(queries, target), bound));
    }

    /**
     * {@code O = softmax(Q Kᵀ / √d) V} with the default block bound.
     *
     * @param q float32 [N_q, d]
     * @param k float32 [N_k, d]
     * @param v float32 [N_k, d_v]
     * @return O, float32 [N_q, d_v], in q's manager
     */
    public static NDArray attention(NDArray q, NDArray k, NDArray v) {
        return attention(q, k, v, DEFAULT_BLOCK_BYTES);
    }

    /**
     * {@code O = softmax(Q Kᵀ / √d) V}.
     *
     * @param q float32 [N_q, d]
     * @param k float32 [N_k, d]
     * @param v float32 [N_k, d_v]
     * @param blockBytes the bound on the score-sized temporaries alive at once
     * @return O, float32 [N_q, d_v], in q's manager
     */
    public static NDArray attention(NDArray q, NDArray k, NDArray v, long blockBytes) {
        checkShapes(q, k, v);
        long nq = q.getShape().get(0);
        int rows = blockRows(nq, k.getShape().get(0), blockBytes);
        NDManager home = q.getManager();
        try (NDManager m = home.newSubManager()) {
            NDArray qs = scaled(q, m);
            NDArray kt = detached(k, m).transpose();
            NDArray vd = detached(v, m);
            // Written block by block: a block's small result kept past the block would be carved out of the score
            // block just freed, and the next score block would no longer fit there (the resident set grew by one
            // score block per block, 1.6 GB at N = 20,000).
            NDArray out = m.zeros(new Shape(nq, v.getShape().get(1)));
            for (long i = 0; i < nq; i += rows) {
                try (NDManager b = m.newSubManager()) {
                    NDIndex block = new NDIndex("{}:{}", i, Math.min(nq, i + rows));
                    NDArray qb = qs.get(block);
                    qb.attach(b);
                    NDArray p = softmaxScores(qb, kt, b);
                    out.set(block, p.matMul(vd));
                }
            }
            out.attach(home);
            return out;
        }
    }

    /**
     * The gradients of a scalar loss with respect to Q, K and V, given its gradient dO with respect to
     * {@code O = attention(q, k, v)}.
     *
     * @param q float32 [N_q, d]
     * @param k float32 [N_k, d]
     * @param v float32 [N_k, d_v]
     * @param out O from {@link #attention}, float32 [N_q, d_v]
     * @param dOut dO, float32 [N_q, d_v]
     * @param blockBytes the bound on the score-sized temporaries alive at once
     * @return [dQ [N_q, d], dK [N_k, d], dV [N_k, d_v]], in q's manager
     */
    public static NDList attentionBackward(NDArray q, NDArray k, NDArray v, NDArray out, NDArray dOut, long blockBytes) {
        checkShapes(q, k, v);
        long nq = q.getShape().get(0);
        long d = q.getShape().get(1);
        if (!out.getShape().equals(new Shape(nq, v.getShape().get(1))) || !dOut.getShape().equals(out.getShape())) {
            throw new IllegalArgumentException("O and dO must be [N_q, d_v] = [" + nq + ", " + v.getShape().get(1)
                    + "], got " + out.getShape() + " and " + dOut.getShape());
        }
        float scale = (float) (1 / Math.sqrt(d));
        int rows = blockRows(nq, k.getShape().get(0), blockBytes);
        NDManager home = q.getManager();
        try (NDManager m = home.newSubManager()) {
            NDArray qs = scaled(q, m);
            NDArray kd = detached(k, m);
            NDArray kt = kd.transpose();
            NDArray vt = detached(v, m).transpose();
            NDArray dO = detached(dOut, m);
            // D_i = Σ_j P_ij dP_ij = rowsum(dO ⊙ O): the softmax backward's correction term.
            NDArray rowDot = dO.mul(detached(out, m)).sum(new int[] {1}, true);
            // dK and dV are accumulated transposed, [d, N_k]: dO_bᵀ P runs at the speed of P V, while Pᵀ dO_b (the
            // transposed score block on the left) measured twice as slow. All results are allocated before the
            // blocks (see attention()).
            NDArray dKt = m.zeros(new Shape(d, k.getShape().get(0)));
            NDArray dVt = m.zeros(new Shape(v.getShape().get(1), v.getShape().get(0)));
            NDArray dQ = m.zeros(new Shape(nq, d));
            for (long i = 0; i < nq; i += rows) {
                try (NDManager b = m.newSubManager()) {
                    NDIndex block = new NDIndex("{}:{}", i, Math.min(nq, i + rows));
                    NDArray qb = qs.get(block);
                    qb.attach(b);
                    NDArray dOb = dO.get(block);
                    dOb.attach(b);
                    NDArray p = softmaxScores(qb, kt, b);
                    dVt.addi(dOb.transpose().matMul(p));
                    NDArray ds = dOb.matMul(vt);
                    NDArray db = rowDot.get(block);
                    db.attach(b);
                    ds.subi(db).muli(p); // dS = P ⊙ (dP − D)
                    p.close();
                    dQ.set(block, ds.matMul(kd).muli(scale));
                    dKt.addi(qb.transpose().matMul(ds)); // Q_b already carries 1/√d
                }
            }
            NDList grads = new NDList(dQ, dKt.transpose(), dVt.transpose());
            grads.attach(home);
            return grads;
        }
    }

    /**
     * The attention layer's forward pass, keeping what its backward pass needs.
     *
     * @param x float32 [N, F]
     * @param wq W_q [d, F]
     * @param wk W_k [d, F]
     * @param wv W_v [d_v, F]
     * @param wo W_o [F_out, d_v]
     * @param blockBytes the bound on the score-sized temporaries alive at once
     * @return Y [N, F_out] with the saved tensors, in x's manager
     */
    public static Layer layerForward(NDArray x, NDArray wq, NDArray wk, NDArray wv, NDArray wo, long blockBytes) {
        NDManager home = x.getManager();
        NDList saved = new NDList();
        try (NDManager m = home.newSubManager()) {
            NDArray xd = detached(x, m);
            NDArray q = Linear.linear(xd, detached(wq, m)).singletonOrThrow();
            NDArray k = Linear.linear(xd, detached(wk, m)).singletonOrThrow();
            NDArray v = Linear.linear(xd, detached(wv, m)).singletonOrThrow();
            NDArray o = attention(q, k, v, blockBytes);
            NDArray y = Linear.linear(o, detached(wo, m)).singletonOrThrow();
            saved.addAll(new NDList(q, k, v, o, y));
            saved.attach(home);
        }
        return new Layer(x, wq, wk, wv, wo, saved.get(0), saved.get(1), saved.get(2), saved.get(3), saved.get(4),
                blockBytes);
    }

    /**
     * The attention layer's forward pass alone (frees Q, K, V and O).
     *
     * @param x float32 [N, F]
     * @param wq W_q [d, F]
     * @param wk W_k [d, F]
     * @param wv W_v [d_v, F]
     * @param wo W_o [F_out, d_v]
     * @param blockBytes the bound on the score-sized temporaries alive at once
     * @return Y [N, F_out], in x's manager
     */
    public static NDArray layer(NDArray x, NDArray wq, NDArray wk, NDArray wv, NDArray wo, long blockBytes) {
        try (Layer f = layerForward(x, wq, wk, wv, wo, blockBytes)) {
            NDArray y = f.output();
            y.attach(x.getManager());
            f.y = null;
            return y;
        }
    }

    /**
     * A forward pass of the attention layer with the tensors its backward pass needs (Q, K, V, O); closing it frees
     * them and Y.
     */
    public static final class Layer implements AutoCloseable {
        private final NDArray x;
        private final NDArray wq;
        private final NDArray wk;
        private final NDArray wv;
        private final NDArray wo;
        private final NDArray q;
        private final NDArray k;
        private final NDArray v;
        private final NDArray o;
        private NDArray y;
        private final long blockBytes;

        private Layer(NDArray x, NDArray wq, NDArray wk, NDArray wv, NDArray wo, NDArray q, NDArray k, NDArray v,
                NDArray o, NDArray y, long blockBytes) {
            this.x = x;
            this.wq = wq;
            this.wk = wk;
            this.wv = wv;
            this.wo = wo;
            this.q = q;
            this.k = k;
            this.v = v;
            this.o = o;
            this.y = y;
            this.blockBytes = blockBytes;
        }

        /** @return Y [N, F_out] */
        public NDArray output() {
            return y;
        }

        /**
         * The gradients of a scalar loss given dY:
         * {@code dW_o = dYᵀ O}, {@code dO = dY W_o}, (dQ, dK, dV) by {@link #attentionBackward},
         * {@code dW_q = dQᵀ X}, {@code dW_k = dKᵀ X}, {@code dW_v = dVᵀ X}, {@code dX = dQ W_q + dK W_k + dV W_v}.
         *
         * @param dY float32 [N, F_out]
         * @return [dX, dW_q, dW_k, dW_v, dW_o], in x's manager
         */
        public NDList backward(NDArray dY) {
            NDManager home = x.getManager();
            try (NDManager m = home.newSubManager()) {
                NDArray dy = detached(dY, m);
                NDArray xd = detached(x, m);
                NDArray dWo = dy.transpose().matMul(o);
                NDArray dO = dy.matMul(detached(wo, m));
                NDList g = attentionBackward(q, k, v, o, dO, blockBytes);
                g.attach(m);
                NDArray dQ = g.get(0);
                NDArray dK = g.get(1);
                NDArray dV = g.get(2);
                NDArray dWq = dQ.transpose().matMul(xd);
                NDArray dWk = dK.transpose().matMul(xd);
                NDArray dWv = dV.transpose().matMul(xd);
                NDArray dX = dQ.matMul(detached(wq, m)).addi(dK.matMul(detached(wk, m))).addi(dV.matMul(detached(wv, m)));
                NDList grads = new NDList(dX, dWq, dWk, dWv, dWo);
                grads.attach(home);
                return grads;
            }
        }

        @Override
        public void close() {
            q.close();
            k.close();
            v.close();
            o.close();
            if (y != null) {
                y.close();
            }
        }
    }

    /** P = softmax((Q_b/√d) Kᵀ) for one block, in {@code b}; the scores are freed as soon as P exists. */
    private static NDArray softmaxScores(NDArray qb, NDArray kt, NDManager b) {
        NDArray s = qb.matMul(kt);
        s.attach(b);
        NDArray p = s.softmax(1);
        p.attach(b);
        s.close();
        return p;
    }

    /** @return Q / √d, detached, in {@code m} */
    private static NDArray scaled(NDArray q, NDManager m) {
        NDArray qd = detached(q, m);
        NDArray qs = qd.mul((float) (1 / Math.sqrt(q.getShape().get(1))));
        qs.attach(m);
        return qs;
    }

    /** @return a view of {@code a} that autograd does not track, in {@code m} (shares a's data) */
    private static NDArray detached(NDArray a, NDManager m) {
        NDArray d = a.stopGradient();
        d.attach(m);
        return d;
    }

    private static void checkShapes(NDArray q, NDArray k, NDArray v) {
        Shape sq = q.getShape();
        Shape sk = k.getShape();
        Shape sv = v.getShape();
        if (sq.dimension() != 2 || sk.dimension() != 2 || sv.dimension() != 2 || sq.get(1) != sk.get(1)
                || sk.get(0) != sv.get(0)) {
            throw new IllegalArgumentException("attention needs Q [N_q, d], K [N_k, d], V [N_k, d_v]; got " + sq + ", "
                    + sk + ", " + sv);
        }
    }
}
