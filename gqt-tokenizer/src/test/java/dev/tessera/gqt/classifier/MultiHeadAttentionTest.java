package dev.tessera.gqt.classifier;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MultiHeadAttentionTest {
    private static final int B = 3;
    private static final int T = 5;
    private static final int D = 8;
    private static final int H = 2;

    /** Float64 attention, one head and query at a time, padded keys skipped. */
    private static double[] reference(float[] x, float[] mask, float[] wqkv, float[] bqkv, float[] wo, float[] bo) {
        int dh = D / H;
        double[] out = new double[B * T * D];
        for (int b = 0; b < B; b++) {
            double[][] p = new double[T][3 * D];
            for (int t = 0; t < T; t++) {
                for (int o = 0; o < 3 * D; o++) {
                    double v = bqkv[o];
                    for (int i = 0; i < D; i++) {
                        v += (double) x[(b * T + t) * D + i] * wqkv[o * D + i];
                    }
                    p[t][o] = v;
                }
            }
            for (int t = 0; t < T; t++) {
                double[] y = new double[D];
                for (int h = 0; h < H; h++) {
                    double[] s = new double[T];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int u = 0; u < T; u++) {
                        if (mask[b * T + u] == 0) {
                            continue;
                        }
                        double dot = 0;
                        for (int c = 0; c < dh; c++) {
                            dot += p[t][h * dh + c] * p[u][D + h * dh + c];
                        }
                        s[u] = dot / Math.sqrt(dh);
                        max = Math.max(max, s[u]);
                    }
                    double sum = 0;
                    for (int u = 0; u < T; u++) {
                        sum += mask[b * T + u] == 0 ? 0 : Math.exp(s[u] - max);
                    }
                    for (int u = 0; u < T; u++) {
                        if (mask[b * T + u] == 0) {
                            continue;
                        }
                        double a = Math.exp(s[u] - max) / sum;
                        for (int c = 0; c < dh; c++) {
                            y[h * dh + c] += a * p[u][2 * D + h * dh + c];
                        }
                    }
                }
                for (int o = 0; o < D; o++) {
                    double v = bo[o];
                    for (int i = 0; i < D; i++) {
                        v += y[i] * wo[o * D + i];
                    }
                    out[(b * T + t) * D + o] = v;
                }
            }
        }
        return out;
    }

    @Test
    void matchesFloat64ReferenceWithPaddedKeys() {
        SplittableRandom r = new SplittableRandom(4);
        float[] x = new float[B * T * D];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextDouble(-2, 2);
        }
        // sequence 0 full, 1 with two padded keys at the end, 2 with one in the middle
        float[] mask = {1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 0, 1, 1};
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(6);
            MultiHeadAttention mha = new MultiHeadAttention(D, H, 0.5f);
            mha.initialize(m, DataType.FLOAT32);
            float[][] w = new float[4][];
            int k = 0;
            for (var p : mha.getParameters()) {
                w[k++] = p.getValue().getArray().toFloatArray(); // qkv.weight, qkv.bias, out.weight, out.bias
            }
            ParameterStore store = new ParameterStore(m, false);
            NDArray keyBias = MultiHeadAttention.keyBias(m.create(mask, new Shape(B, T)));
            float[] y = mha.forward(store, m.create(x, new Shape(B, T, D)), keyBias, false).toFloatArray();
            double[] expected = reference(x, mask, w[0], w[1], w[2], w[3]);
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], y[i], 1e-5 * Math.max(1, Math.abs(expected[i])), "entry " + i);
            }
        }
    }
}
