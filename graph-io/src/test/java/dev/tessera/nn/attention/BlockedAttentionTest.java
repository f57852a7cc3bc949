package dev.tessera.nn.attention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BlockedAttentionTest {
    private static final double TOL = 1e-5;

    /** softmax(Q Kᵀ / √d) V with the whole score matrix: the definition. */
    private static NDArray naive(NDArray q, NDArray k, NDArray v) {
        return q.matMul(k.transpose()).div((float) Math.sqrt(q.getShape().get(1))).softmax(1).matMul(v);
    }

    private static NDArray naiveLayer(NDArray x, NDArray wq, NDArray wk, NDArray wv, NDArray wo) {
        return naive(x.matMul(wq.transpose()), x.matMul(wk.transpose()), x.matMul(wv.transpose())).matMul(wo.transpose());
    }

    private static NDArray random(NDManager m, SplittableRandom r, double scale, long... shape) {
        float[] a = new float[(int) new Shape(shape).size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) (scale * r.nextDouble(-1, 1));
        }
        return m.create(a, new Shape(shape));
    }

    /** Block bound that gives {@code rows} query rows per block for N_k keys. */
    private static long bytesForRows(int rows, long keys) {
        return 2L * Float.BYTES * keys * rows;
    }

    private static void assertClose(NDArray expected, NDArray actual, String what) {
        assertEquals(expected.getShape(), actual.getShape(), what + " shape");
        float[] e = expected.toFloatArray();
        float[] a = actual.toFloatArray();
        for (int i = 0; i < e.length; i++) {
            assertEquals(e[i], a[i], TOL * Math.max(1, Math.abs(e[i])), what + " entry " + i);
        }
    }

    @Test
    void blockRowsAimAtTheTargetAndStayWithinTheBound() {
        // 40 MiB of scores: 40 MiB / (4 · 100,000) = 104 rows; 40 MiB / (4 · 50,000) = 209 rows.
        assertEquals(104, BlockedAttention.blockRows(1_000_000, 100_000, 256L << 20));
        assertEquals(209, BlockedAttention.blockRows(1_000_000, 50_000, 256L << 20));
        assertEquals(BlockedAttention.MAX_BLOCK_ROWS, BlockedAttention.blockRows(1_000_000, 1000, 256L << 20));
        assertEquals(BlockedAttention.MIN_BLOCK_ROWS, BlockedAttention.blockRows(1_000_000, 2_000_000, 1L << 40));
        assertEquals(7, BlockedAttention.blockRows(7, 1000, 256L << 20));
        // The bound wins over the target: two [B, 2,000,000] float32 arrays within 256 MiB: B = 16.
        assertEquals(16, BlockedAttention.blockRows(1_000_000, 2_000_000, 256L << 20));
        assertEquals(1, BlockedAttention.blockRows(100, 10_000_000, 1024)); // never fewer than one row
    }

    @Test
    void handComputedTwoKeys() {
        // d = 1, q = 2, keys 0 and ln 3 · 1: scores 0 and 2 ln 3 → weights 1/10 and 9/10 of V = [1, 11] → 10.
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray q = m.create(new float[] {2f}, new Shape(1, 1));
            NDArray k = m.create(new float[] {0f, (float) Math.log(3)}, new Shape(2, 1));
            NDArray v = m.create(new float[] {1f, 11f}, new Shape(2, 1));
            assertEquals(10f, BlockedAttention.attention(q, k, v).getFloat(), 1e-5);
        }
    }

    @Test
    void forwardEqualsNaiveAttentionForEveryBlockSize() {
        SplittableRandom r = new SplittableRandom(1);
        try (NDManager m = NDManager.newBaseManager()) {
            // Cross-attention with N_q ≠ N_k and d_v ≠ d; large scores test the softmax's stability.
            NDArray q = random(m, r, 4, 37, 8);
            NDArray k = random(m, r, 4, 23, 8);
            NDArray v = random(m, r, 1, 23, 5);
            NDArray expected = naive(q, k, v);
            for (int rows : new int[] {1, 5, 36, 37, 1000}) {
                assertClose(expected, BlockedAttention.attention(q, k, v, bytesForRows(rows, 23)), rows + " rows per block");
            }
        }
    }

    @Test
    void backwardEqualsAutogradThroughNaiveAttention() {
        SplittableRandom r = new SplittableRandom(2);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray q = random(m, r, 2, 29, 6);
            NDArray k = random(m, r, 2, 17, 6);
            NDArray v = random(m, r, 1, 17, 4);
            NDArray dOut = random(m, r, 1, 29, 4);
            NDArray[] in = {q, k, v};
            for (NDArray a : in) {
                a.setRequiresGradient(true);
            }
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(naive(q, k, v).mul(dOut).sum()); // d loss / dO = dOut
            }
            for (int rows : new int[] {1, 4, 29}) {
                NDArray out = BlockedAttention.attention(q, k, v, bytesForRows(rows, 17));
                NDList g = BlockedAttention.attentionBackward(q, k, v, out, dOut, bytesForRows(rows, 17));
                String[] names = {"dQ", "dK", "dV"};
                for (int i = 0; i < 3; i++) {
                    assertClose(in[i].getGradient(), g.get(i), names[i] + " with " + rows + " rows per block");
                }
            }
        }
    }

    @Test
    void layerForwardAndBackwardEqualAutogradThroughTheNaiveLayer() {
        SplittableRandom r = new SplittableRandom(3);
        try (NDManager m = NDManager.newBaseManager()) {
            int n = 31;
            NDArray x = random(m, r, 1, n, 6);
            NDArray wq = random(m, r, 0.8, 4, 6);
            NDArray wk = random(m, r, 0.8, 4, 6);
            NDArray wv = random(m, r, 0.8, 5, 6);
            NDArray wo = random(m, r, 0.8, 3, 5);
            NDArray dY = random(m, r, 1, n, 3);
            NDArray[] in = {x, wq, wk, wv, wo};
            for (NDArray a : in) {
                a.setRequiresGradient(true);
            }
            NDArray expected;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                expected = naiveLayer(x, wq, wk, wv, wo);
                gc.backward(expected.mul(dY).sum());
            }
            try (BlockedAttention.Layer f = BlockedAttention.layerForward(x, wq, wk, wv, wo, bytesForRows(7, n))) {
                assertClose(expected, f.output(), "Y");
                NDList g = f.backward(dY);
                String[] names = {"dX", "dWq", "dWk", "dWv", "dWo"};
                for (int i = 0; i < in.length; i++) {
                    assertClose(in[i].getGradient(), g.get(i), names[i]);
                }
            }
            assertClose(expected, BlockedAttention.layer(x, wq, wk, wv, wo, BlockedAttention.DEFAULT_BLOCK_BYTES), "layer");
        }
    }

    @Test
    void mismatchedShapesAreRejected() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray q = m.zeros(new Shape(3, 4));
            NDArray k = m.zeros(new Shape(5, 2));
            NDArray v = m.zeros(new Shape(5, 2));
            assertThrows(IllegalArgumentException.class, () -> BlockedAttention.attention(q, k, v));
        }
    }
}
