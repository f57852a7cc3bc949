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
            // the same against a pre-normalized target
            assertEquals(5.0 / 3, SslLosses.scaledCosineErrorToUnit(a, SslLosses.unit(b), 2).getFloat(), 1e-5);
            assertEquals(3.0, SslLosses.scaledCosineErrorToUnit(a, SslLosses.unit(b), 3).getFloat(), 1e-5);
        }
    }

    @Test
    void dgiByHand() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray pos = m.create(new float[] {1, 0, 0, 1}, new Shape(2, 2));
            NDArray neg = m.create(new float[] {-1, 0, 0, 2}, new Shape(2, 2));
            NDArray w = m.create(new float[] {1, 2, 0, 1}, new Shape(2, 2));
            // σ(mean) = σ(0.5) in both coordinates, so ŝ = [1, 1]/√2 and ŝᵀ W = [1, 3]/√2;
            // unit rows: pos [1, 0], [0, 1]; neg [−1, 0], [0, 1]
            double r = 1 / Math.sqrt(2);
            double[] dp = {r, 3 * r};
            double[] dn = {-r, 3 * r};
            double expected = 0;
            for (int i = 0; i < 2; i++) {
                expected += Math.log1p(Math.exp(-dp[i])) / 2 + Math.log1p(Math.exp(dn[i])) / 2;
            }
            assertEquals(expected, SslLosses.dgi(pos, neg, w).getFloat(), 1e-5);
        }
    }

    /**
     * The discriminator starts at chance (2 ln 2) on LayerNorm-scaled embeddings, whatever their scale: on raw
     * bilinear scores {@code sᵀWh} the loss at d = 128 started near 6 and the discriminator oscillated in training.
     */
    @Test
    void dgiStartsAtChanceWhateverTheEmbeddingScale() {
        int n = 512;
        int d = 128;
        java.util.Random rng = new java.util.Random(7);
        float[] p = new float[n * d];
        float[] q = new float[n * d];
        float[] w = new float[d * d];
        for (int i = 0; i < p.length; i++) {
            // unit-variance rows (what LayerNorm gives), the residual adds a second such term
            p[i] = (float) (rng.nextGaussian() * Math.sqrt(2));
            q[i] = (float) (rng.nextGaussian() * Math.sqrt(2));
        }
        double bound = Math.sqrt(6.0 / (d + d)); // Glorot uniform
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
        }
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray pos = m.create(p, new Shape(n, d));
            NDArray neg = m.create(q, new Shape(n, d));
            NDArray wt = m.create(w, new Shape(d, d));
            double chance = 2 * Math.log(2);
            double loss = SslLosses.dgi(pos, neg, wt).getFloat();
            assertEquals(chance, loss, 0.02);
            assertEquals(loss, SslLosses.dgi(pos.mul(10f), neg.mul(10f), wt).getFloat(), 1e-4);
        }
    }
}
