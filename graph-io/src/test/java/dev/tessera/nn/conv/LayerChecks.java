package dev.tessera.nn.conv;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.SplittableRandom;
import java.util.function.Function;

/** Shared helpers of the layer tests: random tensors and a gradient check by central differences. */
final class LayerChecks {
    private LayerChecks() {
    }

    static float[] random(SplittableRandom r, int size) {
        float[] a = new float[size];
        for (int i = 0; i < size; i++) {
            a[i] = (float) r.nextDouble(-1, 1);
        }
        return a;
    }

    static void assertClose(float[] expected, float[] actual, double tol) {
        assertEquals(expected.length, actual.length, "length");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tol * Math.max(1, Math.abs(expected[i])), "entry " + i);
        }
    }

    /**
     * Checks the autograd gradient of {@code loss = Σ f(inputs) ⊙ R} with respect to every input against central
     * differences {@code (loss(a + eps) - loss(a - eps)) / 2 eps} over every entry.
     *
     * @param manager where the temporaries live
     * @param values the inputs' data
     * @param shapes the inputs' shapes
     * @param f the function under test
     * @param seed seeds R
     */
    static void checkGradients(NDManager manager, float[][] values, Shape[] shapes, Function<NDList, NDArray> f, long seed) {
        float eps = 1e-2f;
        float[] weights;
        float[][] analytic = new float[values.length][];
        try (NDManager m = manager.newSubManager()) {
            NDList in = inputs(m, values, shapes);
            in.forEach(a -> a.setRequiresGradient(true));
            NDArray y = f.apply(in);
            weights = random(new SplittableRandom(seed), (int) y.size());
            try (GradientCollector gc = manager.getEngine().newGradientCollector()) {
                NDArray loss = f.apply(in).mul(m.create(weights, y.getShape())).sum();
                gc.backward(loss);
            }
            for (int i = 0; i < values.length; i++) {
                analytic[i] = in.get(i).getGradient().toFloatArray();
            }
        }
        for (int i = 0; i < values.length; i++) {
            for (int k = 0; k < values[i].length; k++) {
                float saved = values[i][k];
                values[i][k] = saved + eps;
                double plus = loss(manager, values, shapes, f, weights);
                values[i][k] = saved - eps;
                double minus = loss(manager, values, shapes, f, weights);
                values[i][k] = saved;
                double numeric = (plus - minus) / (2 * eps);
                assertEquals(numeric, analytic[i][k], 1e-2 * Math.max(1, Math.abs(numeric)),
                        "d loss / d input " + i + "[" + k + "]");
            }
        }
    }

    private static double loss(NDManager manager, float[][] values, Shape[] shapes, Function<NDList, NDArray> f,
            float[] weights) {
        try (NDManager m = manager.newSubManager()) {
            NDArray y = f.apply(inputs(m, values, shapes));
            return y.mul(m.create(weights, y.getShape())).sum().getFloat();
        }
    }

    private static NDList inputs(NDManager m, float[][] values, Shape[] shapes) {
        NDList in = new NDList();
        for (int i = 0; i < values.length; i++) {
            in.add(m.create(values[i], shapes[i]));
        }
        return in;
    }
}
