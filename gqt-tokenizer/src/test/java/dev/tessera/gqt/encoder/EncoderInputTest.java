package dev.tessera.gqt.encoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.tessera.djl.GraphTensors;
import dev.tessera.graph.NodeFeatures;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EncoderInputTest {
    private static final int N = 9;
    private static final int F = 7;
    private static final int D = 3;

    /** Bag-of-words-like features: about a quarter of the entries non-zero, row 4 all zero. */
    private static NodeFeatures features() {
        SplittableRandom r = new SplittableRandom(1);
        float[] x = new float[N * F];
        for (int i = 0; i < x.length; i++) {
            if (i / F != 4 && r.nextDouble() < 0.25) {
                x[i] = 1 + r.nextInt(3);
            }
        }
        return NodeFeatures.of(x, N, F);
    }

    private static float[] random(int len, SplittableRandom r) {
        float[] a = new float[len];
        for (int i = 0; i < len; i++) {
            a[i] = (float) r.nextDouble(-1, 1);
        }
        return a;
    }

    @Test
    void sparseAndDenseProjectionsAgreeWithoutDropout() {
        NodeFeatures f = features();
        SplittableRandom r = new SplittableRandom(2);
        int[] perm = {3, 1, 4, 0, 8, 2, 7, 5, 6};
        int[] masked = {6, 0, 4};
        float[] keep = {1, 0, 1, 1, 0, 1, 1};
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = GraphTensors.features(m, f);
            NDArray w = m.create(random(F * D, r), new Shape(F, D));
            NDArray token = m.create(random(F, r), new Shape(1, F));
            EncoderInput sparse = EncoderInput.of(f, x, 1.0);
            EncoderInput dense = EncoderInput.of(f, x, 0.0);
            assertTrue(sparse.isSparse());
            assertFalse(dense.isSparse());
            for (int view = 0; view < 4; view++) {
                EncoderInput s = sparse;
                EncoderInput d = dense;
                if (view == 1) {
                    s = s.permuted(perm);
                    d = d.permuted(perm);
                } else if (view == 2) {
                    s = s.masked(masked, token);
                    d = d.masked(masked, token);
                } else if (view == 3) {
                    s = s.permuted(perm).masked(masked, token).columnsScaled(keep);
                    d = d.permuted(perm).masked(masked, token).columnsScaled(keep);
                }
                float[] expected = hand(f, perm, masked, token.toFloatArray(), keep, w.toFloatArray(), view);
                float[] ys = s.project(m, w, 0.5f, false).toFloatArray();
                float[] yd = d.project(m, w, 0.5f, false).toFloatArray();
                for (int i = 0; i < expected.length; i++) {
                    assertEquals(expected[i], ys[i], 1e-5, "sparse view " + view + " entry " + i);
                    assertEquals(expected[i], yd[i], 1e-5, "dense view " + view + " entry " + i);
                }
            }
        }
    }

    /** X̃·W computed by hand for view 0 (plain), 1 (permuted), 2 (masked), 3 (all three). */
    private static float[] hand(NodeFeatures f, int[] perm, int[] masked, float[] token, float[] keep, float[] w,
                                int view) {
        float[] out = new float[N * D];
        for (int i = 0; i < N; i++) {
            boolean isMasked = false;
            for (int mi : masked) {
                isMasked |= (view >= 2) && mi == i;
            }
            int src = (view == 1 || view == 3) ? perm[i] : i;
            for (int j = 0; j < F; j++) {
                float v = isMasked ? token[j] : f.get(src, j);
                if (view == 3) {
                    v *= keep[j];
                }
                for (int c = 0; c < D; c++) {
                    out[i * D + c] += v * w[j * D + c];
                }
            }
        }
        return out;
    }

    @Test
    void sparseDropoutKeepsOrScalesEachEntryAndIsSeeded() {
        NodeFeatures f = features();
        float p = 0.4f;
        int[] masked = {2, 5};
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = GraphTensors.features(m, f);
            float[] eye = new float[F * F];
            for (int j = 0; j < F; j++) {
                eye[j * F + j] = 1;
            }
            NDArray identity = m.create(eye, new Shape(F, F));
            float[] tok = {0.5f, -1, 2, 0.25f, 1, -0.5f, 3};
            NDArray token = m.create(tok, new Shape(1, F));
            EncoderInput view = EncoderInput.of(f, x, 1.0).masked(masked, token);
            Engine.getInstance().setRandomSeed(5);
            float[] y = view.project(m, identity, p, true).toFloatArray(); // W = I: the dropped-out X̃ itself
            Engine.getInstance().setRandomSeed(5);
            float[] again = view.project(m, identity, p, true).toFloatArray();
            int dropped = 0;
            int total = 0;
            for (int i = 0; i < N; i++) {
                for (int j = 0; j < F; j++) {
                    float v = (i == 2 || i == 5) ? tok[j] : f.get(i, j);
                    float got = y[i * F + j];
                    assertEquals(again[i * F + j], got, 0f, "same seed, same mask");
                    if (v == 0) {
                        assertEquals(0f, got, 0f);
                        continue;
                    }
                    total++;
                    if (got == 0) {
                        dropped++;
                    } else {
                        assertEquals(v / (1 - p), got, 1e-5, "row " + i + " col " + j);
                    }
                }
            }
            assertTrue(dropped > 0 && dropped < total, dropped + " of " + total + " dropped");
        }
    }

    @Test
    void gradientsReachTheWeightAndTheToken() {
        NodeFeatures f = features();
        SplittableRandom r = new SplittableRandom(3);
        int[] masked = {1, 7};
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = GraphTensors.features(m, f);
            float[][] grads = new float[2][];
            float[][] tokenGrads = new float[2][];
            float[] wv = random(F * D, r);
            float[] tv = random(F, r);
            float[] lossWeights = random(N * D, r);
            for (int k = 0; k < 2; k++) {
                NDArray w = m.create(wv, new Shape(F, D));
                NDArray token = m.create(tv, new Shape(1, F));
                w.setRequiresGradient(true);
                token.setRequiresGradient(true);
                EncoderInput view = EncoderInput.of(f, x, k == 0 ? 1.0 : 0.0).masked(masked, token);
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray y = view.project(m, w, 0.3f, false);
                    gc.backward(y.mul(m.create(lossWeights, new Shape(N, D))).sum());
                }
                grads[k] = w.getGradient().toFloatArray();
                tokenGrads[k] = token.getGradient().toFloatArray();
            }
            for (int i = 0; i < grads[0].length; i++) {
                assertEquals(grads[1][i], grads[0][i], 1e-5, "dW entry " + i);
            }
            for (int i = 0; i < tokenGrads[0].length; i++) {
                assertEquals(tokenGrads[1][i], tokenGrads[0][i], 1e-5, "dtoken entry " + i);
            }
        }
    }
}
