package dev.tessera.gqt.ssl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class SslLossesTest {
    @Test
    void scaledCosineErrorByHand() {
        try (NDManager m = NDManager.newBaseManager()) {
            // rows: cos = 1, cos = 0, cos = −1 → (1−cos)^2 = 0, 1, 4 → mean 5/3
            NDArray a = m.create(new float[] {1, 0, 1, 0, 2, 2}, new Shape(3, 2));
            NDArray b = m.create(new float[] {3, 0, 0, 5, -1, -1}, new Shape(3, 2));
            assertEquals(5.0 / 3, SslLosses.scaledCosineError(a, b, 2).getFloat(), 1e-5);
            assertEquals(1.0 / 3 * (0 + 1 + 8), SslLosses.scaledCosineError(a, b, 3).getFloat(), 1e-5);
            assertEquals(1.0, SslLosses.cosineDistillation(a, b).getFloat(), 1e-5);
        }
    }

    @Test
    void dgiByHand() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray pos = m.create(new float[] {1, 0, 0, 1}, new Shape(2, 2));
            NDArray neg = m.create(new float[] {-1, 0, 0, 2}, new Shape(2, 2));
            NDArray w = m.create(new float[] {1, 2, 0, 1}, new Shape(2, 2));
            double s = 1 / (1 + Math.exp(-0.5)); // σ(mean) = σ(0.5) in both coordinates
            // D(h, s) = sᵀ W h; sᵀ W = [s, 3s]
            double[] dp = {s, 3 * s};
            double[] dn = {-s, 6 * s};
            double expected = 0;
            for (int i = 0; i < 2; i++) {
                expected += Math.log1p(Math.exp(-dp[i])) / 2 + Math.log1p(Math.exp(dn[i])) / 2;
            }
            assertEquals(expected, SslLosses.dgi(pos, neg, w).getFloat(), 1e-5);
        }
    }
}
