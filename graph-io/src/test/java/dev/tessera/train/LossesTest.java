package dev.tessera.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

class LossesTest {
    @Test
    void softmaxCrossEntropyAndItsGradient() {
        float[] z = {1f, 2f, 0f, 0f, 0f, 3f};
        long[] y = {1, 2};
        double expected = 0;
        double[][] softmax = new double[2][3];
        for (int i = 0; i < 2; i++) {
            double sum = 0;
            for (int c = 0; c < 3; c++) {
                sum += Math.exp(z[3 * i + c]);
            }
            for (int c = 0; c < 3; c++) {
                softmax[i][c] = Math.exp(z[3 * i + c]) / sum;
            }
            expected -= Math.log(softmax[i][(int) y[i]]) / 2;
        }
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray logits = m.create(z, new Shape(2, 3));
            logits.setRequiresGradient(true);
            try (GradientCollector gc = m.getEngine().newGradientCollector()) {
                NDArray loss = Losses.classification(logits, m.create(y));
                assertEquals(expected, loss.getFloat(), 1e-6);
                gc.backward(loss);
            }
            // ∂L/∂z = (softmax − onehot(y)) / n
            float[] grad = logits.getGradient().toFloatArray();
            for (int i = 0; i < 2; i++) {
                for (int c = 0; c < 3; c++) {
                    double g = (softmax[i][c] - (c == y[i] ? 1 : 0)) / 2;
                    assertEquals(g, grad[3 * i + c], 1e-6);
                }
            }
        }
    }

    @Test
    void largeLogitsStayFinite() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray loss = Losses.softmaxCrossEntropy(m.create(new float[] {1000f, 0f}, new Shape(1, 2)),
                    m.create(new long[] {1}));
            assertEquals(1000f, loss.getFloat(), 1e-3f);
        }
    }

    @Test
    void binaryCrossEntropyWithLogits() {
        float[] z = {2f, -1f, 50f, -50f};
        long[] y = {1, 0, 0, 1};
        double expected = 0;
        for (int i = 0; i < z.length; i++) {
            // −y·log σ(z) − (1−y)·log(1−σ(z)), with log σ(z) = −log(1 + e^{−z}) written out per sign to stay exact
            double logSig = z[i] >= 0 ? -Math.log1p(Math.exp(-z[i])) : z[i] - Math.log1p(Math.exp(z[i]));
            double logOneMinus = logSig - z[i];
            expected -= (y[i] * logSig + (1 - y[i]) * logOneMinus) / z.length;
        }
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray loss = Losses.classification(m.create(z, new Shape(4, 1)), m.create(y));
            assertEquals(expected, loss.getFloat(), 1e-4);
            assertEquals(25.0, expected, 0.5); // the two confident mistakes cost 50 each
            assertArrayEquals(new long[0], loss.getShape().getShape());
        }
    }
}
