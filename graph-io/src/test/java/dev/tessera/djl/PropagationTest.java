package dev.tessera.djl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.tessera.TesseraException;
import dev.tessera.djl.Propagation.Kernel;
import dev.tessera.djl.Propagation.Normalization;
import dev.tessera.graph.CsrBuilder;
import dev.tessera.graph.CsrGraph;
import dev.tessera.transforms.GcnNorm;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PropagationTest {
    /**
     * A random multigraph on n nodes: rows 0 and n-1 empty, node 1 isolated (no edges in or out), some self-loops
     * and duplicates, and node 2 a hub of degree 40 (beyond the exact-width buckets).
     */
    private static CsrGraph randomGraph(int n, boolean weighted, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        CsrBuilder b = new CsrBuilder(n).optDuplicates(CsrBuilder.Duplicates.KEEP);
        if (weighted) {
            b.optWeighted();
        }
        for (int i = 0; i < 4 * n; i++) {
            int u = 2 + r.nextInt(n - 3);
            int v = r.nextInt(n);
            if (v == 1) {
                continue;
            }
            add(b, u, i % 7 == 0 ? u : v, weighted, r);
        }
        for (int i = 0; i < 40; i++) {
            add(b, 2, 2 + r.nextInt(n - 2), weighted, r);
        }
        return b.build();
    }

    private static void add(CsrBuilder b, int u, int v, boolean weighted, SplittableRandom r) {
        if (weighted) {
            b.addEdge(u, v, (float) r.nextDouble(-1, 2));
        } else {
            b.addEdge(u, v);
        }
    }

    /** Plain double-precision CSR loop: Y[u] += w·X[v] per edge u → v, or Y[v] += w·X[u] when transposed. */
    private static double[] reference(CsrGraph g, double[] rowScale, boolean transposed, float[] x, int f) {
        double[] y = new double[g.numNodes() * f];
        for (int u = 0; u < g.numNodes(); u++) {
            for (long k = g.rowStart(u); k < g.rowEnd(u); k++) {
                int v = g.target(k);
                int out = transposed ? v : u;
                int src = transposed ? u : v;
                double w = g.weight(k) * (rowScale == null ? 1 : rowScale[out]);
                for (int j = 0; j < f; j++) {
                    y[out * f + j] += w * x[src * f + j];
                }
            }
        }
        return y;
    }

    /** 1 / (edges summed into each output row), 0 for empty rows. */
    private static double[] meanScale(CsrGraph g, boolean transposed) {
        double[] count = new double[g.numNodes()];
        for (int u = 0; u < g.numNodes(); u++) {
            for (long k = g.rowStart(u); k < g.rowEnd(u); k++) {
                count[transposed ? g.target(k) : u]++;
            }
        }
        for (int v = 0; v < count.length; v++) {
            count[v] = count[v] == 0 ? 0 : 1 / count[v];
        }
        return count;
    }

    private static float[] randomFloats(int len, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = new float[len];
        for (int i = 0; i < len; i++) {
            a[i] = (float) r.nextDouble(-1, 1);
        }
        return a;
    }

    private static void assertClose(double[] expected, float[] actual, double tol) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            double err = Math.abs(expected[i] - actual[i]);
            assertTrue(err <= tol * Math.max(1, Math.abs(expected[i])),
                    "entry " + i + ": expected " + expected[i] + ", got " + actual[i]);
        }
    }

    @Test
    void handComputedPathWithSelfLoopAndIsolatedNode() {
        // 0 → 1 (w 2), 1 → 0 (w 3), 1 → 1 (w 0.5); node 2 isolated. X = [[1], [10], [100]].
        CsrGraph g = new CsrBuilder(3).optWeighted().addEdge(0, 1, 2f).addEdge(1, 0, 3f).addEdge(1, 1, 0.5f).build();
        for (Kernel k : Kernel.values()) {
            try (NDManager m = NDManager.newBaseManager();
                    Propagation p = Propagation.builder().setGraph(g).optKernel(k).build(m)) {
                NDArray x = m.create(new float[] {1, 10, 100}, new Shape(3, 1));
                assertArrayEquals(new float[] {20, 8, 0}, p.propagate(x).toFloatArray(), k.name());
                try (Propagation t = Propagation.builder().setGraph(g).optKernel(k).optTransposed(true).build(m)) {
                    // Y[0] = 3·X[1], Y[1] = 2·X[0] + 0.5·X[1].
                    assertArrayEquals(new float[] {30, 7, 0}, t.propagate(x).toFloatArray(), k.name());
                }
            }
        }
    }

    /** Every normalization, direction and kernel, on the engine (gradient) and in plain Java (no gradient). */
    @Test
    void forwardMatchesDoubleReference() {
        int n = 60;
        int f = 5;
        float[] xs = randomFloats(n * f, 7);
        for (boolean weighted : new boolean[] {false, true}) {
            CsrGraph g = randomGraph(n, weighted, weighted ? 11 : 12);
            CsrGraph gcn = GcnNorm.gcnNorm(g);
            for (boolean transposed : new boolean[] {false, true}) {
                for (Kernel k : Kernel.values()) {
                    for (boolean gradient : new boolean[] {true, false}) {
                        try (NDManager m = NDManager.newBaseManager()) {
                            NDArray x = m.create(xs, new Shape(n, f));
                            assertClose(reference(g, null, transposed, xs, f),
                                    run(m, g, Normalization.NONE, transposed, k, x, gradient), 1e-5);
                            assertClose(reference(gcn, null, transposed, xs, f),
                                    run(m, g, Normalization.GCN, transposed, k, x, gradient), 1e-5);
                            assertClose(reference(g, meanScale(g, transposed), transposed, xs, f),
                                    run(m, g, Normalization.MEAN, transposed, k, x, gradient), 1e-5);
                        }
                    }
                }
            }
        }
    }

    /** Wide enough for the plain-Java product (the test above is below its threshold): same values as the engine. */
    @Test
    void javaProductMatchesTheReferenceAndTheEngine() {
        int n = 60;
        CsrGraph g = randomGraph(n, true, 21);
        CsrGraph gcn = GcnNorm.gcnNorm(g);
        int f = (int) (Propagation.JAVA_MIN_WORK / gcn.numEdges()) + 1;
        float[] xs = randomFloats(n * f, 8);
        for (boolean transposed : new boolean[] {false, true}) {
            try (NDManager m = NDManager.newBaseManager()) {
                NDArray x = m.create(xs, new Shape(n, f));
                float[] java = run(m, g, Normalization.GCN, transposed, Kernel.SPARSE_MATMUL, x, false);
                float[] engine = run(m, g, Normalization.GCN, transposed, Kernel.SPARSE_MATMUL, x, true);
                assertClose(reference(gcn, null, transposed, xs, f), java, 1e-5);
                for (int i = 0; i < java.length; i++) {
                    assertEquals(engine[i], java[i], 1e-5, "entry " + i);
                }
            }
        }
    }

    private static float[] run(NDManager m, CsrGraph g, Normalization norm, boolean transposed, Kernel k,
            NDArray x, boolean gradient) {
        try (Propagation p = Propagation.builder().setGraph(g).optNormalization(norm).optTransposed(transposed)
                .optKernel(k).build(m)) {
            NDArray y = p.propagate(x, gradient);
            assertEquals(x.getShape(), y.getShape());
            return y.toFloatArray();
        }
    }

    @Test
    void gradientIsTransposedProduct() {
        int n = 40;
        int f = 3;
        CsrGraph g = randomGraph(n, true, 5);
        float[] xs = randomFloats(n * f, 8);
        float[] dys = randomFloats(n * f, 9);
        for (Kernel k : Kernel.values()) {
            for (boolean transposed : new boolean[] {false, true}) {
                try (NDManager m = NDManager.newBaseManager();
                        Propagation p = Propagation.builder().setGraph(g).optTransposed(transposed).optKernel(k)
                                .build(m)) {
                    NDArray x = m.create(xs, new Shape(n, f));
                    x.setRequiresGradient(true);
                    NDArray dy = m.create(dys, new Shape(n, f));
                    try (GradientCollector gc = m.getEngine().newGradientCollector()) {
                        gc.backward(p.propagate(x).mul(dy).sum());
                    }
                    // dX = Âᵀ·dY: the reference product in the other direction.
                    assertClose(reference(g, null, !transposed, dys, f), x.getGradient().toFloatArray(), 1e-5);
                }
            }
        }
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        // 0 → 1, 0 → 2, 1 → 1, 2 → 0 (GCN-normalized, so weights are irrational); F = 2.
        CsrGraph g = new CsrBuilder(3).addEdge(0, 1).addEdge(0, 2).addEdge(1, 1).addEdge(2, 0).build();
        float[] xs = {0.3f, -1.2f, 0.7f, 0.1f, -0.4f, 2.0f};
        float[] dys = {1.5f, -0.5f, 0.25f, 2f, -1f, 0.75f};
        try (NDManager m = NDManager.newBaseManager();
                Propagation p = Propagation.builder().setGraph(g).optNormalization(Normalization.GCN).build(m)) {
            NDArray dy = m.create(dys, new Shape(3, 2));
            NDArray x = m.create(xs, new Shape(3, 2));
            x.setRequiresGradient(true);
            try (GradientCollector gc = m.getEngine().newGradientCollector()) {
                gc.backward(p.propagate(x).mul(dy).sum());
            }
            float[] grad = x.getGradient().toFloatArray();
            float h = 1e-2f;
            for (int i = 0; i < xs.length; i++) {
                float[] plus = xs.clone();
                float[] minus = xs.clone();
                plus[i] += h;
                minus[i] -= h;
                double fp = p.propagate(m.create(plus, new Shape(3, 2))).mul(dy).sum().getFloat();
                double fm = p.propagate(m.create(minus, new Shape(3, 2))).mul(dy).sum().getFloat();
                assertEquals((fp - fm) / (2 * h), grad[i], 1e-3, "entry " + i);
            }
        }
    }

    @Test
    void graphWithoutEdgesGivesZerosAndZeroGradient() {
        CsrGraph g = new CsrBuilder(4).build();
        try (NDManager m = NDManager.newBaseManager();
                Propagation p = Propagation.builder().setGraph(g).build(m)) {
            NDArray x = m.create(randomFloats(8, 1), new Shape(4, 2));
            x.setRequiresGradient(true);
            try (GradientCollector gc = m.getEngine().newGradientCollector()) {
                NDArray y = p.propagate(x);
                assertArrayEquals(new float[8], y.toFloatArray());
                gc.backward(y.sum());
            }
            assertArrayEquals(new float[8], x.getGradient().toFloatArray());
        }
    }

    @Test
    void rejectsWrongShapeOrType() {
        CsrGraph g = new CsrBuilder(3).addEdge(0, 1).build();
        try (NDManager m = NDManager.newBaseManager();
                Propagation p = Propagation.builder().setGraph(g).build(m)) {
            assertThrows(TesseraException.class, () -> p.propagate(m.zeros(new Shape(4, 2))));
            assertThrows(TesseraException.class, () -> p.propagate(m.zeros(new Shape(3))));
            assertThrows(TesseraException.class, () -> p.propagate(m.zeros(new Shape(3, 2), DataType.FLOAT64)));
        }
    }

    @Test
    void largeGraphStaysAccurate() {
        // 200,000 nodes, 2,000,000 uniform random edges: rows are summed on their own, so the error does not grow
        // with E (a float32 prefix sum over all edges would).
        int n = 200_000;
        int e = 2_000_000;
        int f = 2;
        SplittableRandom r = new SplittableRandom(3);
        int[] src = new int[e];
        int[] dst = new int[e];
        for (int i = 0; i < e; i++) {
            src[i] = r.nextInt(n);
            dst[i] = r.nextInt(n);
        }
        CsrGraph g = CsrBuilder.fromEdges(n, src, dst, null, CsrBuilder.Duplicates.KEEP);
        float[] xs = randomFloats(n * f, 4);
        double[] expected = reference(g, null, false, xs, f);
        for (Kernel k : Kernel.values()) {
            try (NDManager m = NDManager.newBaseManager();
                    Propagation p = Propagation.builder().setGraph(g).optKernel(k).build(m)) {
                float[] y = p.propagate(m.create(xs, new Shape(n, f))).toFloatArray();
                double maxRel = 0;
                for (int i = 0; i < y.length; i++) {
                    maxRel = Math.max(maxRel, Math.abs(y[i] - expected[i]) / Math.max(1, Math.abs(expected[i])));
                }
                assertTrue(maxRel < 1e-5, k + ": max relative error " + maxRel);
            }
        }
    }
}
