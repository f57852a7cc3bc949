package dev.tessera.geco.fft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class LongConvolutionTest {
    /** The definition, O(n² d), channels first: y[c, i] = Σ_j k[c, i − j + n − 1] v[c, j]. */
    static float[] direct(float[] v, float[] k, int n, int d) {
        float[] y = new float[n * d];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < d; c++) {
                double s = 0;
                for (int j = 0; j < n; j++) {
                    s += (double) k[c * (2 * n - 1) + i - j + n - 1] * v[c * n + j];
                }
                y[c * n + i] = (float) s;
            }
        }
        return y;
    }

    static float[] random(int size, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = new float[size];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) (2 * r.nextDouble() - 1);
        }
        return a;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7, 50, 257})
    void equalsDirectConvolution(int n) {
        int d = 5;
        float[] v = random(n * d, n);
        float[] k = random((2 * n - 1) * d, 100 + n);
        float[] expected = direct(v, k, n, d);
        float[] actual = LongConvolution.convolve(v, k, n, d);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-4 * Math.max(1, Math.abs(expected[i])), "index " + i);
        }
    }

    @Test
    void identityKernelReturnsTheSequence() {
        int n = 64;
        int d = 3;
        float[] v = random(n * d, 1);
        float[] k = new float[(2 * n - 1) * d];
        for (int c = 0; c < d; c++) {
            k[c * (2 * n - 1) + n - 1] = 1f; // lag 0
        }
        float[] y = LongConvolution.convolve(v, k, n, d);
        for (int i = 0; i < v.length; i++) {
            assertEquals(v[i], y[i], 1e-5);
        }
    }

    @Test
    void shiftKernelShiftsBothWays() {
        int n = 10;
        float[] v = new float[n];
        v[4] = 1f;
        float[] k = new float[2 * n - 1];
        k[n - 1 + 2] = 1f; // lag +2: y[i] = v[i - 2]
        k[n - 1 - 3] = 0.5f; // lag -3: y[i] += 0.5 v[i + 3]
        float[] y = LongConvolution.convolve(v, k, n, 1);
        for (int i = 0; i < n; i++) {
            float expected = i == 6 ? 1f : i == 1 ? 0.5f : 0f;
            assertEquals(expected, y[i], 1e-6, "position " + i);
        }
    }

    @Test
    void spectrumIsReusable() {
        int n = 31;
        int d = 2;
        float[] k = random((2 * n - 1) * d, 3);
        LongConvolution.Spectrum s = LongConvolution.spectrum(k, n, d);
        for (int seed = 0; seed < 3; seed++) {
            float[] v = random(n * d, seed);
            float[] expected = direct(v, k, n, d);
            float[] actual = LongConvolution.convolve(v, s);
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], actual[i], 1e-4);
            }
        }
    }

    @Test
    void rejectsMismatchedShapes() {
        assertThrows(IllegalArgumentException.class, () -> LongConvolution.convolve(new float[6], new float[5], 3, 2));
    }
}
