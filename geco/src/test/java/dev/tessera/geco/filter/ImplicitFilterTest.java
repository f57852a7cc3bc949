package dev.tessera.geco.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

class ImplicitFilterTest {
    private static float[] kernel(boolean bidirectional, boolean normalized, int n, int channels) {
        try (NDManager m = NDManager.newBaseManager()) {
            ImplicitFilter f = new ImplicitFilter(channels, 1, 16, 2, 1f, 0.3f, 1.5f, 1e-2f, bidirectional, normalized);
            Engine.getInstance().setRandomSeed(3);
            f.initialize(m, DataType.FLOAT32);
            NDArray k = f.kernel(new ParameterStore(m, false), m.zeros(new Shape(1)), n, 0, channels, false);
            assertEquals(new Shape(channels, 2 * n - 1), k.getShape());
            return k.toFloatArray();
        }
    }

    @Test
    void normalizedChannelsHaveUnitL1Norm() {
        int n = 50;
        int c = 3;
        float[] k = kernel(true, true, n, c);
        for (int ch = 0; ch < c; ch++) {
            double l1 = 0;
            for (int r = 0; r < 2 * n - 1; r++) {
                l1 += Math.abs(k[ch * (2 * n - 1) + r]);
            }
            assertEquals(1.0, l1, 1e-4, "channel " + ch);
        }
    }

    @Test
    void causalFiltersAreZeroAtNegativeLags() {
        int n = 20;
        int c = 2;
        float[] k = kernel(false, false, n, c);
        double positive = 0;
        for (int r = 0; r < 2 * n - 1; r++) {
            for (int ch = 0; ch < c; ch++) {
                if (r < n - 1) {
                    assertEquals(0f, k[ch * (2 * n - 1) + r], "lag " + (r - n + 1));
                } else {
                    positive += Math.abs(k[ch * (2 * n - 1) + r]);
                }
            }
        }
        assertTrue(positive > 0);
    }

    @Test
    void bidirectionalFiltersHaveBothSides() {
        int n = 20;
        float[] k = kernel(true, false, n, 1);
        double negative = 0;
        for (int r = 0; r < n - 1; r++) {
            negative += Math.abs(k[r]);
        }
        assertTrue(negative > 0);
    }

    @Test
    void lengthOneIsTheLagZeroTap() {
        assertEquals(4, kernel(true, true, 1, 4).length);
    }
}
