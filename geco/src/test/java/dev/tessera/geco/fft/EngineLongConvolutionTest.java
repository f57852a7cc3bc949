package dev.tessera.geco.fft;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EngineLongConvolutionTest {
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 7, 50, 257, 1000})
    void equalsDirectAndTheJavaBackend(int n) {
        int d = 4;
        float[] v = LongConvolutionTest.random(n * d, n);
        float[] k = LongConvolutionTest.random((2 * n - 1) * d, 7 + n);
        float[] java = LongConvolution.convolve(v, k, n, d);
        float[] direct = n <= 257 ? LongConvolutionTest.direct(v, k, n, d) : java;
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray y = EngineLongConvolution.convolve(m.create(v, new Shape(d, n)), m.create(k, new Shape(d, 2 * n - 1)));
            assertEquals(new Shape(d, n), y.getShape());
            float[] engine = y.toFloatArray();
            for (int i = 0; i < engine.length; i++) {
                assertEquals(direct[i], engine[i], 1e-4 * Math.max(1, Math.abs(direct[i])), "vs direct, index " + i);
                assertEquals(java[i], engine[i], 1e-4 * Math.max(1, Math.abs(java[i])), "vs Java, index " + i);
            }
        }
    }

    /** d/dv and d/dk of Σ w ⊙ y are correlations; compare with central differences of the Java backend. */
    @Test
    void gradientsMatchFiniteDifferences() {
        int n = 6;
        int d = 2;
        float[] v = LongConvolutionTest.random(n * d, 1);
        float[] k = LongConvolutionTest.random((2 * n - 1) * d, 2);
        float[] w = LongConvolutionTest.random(n * d, 3);
        float[] gv;
        float[] gk;
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray vt = m.create(v, new Shape(d, n));
            NDArray kt = m.create(k, new Shape(d, 2 * n - 1));
            vt.setRequiresGradient(true);
            kt.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray loss = EngineLongConvolution.convolve(vt, kt).mul(m.create(w, new Shape(d, n))).sum();
                gc.backward(loss);
            }
            gv = vt.getGradient().toFloatArray();
            gk = kt.getGradient().toFloatArray();
        }
        float eps = 1e-2f;
        for (int i = 0; i < v.length; i++) {
            float[] p = v.clone();
            float[] q = v.clone();
            p[i] += eps;
            q[i] -= eps;
            double fd = (loss(p, k, w, n, d) - loss(q, k, w, n, d)) / (2 * eps);
            assertEquals(fd, gv[i], 1e-3, "d/dv " + i);
        }
        for (int i = 0; i < k.length; i++) {
            float[] p = k.clone();
            float[] q = k.clone();
            p[i] += eps;
            q[i] -= eps;
            double fd = (loss(v, p, w, n, d) - loss(v, q, w, n, d)) / (2 * eps);
            assertEquals(fd, gk[i], 1e-3, "d/dk " + i);
        }
    }

    private static double loss(float[] v, float[] k, float[] w, int n, int d) {
        float[] y = LongConvolutionTest.direct(v, k, n, d);
        double s = 0;
        for (int i = 0; i < y.length; i++) {
            s += (double) y[i] * w[i];
        }
        return s;
    }
}
