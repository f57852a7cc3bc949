package dev.tessera.nn.functional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

class DropoutTest {
    @Test
    void keepsTheExpectedShareAndScalesKeptValues() {
        float[] m = Dropout.mask(200_000, 0.3f, 42);
        int kept = 0;
        for (float v : m) {
            if (v != 0f) {
                assertEquals(1f / 0.7f, v, 0f);
                kept++;
            }
        }
        // Binomial(200000, 0.7): std about 205, so 5 std is about 1000.
        assertEquals(140_000, kept, 1_000);
    }

    @Test
    void sameEngineSeedSameMaskAndGradientIsTheMask() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.ones(new Shape(64, 32));
            Engine.getInstance().setRandomSeed(7);
            float[] a = Dropout.dropout(x, 0.5f, true).toFloatArray();
            Engine.getInstance().setRandomSeed(7);
            float[] b = Dropout.dropout(x, 0.5f, true).toFloatArray();
            assertArrayEquals(a, b);
            float[] c = Dropout.dropout(x, 0.5f, true).toFloatArray();
            assertTrue(!java.util.Arrays.equals(a, c), "a new draw gives a new mask");

            NDArray w = manager.ones(new Shape(64, 32));
            w.setRequiresGradient(true);
            Engine.getInstance().setRandomSeed(7);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = Dropout.dropout(w, 0.5f, true);
                gc.backward(y.sum());
            }
            // d(sum(w ⊙ m / (1 − p)))/dw = m / (1 − p): the same values as the forward output for w = 1.
            assertArrayEquals(a, w.getGradient().toFloatArray());
        }
    }

    @Test
    void evaluationAndZeroProbabilityAreTheIdentity() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.ones(new Shape(3, 2));
            assertSame(x, Dropout.dropout(x, 0.5f, false));
            assertSame(x, Dropout.dropout(x, 0f, true));
        }
    }

    @Test
    void engineMaskIsTheJavaMaskOfTheEngineDrawnSeed() {
        // 3 chunks and a partial one, and a size that is not a multiple of the four 16-bit draws per long
        int size = 3 * (1 << 14) + 4001;
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(21);
            long seed = manager.randomInteger(0, Long.MAX_VALUE, new Shape(1), ai.djl.ndarray.types.DataType.INT64)
                    .getLong();
            float[] expected = Dropout.mask(size, 0.3f, seed);
            Engine.getInstance().setRandomSeed(21);
            float[] actual = Dropout.dropout(manager.ones(new Shape(size)), 0.3f, true).toFloatArray();
            assertArrayEquals(expected, actual);
        }
    }

    @Test
    void theMaskSurvivesGarbageCollectionUntilBackward() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray w = manager.ones(new Shape(256, 256));
            w.setRequiresGradient(true);
            Engine.getInstance().setRandomSeed(3);
            float[] expected;
            try (NDManager step = manager.newSubManager();
                    GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray x = w.get(new ai.djl.ndarray.index.NDIndex(":"));
                x.attach(step);
                NDArray y = Dropout.dropout(x, 0.5f, true);
                expected = y.toFloatArray();
                for (int i = 0; i < 3; i++) {
                    System.gc();
                    // Fresh allocations that would reuse a freed mask's memory.
                    manager.create(new float[256 * 256], new Shape(256, 256)).close();
                }
                gc.backward(y.sum());
            }
            assertArrayEquals(expected, w.getGradient().toFloatArray());
        }
    }
}
