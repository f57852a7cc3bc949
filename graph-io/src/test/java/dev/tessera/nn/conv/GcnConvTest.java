package dev.tessera.nn.conv;

import static dev.tessera.nn.conv.LayerChecks.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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

class GcnConvTest {
    /** Directed: 0 → 1, 0 → 2, 1 → 2. */
    private static final CsrGraph DIRECTED = new CsrBuilder(3).addEdge(0, 1).addEdge(0, 2).addEdge(1, 2).build();
    /** Undirected path 0 - 1 - 2. */
    private static final CsrGraph PATH = new CsrBuilder(3).addUndirectedEdge(0, 1).addUndirectedEdge(1, 2).build();

    private static final float[] X = {1, 0, 0, 1, 1, 1};
    /** W [1, 2] = [1, 2], so X Wᵀ = [1, 2, 3]. */
    private static final float[] W = {1, 2};

    @Test
    void layerMatchesHandComputedOutputWithSelfLoops() {
        // Self-loops added, in-degrees + 1: d0 = 1, d1 = 2, d2 = 3; Â[u→v] = 1/sqrt(d_u d_v), messages summed at v.
        // Y0 = 1/1·1 + 0.5                           = 1.5
        // Y1 = 1/sqrt(2)·1 + 1/2·2 + 0.5             = 2.2071068
        // Y2 = 1/sqrt(3)·1 + 1/sqrt(6)·2 + 1/3·3 + 0.5 = 2.8938469
        try (NDManager m = NDManager.newBaseManager(); GraphContext g = GraphContext.of(DIRECTED, m)) {
            GcnConv conv = GcnConv.builder().setInputSize(2).setOutputSize(1).build();
            conv.initialize(m, DataType.FLOAT32);
            conv.getParameters().get("weight").getArray().set(W);
            conv.getParameters().get("bias").getArray().set(new float[] {0.5f});
            NDArray y = conv.forward(new ParameterStore(m, false), g, m.create(X, new Shape(3, 2)), false);
            assertEquals(new Shape(3, 1), y.getShape());
            assertClose(new float[] {1.5f, 2.2071068f, 2.8938469f}, y.toFloatArray(), 1e-6);
        }
    }

    @Test
    void functionalMatchesHandComputedOutputWithoutSelfLoops() {
        // Path without self-loops: d = (1, 2, 1); Y0 = 2/sqrt(2), Y1 = 1/sqrt(2) + 3/sqrt(2), Y2 = 2/sqrt(2).
        try (NDManager m = NDManager.newBaseManager(); GraphContext g = GraphContext.of(PATH, m)) {
            NDArray y = GcnConv.gcnConv(g, m.create(X, new Shape(3, 2)), m.create(W, new Shape(1, 2)), null, false);
            assertClose(new float[] {1.4142136f, 2.8284271f, 1.4142136f}, y.toFloatArray(), 1e-6);
        }
    }

    @Test
    void bothOrdersOfTheProductsAgree() {
        CsrGraph g = randomGraph(7, 20, 3);
        SplittableRandom r = new SplittableRandom(5);
        try (NDManager m = NDManager.newBaseManager(); GraphContext ctx = GraphContext.of(g, m)) {
            var a = ctx.propagation(Aggregation.GCN_SELF_LOOPS);
            // F_in 3 < F_out 5 (propagates first) and F_in 5 > F_out 3 (multiplies first).
            for (int[] sizes : new int[][] {{3, 5}, {5, 3}}) {
                NDArray x = m.create(LayerChecks.random(r, 7 * sizes[0]), new Shape(7, sizes[0]));
                NDArray w = m.create(LayerChecks.random(r, sizes[1] * sizes[0]), new Shape(sizes[1], sizes[0]));
                NDArray b = m.create(LayerChecks.random(r, sizes[1]));
                float[] y = GcnConv.gcnConv(ctx, x, w, b, true).toFloatArray();
                float[] propagateLast = a.propagate(Linear.linear(x, w).singletonOrThrow()).add(b).toFloatArray();
                float[] propagateFirst = Linear.linear(a.propagate(x), w, b).singletonOrThrow().toFloatArray();
                assertClose(propagateLast, y, 1e-5);
                assertClose(propagateFirst, y, 1e-5);
            }
        }
    }

    @Test
    void gradientsMatchCentralDifferences() {
        CsrGraph g = randomGraph(5, 12, 11);
        SplittableRandom r = new SplittableRandom(13);
        try (NDManager m = NDManager.newBaseManager(); GraphContext ctx = GraphContext.of(g, m)) {
            for (int[] sizes : new int[][] {{2, 3}, {3, 2}}) {
                int fi = sizes[0];
                int fo = sizes[1];
                LayerChecks.checkGradients(m,
                        new float[][] {LayerChecks.random(r, 5 * fi), LayerChecks.random(r, fo * fi), LayerChecks.random(r, fo)},
                        new Shape[] {new Shape(5, fi), new Shape(fo, fi), new Shape(fo)},
                        in -> GcnConv.gcnConv(ctx, in.get(0), in.get(1), in.get(2), true), 17);
            }
        }
    }

    @Test
    void builderRequiresSizes() {
        assertThrows(IllegalArgumentException.class, () -> GcnConv.builder().setOutputSize(3).build());
        assertThrows(IllegalArgumentException.class, () -> GcnConv.builder().setInputSize(3).build());
    }

    /** A random directed multigraph with self-loops allowed. */
    static CsrGraph randomGraph(int n, int edges, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        CsrBuilder b = new CsrBuilder(n).optDuplicates(CsrBuilder.Duplicates.KEEP);
        for (int i = 0; i < edges; i++) {
            b.addEdge(r.nextInt(n), r.nextInt(n));
        }
        return b.build();
    }
}
