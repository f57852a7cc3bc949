package dev.tessera.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.junit.jupiter.api.Test;

class LayersTest {
    @Test
    void denseIsXTimesWTransposedPlusB() {
        try (NDManager m = NDManager.newBaseManager()) {
            Dense d = new Dense(3, 2, true);
            d.initialize(m, DataType.FLOAT32, new Shape(1, 3));
            d.namedParameters().get("weight").getArray().set(new float[] {1, 2, 3, -1, 0, 2});
            d.namedParameters().get("bias").getArray().set(new float[] {0.5f, -1});
            NDArray x = m.create(new float[] {1, 1, 1, 2, 0, -1}, new Shape(2, 3));
            float[] y = d.forward(new ParameterStore(m, false), x, false).toFloatArray();
            // rows: (1+2+3+0.5, -1+0+2-1) and (2+0-3+0.5, -2+0-2-1)
            assertArrayEquals(new float[] {6.5f, 0f, -0.5f, -5f}, y, 1e-6f);
        }
    }

    @Test
    void normGivesZeroMeanUnitVarianceRows() {
        try (NDManager m = NDManager.newBaseManager()) {
            Norm n = new Norm(4);
            n.initialize(m, DataType.FLOAT32, new Shape(1, 4));
            NDArray x = m.create(new float[] {1, 2, 3, 4, -3, 0, 0, 3}, new Shape(2, 4));
            float[] y = n.forward(new ParameterStore(m, false), x, false).toFloatArray();
            // row 1: mean 2.5, variance 1.25; row 2: mean 0, variance 4.5 (biased, as PyTorch)
            float s1 = (float) Math.sqrt(1.25 + Norm.EPS);
            float s2 = (float) Math.sqrt(4.5 + Norm.EPS);
            assertArrayEquals(new float[] {-1.5f / s1, -0.5f / s1, 0.5f / s1, 1.5f / s1, -3 / s2, 0, 0, 3 / s2}, y,
                    1e-5f);
        }
    }

    @Test
    void feedForwardNamesAndShapes() {
        try (NDManager m = NDManager.newBaseManager()) {
            FeedForward f = new FeedForward(4, 2, 0.5f);
            f.initialize(m, DataType.FLOAT32, new Shape(1, 4));
            assertEquals(List.of("up_weight", "up_bias", "down_weight", "down_bias"),
                    List.copyOf(f.namedParameters().keySet()));
            assertEquals(new Shape(8, 4), f.namedParameters().get("up_weight").getArray().getShape());
            NDArray y = f.forward(new ParameterStore(m, false), m.ones(new Shape(3, 4)), false);
            assertEquals(new Shape(3, 4), y.getShape());
        }
    }
}
