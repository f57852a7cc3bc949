package dev.tessera.nn.conv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.tessera.TesseraException;
import dev.tessera.graph.CsrBuilder;
import dev.tessera.graph.CsrGraph;
import dev.tessera.nn.GraphContext;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GatConvTest {
    private static final float SLOPE = 0.2f;

    /** 0 → 1, 2 → 1, 1 → 0 and a self-loop 1 → 1 (replaced, not doubled). Node 2 has no incoming edge. */
    private static CsrGraph tiny() {
        return new CsrBuilder(3).addEdge(0, 1).addEdge(2, 1).addEdge(1, 0).addEdge(1, 1).build();
    }

    /**
     * A random directed multigraph: node 0 has no incoming edges, some self-loops and duplicates, and nodes 1 and 2
     * are hubs with over 20 and 35 incoming edges (beyond the exact-width buckets, so some targets are padded).
     */
    private static CsrGraph randomGraph(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        CsrBuilder b = new CsrBuilder(n).optDuplicates(CsrBuilder.Duplicates.KEEP);
        for (int i = 0; i < 3 * n; i++) {
            int u = r.nextInt(n);
            int v = 1 + r.nextInt(n - 1);
            b.addEdge(u, i % 9 == 0 ? Math.max(u, 1) : v);
        }
        for (int i = 0; i < 55; i++) {
            b.addEdge(r.nextInt(n), i < 20 ? 1 : 2);
        }
        return b.build();
    }

    /**
     * A ring (every node one incoming edge from its predecessor) with a hub, node 0, fed by 250 nodes, and node 1
     * with 7 more incoming edges: two buckets, the ring nodes' without padding and the hub's with node 1 padded.
     */
    private static CsrGraph hubGraph() {
        int n = 300;
        CsrBuilder b = new CsrBuilder(n);
        for (int v = 0; v < n; v++) {
            b.addEdge(v, (v + 1) % n);
        }
        for (int v = 2; v < 252; v++) {
            b.addEdge(v, 0);
        }
        for (int v = 260; v < 267; v++) {
            b.addEdge(v, 1);
        }
        return b.build();
    }

    private static float[] random(int len, double scale, SplittableRandom r) {
        float[] a = new float[len];
        for (int i = 0; i < len; i++) {
            a[i] = (float) r.nextDouble(-scale, scale);
        }
        return a;
    }

    private static double leaky(double v) {
        return v > 0 ? v : SLOPE * v;
    }

    private static double sigmoid(double v) {
        return 1 / (1 + Math.exp(-v));
    }

    /**
     * Plain float64 GAT, edge by edge, with PyG's softmax (subtract each target's maximum score).
     *
     * @return [N · F_out] row-major
     */
    private static double[] reference(CsrGraph g, boolean selfLoops, float[] x, int fIn, float[] w, float[] aSrc,
            float[] aDst, float[] bias, int heads, int out, boolean concat) {
        int n = g.numNodes();
        int ho = heads * out;
        double[] h = new double[n * ho];
        for (int v = 0; v < n; v++) {
            for (int c = 0; c < ho; c++) {
                for (int f = 0; f < fIn; f++) {
                    h[v * ho + c] += (double) x[v * fIn + f] * w[f * ho + c];
                }
            }
        }
        double[] sSrc = new double[n * heads];
        double[] sDst = new double[n * heads];
        for (int v = 0; v < n; v++) {
            for (int k = 0; k < heads; k++) {
                for (int o = 0; o < out; o++) {
                    sSrc[v * heads + k] += h[v * ho + k * out + o] * aSrc[k * out + o];
                    sDst[v * heads + k] += h[v * ho + k * out + o] * aDst[k * out + o];
                }
            }
        }
        // Incoming lists: every edge j → i (i != j when self-loops are replaced), then one (i, i) per node.
        java.util.List<java.util.List<Integer>> incoming = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            incoming.add(new java.util.ArrayList<>());
        }
        for (int j = 0; j < n; j++) {
            for (long q = g.rowStart(j); q < g.rowEnd(j); q++) {
                int i = g.target(q);
                if (!selfLoops || i != j) {
                    incoming.get(i).add(j);
                }
            }
        }
        if (selfLoops) {
            for (int i = 0; i < n; i++) {
                incoming.get(i).add(i);
            }
        }
        int fOut = concat ? ho : out;
        double[] y = new double[n * fOut];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < heads; k++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int j : incoming.get(i)) {
                    max = Math.max(max, leaky(sSrc[j * heads + k] + sDst[i * heads + k]));
                }
                double sum = 0;
                for (int j : incoming.get(i)) {
                    sum += Math.exp(leaky(sSrc[j * heads + k] + sDst[i * heads + k]) - max);
                }
                for (int j : incoming.get(i)) {
                    double alpha = Math.exp(leaky(sSrc[j * heads + k] + sDst[i * heads + k]) - max) / sum;
                    for (int o = 0; o < out; o++) {
                        double m = alpha * h[j * ho + k * out + o];
                        if (concat) {
                            y[i * fOut + k * out + o] += m;
                        } else {
                            y[i * fOut + o] += m / heads;
                        }
                    }
                }
            }
            for (int c = 0; c < fOut && bias != null; c++) {
                y[i * fOut + c] += bias[c];
            }
        }
        return y;
    }

    private static void assertClose(double[] expected, float[] actual, double tol) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertTrue(Float.isFinite(actual[i]), "entry " + i + " is " + actual[i]);
            assertTrue(Math.abs(expected[i] - actual[i]) <= tol * Math.max(1, Math.abs(expected[i])),
                    "entry " + i + ": expected " + expected[i] + ", got " + actual[i]);
        }
    }

    private static NDArray twin(GraphContext g, NDArray x, NDArray w, NDArray aSrc, NDArray aDst, NDArray bias,
            boolean concat, boolean selfLoops) {
        return GatConv.gatConv(g, x, w, aSrc, aDst, bias, concat, SLOPE, 0f, selfLoops, false);
    }

    @Test
    void handComputedTwoHeadsConcatAndMean() {
        // X = [[1, 0], [0, 1], [1, 1]], W = [[1, 2], [0, -1]]: h (heads 0, 1; O = 1) = [1, 2], [0, -1], [1, 1].
        // a_src = [1, 0.5]: s_src = [1, 1], [0, -0.5], [1, 0.5]. a_dst = [-1, 2]: s_dst = [-1, 4], [0, -2], [-1, 2].
        // Edges with self-loops: into 0 from {1, 0}; into 1 from {0, 2, 1}; into 2 from {2}.
        // Node 0, head 0: e(1) = L(0 - 1) = -0.2, e(0) = L(1 - 1) = 0: out = (e^-0.2·0 + 1·1) / (e^-0.2 + 1).
        // Node 0, head 1: e(1) = L(-0.5 + 4) = 3.5, e(0) = L(1 + 4) = 5: out = (-e^3.5 + 2e^5) / (e^3.5 + e^5).
        // Node 1, head 0: e(0) = L(1) = 1, e(2) = L(1) = 1, e(1) = L(0) = 0: out = (e + e + 0) / (2e + 1).
        // Node 1, head 1: e(0) = L(1 - 2) = -0.2, e(2) = L(0.5 - 2) = -0.3, e(1) = L(-0.5 - 2) = -0.5:
        //   out = (2e^-0.2 + e^-0.3 - e^-0.5) / (e^-0.2 + e^-0.3 + e^-0.5).
        // Node 2 only attends to itself: out = h_2 = [1, 1].
        double n00 = sigmoid(0.2);
        double n01 = (-Math.exp(3.5) + 2 * Math.exp(5)) / (Math.exp(3.5) + Math.exp(5));
        double n10 = 2 * Math.E / (2 * Math.E + 1);
        double n11 = (2 * Math.exp(-0.2) + Math.exp(-0.3) - Math.exp(-0.5))
                / (Math.exp(-0.2) + Math.exp(-0.3) + Math.exp(-0.5));
        try (NDManager m = NDManager.newBaseManager(); GraphContext g = GraphContext.of(tiny(), m)) {
            NDArray x = m.create(new float[] {1, 0, 0, 1, 1, 1}, new Shape(3, 2));
            NDArray w = m.create(new float[] {1, 2, 0, -1}, new Shape(2, 2));
            NDArray aSrc = m.create(new float[] {1, 0.5f}, new Shape(2, 1));
            NDArray aDst = m.create(new float[] {-1, 2}, new Shape(2, 1));
            NDArray biasConcat = m.create(new float[] {0.1f, -0.2f});
            float[] concat = twin(g, x, w, aSrc, aDst, biasConcat, true, true).toFloatArray();
            assertClose(new double[] {n00 + 0.1, n01 - 0.2, n10 + 0.1, n11 - 0.2, 1.1, 0.8}, concat, 1e-6);
            float[] mean = twin(g, x, w, aSrc, aDst, m.create(new float[] {0.3f}), false, true).toFloatArray();
            assertClose(new double[] {(n00 + n01) / 2 + 0.3, (n10 + n11) / 2 + 0.3, 1.3}, mean, 1e-6);
        }
    }

    @Test
    void attentionOfEachTargetSumsToOne() {
        // Column 1 of X is constant 1 and W copies it into output 1 of every head: that output is Σ_j α_ji.
        // Output 0 carries a random feature, so the scores (through a_src, a_dst on output 0 only) vary.
        CsrGraph graph = randomGraph(12, 3);
        SplittableRandom r = new SplittableRandom(4);
        int n = graph.numNodes();
        int heads = 3;
        float[] x = new float[n * 2];
        for (int v = 0; v < n; v++) {
            x[2 * v] = (float) r.nextDouble(-2, 2);
            x[2 * v + 1] = 1;
        }
        float[] w = new float[2 * heads * 2];
        float[] a = new float[heads * 2];
        float[] b = new float[heads * 2];
        for (int k = 0; k < heads; k++) {
            w[2 * k] = (float) r.nextDouble(0.5, 2); // x[0] -> head k, output 0
            w[heads * 2 + 2 * k + 1] = 1; // x[1] -> head k, output 1
            a[2 * k] = (float) r.nextDouble(-3, 3);
            b[2 * k] = (float) r.nextDouble(-3, 3);
        }
        boolean[] hasIncoming = new boolean[n];
        for (long q = 0; q < graph.numEdges(); q++) {
            hasIncoming[graph.target(q)] = true;
        }
        assertFalse(hasIncoming[0]);
        try (NDManager m = NDManager.newBaseManager(); GraphContext g = GraphContext.of(graph, m)) {
            for (boolean selfLoops : new boolean[] {true, false}) {
                float[] y = twin(g, m.create(x, new Shape(n, 2)), m.create(w, new Shape(2, heads * 2)),
                        m.create(a, new Shape(heads, 2)), m.create(b, new Shape(heads, 2)), null, true, selfLoops)
                        .toFloatArray();
                for (int v = 0; v < n; v++) {
                    // Without self-loops a node with no incoming edge (node 0 at least) gets 0, not NaN.
                    double expected = selfLoops || hasIncoming[v] ? 1 : 0;
                    for (int k = 0; k < heads; k++) {
                        assertEquals(expected, y[v * heads * 2 + 2 * k + 1], 1e-6, "node " + v + " head " + k);
                    }
                }
            }
        }
    }

    @Test
    void matchesFloat64ReferenceOnRandomGraphs() {
        matchesReference(randomGraph(20, 5), 6, 5, 3, 4);
        matchesReference(hubGraph(), 7, 5, 3, 4);
    }

    @Test
    void inputFirstOrderMatchesFloat64Reference() {
        // F_in < O: the layer aggregates the inputs and projects afterwards (one head, as a decoder, and three)
        matchesReference(randomGraph(20, 15), 16, 2, 1, 6);
        matchesReference(randomGraph(20, 17), 18, 2, 3, 4);
        matchesReference(hubGraph(), 19, 3, 2, 5);
    }

    @Test
    void rowsGiveTheSameValuesAsTheFullOutput() {
        CsrGraph graph = randomGraph(20, 21);
        SplittableRandom r = new SplittableRandom(22);
        int n = 20;
        long[] rows = {7, 0, 19, 3, 3};
        try (NDManager m = NDManager.newBaseManager(); GraphContext g = GraphContext.of(graph, m)) {
            for (int[] sizes : new int[][] {{5, 2, 3}, {2, 1, 6}, {2, 2, 4}}) {
                int fIn = sizes[0];
                int heads = sizes[1];
                int out = sizes[2];
                NDArray x = m.create(random(n * fIn, 1, r), new Shape(n, fIn));
                NDArray w = m.create(random(fIn * heads * out, 1, r), new Shape(fIn, heads * out));
                NDArray as = m.create(random(heads * out, 1, r), new Shape(heads, out));
                NDArray ad = m.create(random(heads * out, 1, r), new Shape(heads, out));
                for (boolean concat : new boolean[] {true, false}) {
                    NDArray bias = m.create(random(concat ? heads * out : out, 1, r));
                    float[] full = twin(g, x, w, as, ad, bias, concat, true).toFloatArray();
                    float[] some = GatConv.gatConv(g, x, w, as, ad, bias, m.create(rows), concat, SLOPE, 0f, true,
                            false).toFloatArray();
                    int fOut = concat ? heads * out : out;
                    assertEquals(rows.length * fOut, some.length);
                    for (int k = 0; k < rows.length; k++) {
                        for (int c = 0; c < fOut; c++) {
                            assertEquals(full[(int) rows[k] * fOut + c], some[k * fOut + c], 1e-5,
                                    java.util.Arrays.toString(sizes) + " row " + rows[k]);
                        }
                    }
                    float[] projected = GatConv.gatConvProjected(g, x.matMul(w), as, ad, bias, concat, SLOPE, 0f,
                            true, false).toFloatArray();
                    for (int k = 0; k < full.length; k++) {
                        assertEquals(full[k], projected[k], 1e-5, "projected entry " + k);
                    }
                }
            }
        }
    }

    @Test
    void bucketWidthsTradePaddingForFewerBuckets() {
        // In-degrees 2 (x 298 nodes), 9 and 251 (with the self-loops): degree 9 joins the hub's bucket (one row
        // padded by 242 slots); the ring keeps its own, since padding 298 rows by 7 or 249 costs more than a bucket.
        int[][] incoming = new int[300][];
        java.util.Arrays.fill(incoming, new int[2]);
        incoming[0] = new int[251];
        incoming[1] = new int[9];
        assertArrayEquals(new int[] {2, 251}, GatConv.Buckets.widths(incoming, 251));
        // Few rows: merging is cheaper than another bucket.
        int[][] small = {new int[1], new int[2], new int[3], new int[40]};
        assertArrayEquals(new int[] {40}, GatConv.Buckets.widths(small, 40));
    }

    private static void matchesReference(CsrGraph graph, long seed, int fIn, int heads, int out) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = graph.numNodes();
        float[] x = random(n * fIn, 1, r);
        float[] w = random(fIn * heads * out, 1, r);
        float[] aSrc = random(heads * out, 1, r);
        float[] aDst = random(heads * out, 1, r);
        try (NDManager m = NDManager.newBaseManager(); GraphContext g = GraphContext.of(graph, m)) {
            for (boolean concat : new boolean[] {true, false}) {
                for (boolean selfLoops : new boolean[] {true, false}) {
                    float[] bias = random(concat ? heads * out : out, 1, r);
                    float[] y = twin(g, m.create(x, new Shape(n, fIn)), m.create(w, new Shape(fIn, heads * out)),
                            m.create(aSrc, new Shape(heads, out)), m.create(aDst, new Shape(heads, out)),
                            m.create(bias), concat, selfLoops).toFloatArray();
                    assertClose(reference(graph, selfLoops, x, fIn, w, aSrc, aDst, bias, heads, out, concat), y, 1e-5);
                }
            }
        }
    }

    @Test
    void largeScoresStayFiniteAndExact() {
        // Scores spread over about ±50 per side: a shift by the global maximum would underflow every exp of the
        // low-scoring targets (e - m below -87); the per-target maximum keeps them exact.
        CsrGraph graph = randomGraph(30, 7);
        SplittableRandom r = new SplittableRandom(8);
        int n = 30;
        int fIn = 4;
        int heads = 2;
        int out = 3;
        float[] x = random(n * fIn, 1, r);
        float[] w = random(fIn * heads * out, 1, r);
        float[] aSrc = random(heads * out, 40, r);
        float[] aDst = random(heads * out, 40, r);
        double[] expected = reference(graph, true, x, fIn, w, aSrc, aDst, null, heads, out, true);
        try (NDManager m = NDManager.newBaseManager(); GraphContext g = GraphContext.of(graph, m)) {
            NDArray xs = m.create(x, new Shape(n, fIn));
            NDArray ws = m.create(w, new Shape(fIn, heads * out));
            NDArray as = m.create(aSrc, new Shape(heads, out));
            NDArray ad = m.create(aDst, new Shape(heads, out));
            NDArray scores = xs.matMul(ws).reshape(n, heads, out).mul(as).sum(new int[] {2});
            float spread = scores.max().getFloat() - scores.min().getFloat();
            assertTrue(spread > 90, "the case must spread the scores widely, spread " + spread);
            assertClose(expected, twin(g, xs, ws, as, ad, null, true, true).toFloatArray(), 1e-4);
        }
    }

    @Test
    void gradientsMatchCentralDifferences() {
        gradientsMatchCentralDifferences(3, 2, 2);
        gradientsMatchCentralDifferences(1, 2, 3); // input first
        gradientsMatchCentralDifferences(2, 1, 3); // input first, one head
    }

    private static void gradientsMatchCentralDifferences(int fIn, int heads, int out) {
        CsrGraph graph = randomGraph(6, 9);
        SplittableRandom r = new SplittableRandom(10);
        int n = 6;
        float[][] values = {random(n * fIn, 1, r), random(fIn * heads * out, 1, r), random(heads * out, 1, r),
            random(heads * out, 1, r)};
        Shape[] shapes = {new Shape(n, fIn), new Shape(fIn, heads * out), new Shape(heads, out), new Shape(heads, out)};
        float[] weights = random(n * heads * out, 1, r);
        try (NDManager m = NDManager.newBaseManager(); GraphContext g = GraphContext.of(graph, m)) {
            NDArray[] args = new NDArray[4];
            for (int i = 0; i < 4; i++) {
                args[i] = m.create(values[i], shapes[i]);
                args[i].setRequiresGradient(true);
            }
            NDArray lossWeights = m.create(weights, new Shape(n, heads * out));
            float[][] grads = new float[4][];
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = twin(g, args[0], args[1], args[2], args[3], null, true, true);
                gc.backward(y.mul(lossWeights).sum());
            }
            for (int i = 0; i < 4; i++) {
                grads[i] = args[i].getGradient().toFloatArray();
            }
            float eps = 1e-2f;
            for (int i = 0; i < 4; i++) {
                for (int k = 0; k < values[i].length; k++) {
                    float keep = values[i][k];
                    values[i][k] = keep + eps;
                    double plus = loss(g, m, values, shapes, lossWeights);
                    values[i][k] = keep - eps;
                    double minus = loss(g, m, values, shapes, lossWeights);
                    values[i][k] = keep;
                    double fd = (plus - minus) / (2 * eps);
                    assertEquals(fd, grads[i][k], 1e-2 * Math.max(1, Math.abs(fd)), "argument " + i + " entry " + k);
                }
            }
        }
    }

    private static double loss(GraphContext g, NDManager m, float[][] values, Shape[] shapes, NDArray lossWeights) {
        try (NDManager sub = m.newSubManager()) {
            NDArray[] a = new NDArray[4];
            for (int i = 0; i < 4; i++) {
                a[i] = sub.create(values[i], shapes[i]);
            }
            return twin(g, a[0], a[1], a[2], a[3], null, true, true).mul(lossWeights).sum().getFloat();
        }
    }

    @Test
    void callsLeaveNothingInTheContextsManager() {
        CsrGraph graph = hubGraph();
        SplittableRandom r = new SplittableRandom(14);
        try (NDManager m = NDManager.newBaseManager(); GraphContext g = GraphContext.of(graph, m)) {
            NDArray w = m.create(random(4 * 6, 1, r), new Shape(4, 6));
            NDArray a = m.create(random(6, 1, r), new Shape(2, 3));
            NDArray x = m.create(random(300 * 4, 1, r), new Shape(300, 4));
            int[] counts = new int[3];
            for (int call = 0; call < 3; call++) {
                try (NDManager step = m.newSubManager()) {
                    NDArray xs = x.duplicate();
                    xs.attach(step);
                    GatConv.gatConv(g, xs, w, a, a, null, true, SLOPE, 0.5f, true, true).toFloatArray();
                }
                counts[call] = m.getManagedArrays().size();
            }
            assertEquals(counts[0], counts[2], "arrays left in the context's manager after each call");
        }
    }

    @Test
    void attentionDropoutOnlyWhenTraining() {
        CsrGraph graph = randomGraph(15, 11);
        SplittableRandom r = new SplittableRandom(12);
        int n = 15;
        try (NDManager m = NDManager.newBaseManager(); GraphContext g = GraphContext.of(graph, m)) {
            NDArray x = m.create(random(n * 4, 1, r), new Shape(n, 4));
            NDArray w = m.create(random(4 * 6, 1, r), new Shape(4, 6));
            NDArray a = m.create(random(6, 1, r), new Shape(2, 3));
            NDArray b = m.create(random(6, 1, r), new Shape(2, 3));
            java.util.function.BiFunction<Boolean, Long, float[]> run = (training, seed) -> {
                Engine.getInstance().setRandomSeed(seed.intValue());
                return GatConv.gatConv(g, x, w, a, b, null, true, SLOPE, 0.5f, true, training).toFloatArray();
            };
            float[] eval = run.apply(false, 1L);
            assertArrayEquals(eval, run.apply(false, 2L));
            assertArrayEquals(twin(g, x, w, a, b, null, true, true).toFloatArray(), eval);
            float[] train = run.apply(true, 1L);
            assertFalse(java.util.Arrays.equals(eval, train));
            assertArrayEquals(train, run.apply(true, 1L), "same seed, same dropout mask");
        }
    }

    @Test
    void layerDeclaresFixedShapesAndMatchesTheTwin() {
        CsrGraph graph = randomGraph(10, 13);
        try (NDManager m = NDManager.newBaseManager(); GraphContext g = GraphContext.of(graph, m)) {
            Engine.getInstance().setRandomSeed(3);
            GatConv layer = GatConv.builder().setInputSize(5).setOutputSize(4).optHeads(3).optConcat(false).build();
            layer.initialize(m, DataType.FLOAT32, new Shape(10, 5));
            assertArrayEquals(new Shape[] {new Shape(10, 4)}, layer.getOutputShapes(new Shape[] {new Shape(10, 5)}));
            var params = layer.getParameters();
            assertEquals(new Shape(5, 12), params.get("weight").getArray().getShape());
            assertEquals(new Shape(3, 4), params.get("attSrc").getArray().getShape());
            assertEquals(new Shape(3, 4), params.get("attDst").getArray().getShape());
            assertArrayEquals(new float[4], params.get("bias").getArray().toFloatArray());
            // Glorot uniform: |W| <= sqrt(6 / (5 + 12)), |a| <= sqrt(6 / (3 + 4)).
            assertTrue(params.get("weight").getArray().abs().max().getFloat() <= Math.sqrt(6.0 / 17));
            assertTrue(params.get("attSrc").getArray().abs().max().getFloat() <= Math.sqrt(6.0 / 7));
            NDArray x = m.randomUniform(-1, 1, new Shape(10, 5));
            float[] y = layer.forward(new ParameterStore(m, false), g, x, false).toFloatArray();
            Parameter p = params.get("weight");
            float[] expected = GatConv.gatConv(g, x, p.getArray(), params.get("attSrc").getArray(),
                    params.get("attDst").getArray(), params.get("bias").getArray(), false, SLOPE, 0f, true, false)
                    .toFloatArray();
            assertArrayEquals(expected, y);
            assertEquals(40, y.length);
            assertThrows(TesseraException.class,
                    () -> layer.forward(new ParameterStore(m, false), g, m.zeros(new Shape(10, 4)), false));
            assertThrows(TesseraException.class, () -> GatConv.builder().setInputSize(5).build());
        }
    }
}
