package dev.tessera.nn.conv;

import static dev.tessera.nn.conv.LayerChecks.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import dev.tessera.graph.CsrBuilder;
import dev.tessera.graph.CsrGraph;
import dev.tessera.nn.GraphContext;
import dev.tessera.nn.GraphContext.Aggregation;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SageConvTest {
    /** Directed: 0 → 1, 0 → 2, 1 → 2. */
    private static final CsrGraph DIRECTED = new CsrBuilder(3).addEdge(0, 1).addEdge(0, 2).addEdge(1, 2).build();

    @Test
    void layerMatchesHandComputedOutput() {
        // X = [[1, 0], [0, 1], [1, 1]], W_root = [1, -2], W_neigh = [2, 1], b = 0.5.
        // X W_rootᵀ = [1, -2, -1]; X W_neighᵀ = [2, 1, 3]; in-neighbour means: node 0 none (0), node 1 {0}, node 2 {0, 1}.
        // Y0 = 1 + 0 + 0.5 = 1.5;  Y1 = -2 + 2 + 0.5 = 0.5;  Y2 = -1 + (2 + 1)/2 + 0.5 = 1.0
        try (NDManager m = NDManager.newBaseManager(); GraphContext g = GraphContext.of(DIRECTED, m)) {
            SageConv conv = SageConv.builder().setInputSize(2).setOutputSize(1).build();
            conv.initialize(m, DataType.FLOAT32);
            conv.getParameters().get("rootWeight").getArray().set(new float[] {1, -2});
            conv.getParameters().get("neighbourWeight").getArray().set(new float[] {2, 1});
            conv.getParameters().get("bias").getArray().set(new float[] {0.5f});
            NDArray y = conv.forward(new ParameterStore(m, false), g,
                    m.create(new float[] {1, 0, 0, 1, 1, 1}, new Shape(3, 2)), false);
            assertEquals(new Shape(3, 1), y.getShape());
            assertClose(new float[] {1.5f, 0.5f, 1.0f}, y.toFloatArray(), 1e-6);
        }
    }

    @Test
    void bothOrdersOfTheMeanAgree() {
        CsrGraph g = GcnConvTest.randomGraph(7, 20, 4);
        SplittableRandom r = new SplittableRandom(6);
        try (NDManager m = NDManager.newBaseManager(); GraphContext ctx = GraphContext.of(g, m)) {
            var mean = ctx.propagation(Aggregation.MEAN);
            for (int[] sizes : new int[][] {{3, 5}, {5, 3}}) {
                NDArray x = m.create(LayerChecks.random(r, 7 * sizes[0]), new Shape(7, sizes[0]));
                NDArray wr = m.create(LayerChecks.random(r, sizes[1] * sizes[0]), new Shape(sizes[1], sizes[0]));
                NDArray wn = m.create(LayerChecks.random(r, sizes[1] * sizes[0]), new Shape(sizes[1], sizes[0]));
                NDArray b = m.create(LayerChecks.random(r, sizes[1]));
                float[] y = SageConv.sageConv(ctx, x, wr, wn, b).toFloatArray();
                NDArray root = Linear.linear(x, wr).singletonOrThrow();
                float[] meanLast = mean.propagate(Linear.linear(x, wn).singletonOrThrow()).add(b).add(root).toFloatArray();
                float[] meanFirst = Linear.linear(mean.propagate(x), wn, b).singletonOrThrow().add(root).toFloatArray();
                assertClose(meanLast, y, 1e-5);
                assertClose(meanFirst, y, 1e-5);
            }
        }
    }

    @Test
    void gradientsMatchCentralDifferences() {
        CsrGraph g = GcnConvTest.randomGraph(5, 12, 21);
        SplittableRandom r = new SplittableRandom(23);
        try (NDManager m = NDManager.newBaseManager(); GraphContext ctx = GraphContext.of(g, m)) {
            for (int[] sizes : new int[][] {{2, 3}, {3, 2}}) {
                int fi = sizes[0];
                int fo = sizes[1];
                LayerChecks.checkGradients(m,
                        new float[][] {LayerChecks.random(r, 5 * fi), LayerChecks.random(r, fo * fi),
                                LayerChecks.random(r, fo * fi), LayerChecks.random(r, fo)},
                        new Shape[] {new Shape(5, fi), new Shape(fo, fi), new Shape(fo, fi), new Shape(fo)},
                        in -> SageConv.sageConv(ctx, in.get(0), in.get(1), in.get(2), in.get(3)), 29);
            }
        }
    }
}
