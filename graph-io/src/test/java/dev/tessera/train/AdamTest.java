package dev.tessera.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AdamTest {
    private static Parameter parameter(NDManager manager, String name, float... values) {
        Parameter p = Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(values.length)).optInitializer((m, s, t) -> m.create(values)).build();
        p.initialize(manager, DataType.FLOAT32);
        return p;
    }

    /** Backward of {@code Σ_k Σ_i c_k[i]·w_k[i]}: the gradient of parameter k is c_k. */
    private static void gradients(NDManager manager, List<Parameter> params, float[]... c) {
        try (NDManager tmp = manager.newSubManager();
                GradientCollector gc = manager.getEngine().newGradientCollector()) {
            NDArray loss = tmp.zeros(new Shape());
            for (int k = 0; k < params.size(); k++) {
                loss = loss.add(tmp.create(c[k]).mul(params.get(k).getArray()).sum());
            }
            gc.backward(loss);
        }
    }

    @Test
    void firstStepByHand() {
        // Step 1: m̂ = g, v̂ = g², so the Adam update is lr·g/(|g| + ε) ≈ lr·sign(g).
        // AdamW, lr 0.1, λ 0.1: w = 1·(1 − 0.01) − 0.1 = 0.89.   Adam: g = 0.5 + 0.1·1 = 0.6, w = 1 − 0.1 = 0.9.
        try (NDManager m = NDManager.newBaseManager()) {
            Parameter a = parameter(m, "a", 1f);
            Parameter b = parameter(m, "b", 1f);
            try (Adam adamW = new Adam(List.of(a), TrainConfig.Optimizer.ADAMW, 0.9, 0.999, 1e-8, 0.1, m);
                    Adam adam = new Adam(List.of(b), TrainConfig.Optimizer.ADAM, 0.9, 0.999, 1e-8, 0.1, m)) {
                gradients(m, List.of(a, b), new float[] {0.5f}, new float[] {0.5f});
                adamW.step(0.1);
                adam.step(0.1);
                assertEquals(0.89f, a.getArray().getFloat(0), 1e-6f);
                assertEquals(0.9f, b.getArray().getFloat(0), 1e-6f);
                assertEquals(1, adam.stepCount());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TrainConfig.Optimizer.class)
    void threeStepsFollowTheFormula(TrainConfig.Optimizer optimizer) {
        double lr = 0.05;
        double wd = 0.2;
        double b1 = 0.8;
        double b2 = 0.99;
        double eps = 1e-3; // large enough to matter
        double[] w = {1, -2, 0.5};
        double[] mm = new double[3];
        double[] vv = new double[3];
        float[][] grads = {{0.5f, 3f, -1f}, {-2f, 1f, 0.25f}, {0f, 0.5f, 4f}};
        try (NDManager m = NDManager.newBaseManager()) {
            Parameter p = parameter(m, "w", 1f, -2f, 0.5f);
            try (Adam adam = new Adam(List.of(p), optimizer, b1, b2, eps, wd, m)) {
                for (int t = 1; t <= grads.length; t++) {
                    gradients(m, List.of(p), grads[t - 1]);
                    adam.step(lr);
                    for (int i = 0; i < 3; i++) {
                        double g = grads[t - 1][i];
                        if (optimizer == TrainConfig.Optimizer.ADAM) {
                            g += wd * w[i];
                        } else {
                            w[i] *= 1 - lr * wd;
                        }
                        mm[i] = b1 * mm[i] + (1 - b1) * g;
                        vv[i] = b2 * vv[i] + (1 - b2) * g * g;
                        double mHat = mm[i] / (1 - Math.pow(b1, t));
                        double vHat = vv[i] / (1 - Math.pow(b2, t));
                        w[i] -= lr * mHat / (Math.sqrt(vHat) + eps);
                    }
                    float[] actual = p.getArray().toFloatArray();
                    for (int i = 0; i < 3; i++) {
                        assertEquals(w[i], actual[i], 2e-6, "step " + t + " element " + i);
                    }
                    try (NDArray g = p.getArray().getGradient()) {
                        assertArrayEquals(new float[3], g.toFloatArray(), "gradient zeroed after the step");
                    }
                }
                float[] m1 = adam.firstMoments().get(0).toFloatArray();
                for (int i = 0; i < 3; i++) {
                    assertEquals(mm[i], m1[i], 1e-6);
                }
            }
        }
    }

    @Test
    void clippingScalesTheGlobalNorm() {
        try (NDManager m = NDManager.newBaseManager()) {
            Parameter a = parameter(m, "a", 0f, 0f);
            Parameter b = parameter(m, "b", 0f);
            List<Parameter> both = List.of(a, b);
            gradients(m, both, new float[] {3f, 4f}, new float[] {12f}); // ‖g‖ = 13
            assertEquals(13.0, GradientClipping.clipGlobalNorm(both, 100, m), 1e-5);
            assertArrayEquals(new float[] {3f, 4f}, grad(a), "below the limit: unchanged");
            assertEquals(13.0, GradientClipping.clipGlobalNorm(both, 6.5, m), 1e-5);
            assertArrayEquals(new float[] {1.5f, 2f}, grad(a), 1e-5f);
            assertArrayEquals(new float[] {6f}, grad(b), 1e-5f);
            assertEquals(6.5, GradientClipping.clipGlobalNorm(both, 6.5, m), 1e-5);
        }
    }

    private static float[] grad(Parameter p) {
        try (NDArray g = p.getArray().getGradient()) {
            return g.toFloatArray();
        }
    }
}
