package dev.tessera.nn.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import dev.tessera.TesseraException;
import dev.tessera.graph.CsrBuilder;
import dev.tessera.graph.CsrGraph;
import dev.tessera.nn.GraphContext;
import dev.tessera.nn.conv.GcnConv;
import dev.tessera.nn.conv.SageConv;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GnnTest {
    static final int N = 6;
    static final int F = 4;
    static final int C = 3;

    static CsrGraph graph(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        CsrBuilder b = new CsrBuilder(N);
        for (int i = 0; i < 14; i++) {
            b.addEdge(r.nextInt(N), r.nextInt(N));
        }
        return b.build();
    }

    static float[] random(long seed, int size) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = new float[size];
        for (int i = 0; i < size; i++) {
            a[i] = (float) r.nextDouble(-1, 1);
        }
        return a;
    }

    static GnnConfig.Builder config(ConvType conv) {
        return GnnConfig.builder().setConv(conv).setInputSize(F).setNumClasses(C).optHidden(8);
    }

    static Gnn initialized(GnnConfig config, NDManager m, int seed) {
        Gnn gnn = new Gnn(config);
        Engine.getInstance().setRandomSeed(seed);
        gnn.initialize(m, DataType.FLOAT32);
        return gnn;
    }

    private static float[] run(Gnn gnn, NDManager m, CsrGraph g, boolean training) {
        try (NDManager call = m.newSubManager(); GraphContext ctx = GraphContext.of(g, call)) {
            return gnn.forward(new ParameterStore(call, false), ctx, call.create(random(1, N * F), new Shape(N, F)), training)
                    .toFloatArray();
        }
    }

    @Test
    void everyStackGivesOneRowOfLogitsPerNode() {
        for (ConvType conv : List.of(ConvType.MLP, ConvType.GCN, ConvType.SAGE)) {
            for (boolean[] flags : new boolean[][] {{false, false}, {true, false}, {false, true}, {true, true}}) {
                for (int layers : new int[] {1, 3}) {
                    GnnConfig c = config(conv).optResidual(flags[0]).optLayerNorm(flags[1]).optLayers(layers).build();
                    try (NDManager m = NDManager.newBaseManager(); GraphContext ctx = GraphContext.of(graph(1), m)) {
                        Gnn gnn = initialized(c, m, 1);
                        NDArray y = gnn.forward(new ParameterStore(m, false), ctx, m.create(random(2, N * F), new Shape(N, F)), true);
                        assertEquals(new Shape(N, C), y.getShape(), c.toString());
                    }
                }
            }
        }
    }

    @Test
    void evaluationIsDeterministicAndTrainingDropsOut() {
        for (boolean residual : new boolean[] {false, true}) {
            GnnConfig c = config(ConvType.GCN).optResidual(residual).build();
            try (NDManager m = NDManager.newBaseManager()) {
                Gnn gnn = initialized(c, m, 3);
                CsrGraph g = graph(2);
                assertArrayEquals(run(gnn, m, g, false), run(gnn, m, g, false));
                assertFalse(java.util.Arrays.equals(run(gnn, m, g, false), run(gnn, m, g, true)), "dropout 0.5 changes logits");
                Gnn noDropout = initialized(c.toBuilder().optDropout(0).build(), m, 3);
                // Within rounding, not bit for bit: evaluation propagates in plain Java, training on the engine.
                assertArrayEquals(run(noDropout, m, g, true), run(noDropout, m, g, false), 1e-5f);
            }
        }
    }

    @Test
    void theSeedFixesParametersAndLogits() {
        for (boolean residual : new boolean[] {false, true}) {
            GnnConfig c = config(ConvType.SAGE).optResidual(residual).optLayerNorm(residual).build();
            try (NDManager m = NDManager.newBaseManager()) {
                Gnn a = initialized(c, m, 7);
                Gnn b = initialized(c, m, 7);
                Gnn other = initialized(c, m, 8);
                Map<String, Parameter> pa = a.namedParameters();
                Map<String, Parameter> pb = b.namedParameters();
                Map<String, Parameter> po = other.namedParameters();
                assertEquals(List.copyOf(pa.keySet()), List.copyOf(pb.keySet()));
                boolean anyDiffers = false;
                for (String name : pa.keySet()) {
                    float[] va = pa.get(name).getArray().toFloatArray();
                    assertArrayEquals(va, pb.get(name).getArray().toFloatArray(), name);
                    anyDiffers |= !java.util.Arrays.equals(va, po.get(name).getArray().toFloatArray());
                }
                assertTrue(anyDiffers, "another seed gives other parameters");
                CsrGraph g = graph(3);
                assertArrayEquals(run(a, m, g, false), run(b, m, g, false));
                assertFalse(java.util.Arrays.equals(run(a, m, g, false), run(other, m, g, false)));
            }
        }
    }

    @Test
    void parametersHaveStableNamesAndFixedShapes() {
        try (NDManager m = NDManager.newBaseManager()) {
            Gnn classic = initialized(config(ConvType.GCN).build(), m, 0);
            Map<String, Parameter> p = classic.namedParameters();
            assertEquals(List.of("layers.0.weight", "layers.0.bias", "layers.1.weight", "layers.1.bias"), List.copyOf(p.keySet()));
            assertEquals(new Shape(8, F), p.get("layers.0.weight").getArray().getShape());
            assertEquals(new Shape(C, 8), p.get("layers.1.weight").getArray().getShape());
            Gnn residual = initialized(config(ConvType.SAGE).optLayers(1).optLayerNorm(true).optResidual(true).build(), m, 0);
            assertEquals(List.of("input.weight", "input.bias", "blocks.0.norm.gamma", "blocks.0.norm.beta",
                    "blocks.0.conv.neighbourWeight", "blocks.0.conv.rootWeight", "blocks.0.conv.bias",
                    "blocks.0.linear.weight", "blocks.0.linear.bias", "outputNorm.gamma", "outputNorm.beta",
                    "output.weight", "output.bias"), List.copyOf(residual.namedParameters().keySet()));
            assertEquals(new Shape(8), residual.namedParameters().get("blocks.0.norm.gamma").getArray().getShape());
        }
    }

    @Test
    void classicGcnIsTheComposedLayers() {
        // dropout(x) -> conv1 -> relu -> dropout -> conv2, with dropout off in evaluation.
        GnnConfig c = config(ConvType.GCN).build();
        try (NDManager m = NDManager.newBaseManager(); GraphContext ctx = GraphContext.of(graph(4), m)) {
            Gnn gnn = initialized(c, m, 5);
            Map<String, Parameter> p = gnn.namedParameters();
            NDArray x = m.create(random(6, N * F), new Shape(N, F));
            NDArray h = GcnConv.gcnConv(ctx, x, p.get("layers.0.weight").getArray(), p.get("layers.0.bias").getArray(), true);
            NDArray expected = GcnConv.gcnConv(ctx, ai.djl.nn.Activation.relu(h), p.get("layers.1.weight").getArray(),
                    p.get("layers.1.bias").getArray(), true);
            assertClose(expected.toFloatArray(), gnn.forward(new ParameterStore(m, false), ctx, x, false).toFloatArray());
        }
    }

    @Test
    void representationIsTheOutputLayersInput() {
        // Classic GCN: relu(conv1(x)); forward = conv2(representation). Residual: forward = head(representation).
        try (NDManager m = NDManager.newBaseManager(); GraphContext ctx = GraphContext.of(graph(4), m)) {
            Gnn gnn = initialized(config(ConvType.GCN).build(), m, 5);
            Map<String, Parameter> p = gnn.namedParameters();
            NDArray x = m.create(random(6, N * F), new Shape(N, F));
            ParameterStore store = new ParameterStore(m, false);
            NDArray h = gnn.representation(store, ctx, x, false);
            NDArray expected = ai.djl.nn.Activation.relu(
                    GcnConv.gcnConv(ctx, x, p.get("layers.0.weight").getArray(), p.get("layers.0.bias").getArray(), true));
            assertEquals(new Shape(N, 8), h.getShape());
            assertEquals(8, gnn.representationWidth());
            assertClose(expected.toFloatArray(), h.toFloatArray());
            assertClose(gnn.forward(store, ctx, x, false).toFloatArray(), gnn.head(store, ctx, h, false).toFloatArray());
            Gnn oneLayer = initialized(config(ConvType.SAGE).optLayers(1).build(), m, 5);
            assertEquals(F, oneLayer.representationWidth());
            Gnn residual = initialized(config(ConvType.SAGE).optResidual(true).optLayerNorm(true).build(), m, 5);
            NDArray r = residual.representation(store, ctx, x, false);
            assertEquals(new Shape(N, residual.representationWidth()), r.getShape());
            assertClose(residual.forward(store, ctx, x, false).toFloatArray(),
                    residual.head(store, ctx, r, false).toFloatArray());
        }
    }

    @Test
    void residualSageIsPlatonovsStack() {
        // h = gelu(Lin_in x); per block: h = h + Lin_2(gelu(SAGE(LN(h)))); logits = Lin_out(LN(h)); dropout off.
        GnnConfig c = config(ConvType.SAGE).optResidual(true).optLayerNorm(true).optActivation(Activation.GELU).build();
        try (NDManager m = NDManager.newBaseManager(); GraphContext ctx = GraphContext.of(graph(5), m)) {
            Gnn gnn = initialized(c, m, 9);
            Map<String, Parameter> p = gnn.namedParameters();
            NDArray x = m.create(random(10, N * F), new Shape(N, F));
            NDArray h = ai.djl.nn.Activation.gelu(linear(x, p, "input"));
            for (int l = 0; l < 2; l++) {
                String b = "blocks." + l + ".";
                NDArray r = layerNorm(h, p, b + "norm");
                r = ai.djl.nn.Activation.gelu(SageConv.sageConv(ctx, r, p.get(b + "conv.rootWeight").getArray(),
                        p.get(b + "conv.neighbourWeight").getArray(), p.get(b + "conv.bias").getArray()));
                h = h.add(linear(r, p, b + "linear"));
            }
            NDArray expected = linear(layerNorm(h, p, "outputNorm"), p, "output");
            assertClose(expected.toFloatArray(), gnn.forward(new ParameterStore(m, false), ctx, x, false).toFloatArray());
        }
    }

    @Test
    void mlpIgnoresTheGraph() {
        for (boolean residual : new boolean[] {false, true}) {
            try (NDManager m = NDManager.newBaseManager()) {
                Gnn gnn = initialized(config(ConvType.MLP).optResidual(residual).build(), m, 11);
                assertArrayEquals(run(gnn, m, graph(6), false), run(gnn, m, graph(7), false));
            }
        }
    }

    @Test
    void layerNormNormalizesEachNodesFeatures() {
        try (NDManager m = NDManager.newBaseManager()) {
            LayerNorm ln = LayerNorm.builder().axis(1).build();
            ln.initialize(m, DataType.FLOAT32, new Shape(1, 5));
            float[] y = ln.forward(new ParameterStore(m, false), new NDList(m.create(random(12, 15), new Shape(3, 5)).mul(4).add(1)), false)
                    .singletonOrThrow().toFloatArray();
            for (int row = 0; row < 3; row++) {
                double mean = 0;
                double sq = 0;
                for (int j = 0; j < 5; j++) {
                    mean += y[row * 5 + j] / 5.0;
                    sq += y[row * 5 + j] * y[row * 5 + j] / 5.0;
                }
                assertEquals(0, mean, 1e-5, "row " + row + " mean");
                assertEquals(1, sq - mean * mean, 1e-3, "row " + row + " variance");
            }
        }
    }

    @Test
    void gatStacksUseHeadsThenOneAveragedHead() {
        // Classic: 8 hidden x 2 heads concatenated, then one head of C; residual: every conv keeps width 16.
        try (NDManager m = NDManager.newBaseManager(); GraphContext ctx = GraphContext.of(graph(5), m)) {
            Gnn classic = initialized(config(ConvType.GAT).optHeads(2).build(), m, 1);
            Map<String, Parameter> p = classic.namedParameters();
            assertEquals(List.of("layers.0.weight", "layers.0.attSrc", "layers.0.attDst", "layers.0.bias",
                    "layers.1.weight", "layers.1.attSrc", "layers.1.attDst", "layers.1.bias"), List.copyOf(p.keySet()));
            assertEquals(new Shape(F, 16), p.get("layers.0.weight").getArray().getShape());
            assertEquals(new Shape(16, C), p.get("layers.1.weight").getArray().getShape());
            assertEquals(new Shape(1, C), p.get("layers.1.attSrc").getArray().getShape());
            NDArray x = m.create(random(2, N * F), new Shape(N, F));
            assertEquals(new Shape(N, C), classic.forward(new ParameterStore(m, false), ctx, x, true).getShape());
            Gnn residual = initialized(config(ConvType.GAT).optHeads(2).optResidual(true).build(), m, 1);
            assertEquals(new Shape(16, 16), residual.namedParameters().get("blocks.0.conv.weight").getArray().getShape());
            assertEquals(new Shape(N, C), residual.forward(new ParameterStore(m, false), ctx, x, false).getShape());
        }
    }

    @Test
    void configRejectsBadValues() {
        assertThrows(TesseraException.class, () -> config(ConvType.GCN).optDropout(1).build());
        assertThrows(TesseraException.class, () -> config(ConvType.GCN).optLayers(0).build());
        assertThrows(TesseraException.class, () -> GnnConfig.builder().setInputSize(3).setNumClasses(2).build());
        assertEquals(40, config(ConvType.GAT).optHidden(10).optHeads(4).build().hiddenWidth());
        assertEquals(10, config(ConvType.SAGE).optHidden(10).optHeads(4).build().hiddenWidth());
        assertEquals(0.5f, config(ConvType.GCN).build().inputDropout());
        assertEquals(0f, config(ConvType.GCN).optResidual(true).build().inputDropout());
        assertEquals(0.2f, config(ConvType.GCN).optResidual(true).optInputDropout(0.2f).build().inputDropout());
    }

    private static NDArray linear(NDArray x, Map<String, Parameter> p, String name) {
        return Linear.linear(x, p.get(name + ".weight").getArray(), p.get(name + ".bias").getArray()).singletonOrThrow();
    }

    private static NDArray layerNorm(NDArray x, Map<String, Parameter> p, String name) {
        return LayerNorm.layerNorm(x, new Shape(x.getShape().get(1)), p.get(name + ".gamma").getArray(),
                p.get(name + ".beta").getArray(), 1e-5f).singletonOrThrow();
    }

    static void assertClose(float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-5 * Math.max(1, Math.abs(expected[i])), "entry " + i);
        }
    }
}
