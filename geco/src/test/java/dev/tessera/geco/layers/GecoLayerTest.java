package dev.tessera.geco.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.tessera.djl.GraphTensors;
import dev.tessera.geco.GecoConfig;
import dev.tessera.graph.CsrBuilder;
import dev.tessera.graph.CsrGraph;
import dev.tessera.nn.GraphContext;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

public class GecoLayerTest {
    private static final int N = 12;
    private static final int D = 4;

    public static CsrGraph graph(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        CsrBuilder b = new CsrBuilder(n);
        for (int i = 0; i < 2 * n; i++) {
            int u = r.nextInt(n);
            int v = r.nextInt(n);
            if (u != v) {
                b.addEdge(u, v);
                b.addEdge(v, u);
            }
        }
        return b.build();
    }

    public static float[] random(int size, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = new float[size];
        for (int i = 0; i < size; i++) {
            a[i] = (float) (2 * r.nextDouble() - 1);
        }
        return a;
    }

    private static GecoLayer layer(NDManager m, long seed) {
        GecoConfig config = GecoConfig.builder().setInputSize(D).setNumClasses(2).optHidden(D).optDropout(0f)
                .optFilterWidth(8).build();
        GecoLayer layer = new GecoLayer(config);
        Engine.getInstance().setRandomSeed((int) seed);
        layer.initialize(m, DataType.FLOAT32);
        return layer;
    }

    private static NodeSequence shuffled(NDManager m, int n, long seed) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int[] inverse = new int[n];
        for (int p = 0; p < n; p++) {
            inverse[order[p]] = p;
        }
        return new NodeSequence(GraphTensors.nodeIds(m, order), GraphTensors.nodeIds(m, inverse));
    }

    private static void zeroFilterOutput(GecoLayer layer) {
        layer.namedParameters().forEach((name, p) -> {
            if (name.contains("filter_out")) {
                p.getArray().muli(0);
            }
        });
    }

    /**
     * With a filter that is zero at every lag, the global block is pointwise (V ← P ⊙ (D ⊙ V)): the layer's output
     * must not depend on the node order at all. With the trained-from-init filter it must.
     */
    @Test
    void orderMattersOnlyThroughTheFilters() {
        CsrGraph g = graph(N, 1);
        try (NDManager m = NDManager.newBaseManager(); GraphContext ctx = GraphContext.of(g, m)) {
            GecoLayer layer = layer(m, 5);
            NDArray x = m.create(random(N * D, 2), new Shape(N, D));
            ParameterStore store = new ParameterStore(m, false);
            float[] natural = layer.forward(store, ctx, NodeSequence.IDENTITY, x, false).toFloatArray();
            float[] permuted = layer.forward(store, ctx, shuffled(m, N, 3), x, false).toFloatArray();
            double diff = 0;
            for (int i = 0; i < natural.length; i++) {
                diff = Math.max(diff, Math.abs(natural[i] - permuted[i]));
            }
            assertTrue(diff > 1e-4, "a non-trivial filter sees the order (max diff " + diff + ")");

            zeroFilterOutput(layer);
            natural = layer.forward(store, ctx, NodeSequence.IDENTITY, x, false).toFloatArray();
            for (long seed = 3; seed < 6; seed++) {
                permuted = layer.forward(store, ctx, shuffled(m, N, seed), x, false).toFloatArray();
                for (int i = 0; i < natural.length; i++) {
                    assertEquals(natural[i], permuted[i], 1e-5, "entry " + i + " under permutation " + seed);
                }
            }
        }
    }

    /**
     * Everything a call computes lands in the caller's manager: a training step or an evaluation leaves nothing
     * behind in the manager that holds the parameters (a leak there grows by the activations every step).
     */
    @Test
    void callsLeaveNothingInTheParametersManager() {
        int n = 40;
        CsrGraph g = graph(n, 3);
        try (NDManager m = NDManager.newBaseManager(); GraphContext ctx = GraphContext.of(g, m)) {
            GecoLayer layer = layer(m, 3);
            for (Parameter p : layer.namedParameters().values()) {
                p.getArray().setRequiresGradient(true);
            }
            ParameterStore store = new ParameterStore(m, false);
            NodeSequence seq = shuffled(m, n, 4);
            int before = -1;
            for (int step = 0; step < 3; step++) {
                try (NDManager call = m.newSubManager()) {
                    NDArray x = call.create(random(n * D, step), new Shape(n, D));
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        gc.backward(layer.forward(store, ctx, seq, x, true).sum());
                    }
                    layer.forward(store, ctx, seq, x, false);
                }
                int now = m.getManagedArrays().size();
                if (before >= 0) {
                    assertEquals(before, now, "arrays left in the parameters' manager after step " + step);
                }
                before = now;
            }
        }
    }

    /**
     * On long sequences inference takes other paths (the global block's channels in groups, the feed-forward branch
     * over row chunks, the propagation in plain Java); with dropout off they must give training mode's output.
     */
    @Test
    void longInferencePathsEqualTheTrainingPath() {
        int n = Math.max(GecoLayer.INFERENCE_ROWS, GlobalConvBlock.INFERENCE_GROUPING_LENGTH) + 3_000;
        int d = GlobalConvBlock.INFERENCE_CHANNELS * 3 / 2; // two channel groups, the second partial
        assertTrue(n > GlobalConvBlock.INFERENCE_GROUPING_LENGTH && n > GecoLayer.INFERENCE_ROWS);
        CsrGraph g = graph(n, 5);
        try (NDManager m = NDManager.newBaseManager(); GraphContext ctx = GraphContext.of(g, m)) {
            GecoConfig config = GecoConfig.builder().setInputSize(d).setNumClasses(2).optHidden(d).optDropout(0f)
                    .optFilterWidth(8).build();
            GecoLayer layer = new GecoLayer(config);
            Engine.getInstance().setRandomSeed(5);
            layer.initialize(m, DataType.FLOAT32);
            ParameterStore store = new ParameterStore(m, false);
            NDArray x = m.create(random(n * d, 6), new Shape(n, d));
            float[] trained = layer.forward(store, ctx, NodeSequence.IDENTITY, x, true).toFloatArray();
            float[] inferred = layer.forward(store, ctx, NodeSequence.IDENTITY, x, false).toFloatArray();
            assertEquals(trained.length, inferred.length);
            double worst = 0;
            for (int i = 0; i < trained.length; i++) {
                worst = Math.max(worst, Math.abs(trained[i] - inferred[i]) / (1 + Math.abs(trained[i])));
            }
            assertTrue(worst < 1e-4, "largest relative difference " + worst);
        }
    }

    /** Autograd through the whole layer (LCB, FFT convolutions, implicit filter, FFN) against central differences. */
    @Test
    void gradientsMatchFiniteDifferences() {
        CsrGraph g = graph(6, 2);
        int n = 6;
        try (NDManager m = NDManager.newBaseManager(); GraphContext ctx = GraphContext.of(g, m)) {
            GecoLayer layer = layer(m, 7);
            NDArray x = m.create(random(n * D, 4), new Shape(n, D));
            NDArray w = m.create(random(n * D, 5), new Shape(n, D));
            NodeSequence seq = shuffled(m, n, 9);
            for (Parameter p : layer.namedParameters().values()) {
                p.getArray().setRequiresGradient(true);
            }
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(layer.forward(new ParameterStore(m, false), ctx, seq, x, true).mul(w).sum());
            }
            int checked = 0;
            for (var p : layer.namedParameters().entrySet()) {
                String name = p.getKey();
                if (!(name.contains("filter_first_weight") || name.contains("global_input_weight")
                        || name.contains("local_weight") || name.contains("global_skip") || name.contains("ffn_up_weight")
                        || name.contains("filter_out_weight") || name.contains("frequency"))) {
                    continue;
                }
                NDArray value = p.getValue().getArray();
                float[] grad = value.getGradient().toFloatArray();
                for (int i = 0; i < Math.min(3, grad.length); i++) {
                    int idx = (i * 7) % grad.length;
                    double fd = finiteDifference(layer, ctx, seq, x, w, value, idx);
                    assertEquals(fd, grad[idx], 2e-2 * Math.max(1, Math.abs(fd)), name + "[" + idx + "]");
                    checked++;
                }
            }
            assertTrue(checked >= 15, "checked " + checked + " entries");
        }
    }

    private static double finiteDifference(GecoLayer layer, GraphContext ctx, NodeSequence seq, NDArray x, NDArray w,
            NDArray value, int idx) {
        float eps = 1e-2f;
        float[] original = value.toFloatArray();
        float[] plus = original.clone();
        plus[idx] += eps;
        float[] minus = original.clone();
        minus[idx] -= eps;
        ParameterStore store = new ParameterStore(x.getManager(), false);
        value.set(plus);
        double fp = layer.forward(store, ctx, seq, x, false).mul(w).sum().getFloat();
        value.set(minus);
        double fm = layer.forward(store, ctx, seq, x, false).mul(w).sum().getFloat();
        value.set(original);
        return (fp - fm) / (2 * eps);
    }
}
