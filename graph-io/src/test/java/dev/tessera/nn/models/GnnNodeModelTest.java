package dev.tessera.nn.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.tessera.TesseraException;
import dev.tessera.djl.GraphTensors;
import dev.tessera.graph.CsrBuilder;
import dev.tessera.graph.CsrGraph;
import dev.tessera.graph.GraphDataset;
import dev.tessera.graph.NodeFeatures;
import dev.tessera.nn.GraphContext;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GnnNodeModelTest {
    private static final int N = 40;
    private static final int F = 5;
    private static final int C = 3;

    /** A random directed graph (edges in one direction only, so a reversed orientation would show). */
    private static GraphDataset dataset(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        CsrBuilder b = new CsrBuilder(N);
        for (int i = 0; i < 3 * N; i++) {
            int u = r.nextInt(N);
            int v = r.nextInt(N);
            if (u != v) {
                b.addEdge(u, v);
            }
        }
        int[] labels = new int[N];
        for (int v = 0; v < N; v++) {
            labels[v] = r.nextInt(C);
        }
        return GraphDataset.builder().setName("random").setGraph(b.build())
                .optFeatures(NodeFeatures.of(GnnTest.random(seed + 1, N * F), N, F)).optLabels(labels, null).build();
    }

    private static GnnConfig config(ConvType conv) {
        return GnnConfig.builder().setConv(conv).setInputSize(F).setNumClasses(C).optHidden(16).build();
    }

    private static float[] logits(GnnNodeModel model, int[] nodes) {
        try (NDManager call = model.manager().newSubManager()) {
            NDArray y = model.logits(new ParameterStore(call, false), call, nodes, false);
            assertEquals(new Shape(nodes.length, C), y.getShape());
            assertEquals(call, y.getManager());
            return y.toFloatArray();
        }
    }

    @Test
    void fullBatchRowsAreTheFullForwardsRows() {
        GraphDataset ds = dataset(1);
        int[] nodes = {7, 0, 39, 7};
        try (GnnNodeModel model = GnnNodeModel.builder().setDataset(ds).setConfig(config(ConvType.GCN)).optSeed(3).build();
                NDManager m = NDManager.newBaseManager(); GraphContext ctx = GraphContext.of(ds.graph(), m)) {
            float[] all = model.gnn().forward(new ParameterStore(m, false), ctx, GraphTensors.features(m, ds.features()), false)
                    .toFloatArray();
            float[] rows = logits(model, nodes);
            for (int i = 0; i < nodes.length; i++) {
                for (int c = 0; c < C; c++) {
                    assertEquals(all[nodes[i] * C + c], rows[i * C + c], 1e-6);
                }
            }
            assertEquals(C, model.numClasses());
            assertEquals(model.gnn().namedParameters().size(), model.parameters().size());
        }
    }

    @Test
    void miniBatchWithAllNeighboursMatchesFullBatch() {
        // Sum and mean aggregations need the L-hop in-neighbourhood; GCN also each source's full degree, so one
        // more hop. Fan-outs above every degree keep every neighbour.
        GraphDataset ds = dataset(2);
        int[] seeds = {3, 17, 25, 0};
        for (ConvType conv : List.of(ConvType.SAGE, ConvType.GCN, ConvType.MLP)) {
            int[] fanouts = conv == ConvType.GCN ? new int[] {100, 100, 100} : new int[] {100, 100};
            try (GnnNodeModel full = GnnNodeModel.builder().setDataset(ds).setConfig(config(conv)).optSeed(4).build();
                    GnnNodeModel mini = GnnNodeModel.builder().setDataset(ds).setConfig(config(conv)).optSeed(4)
                            .optFanouts(fanouts).build()) {
                assertTrue(mini.isMiniBatch());
                GnnTest.assertClose(logits(full, seeds), logits(mini, seeds));
            }
        }
    }

    @Test
    void miniBatchSamplingIsDeterministicPerCall() {
        GraphDataset ds = dataset(3);
        int[] seeds = {1, 2, 3, 4, 5};
        try (GnnNodeModel a = GnnNodeModel.builder().setDataset(ds).setConfig(config(ConvType.SAGE)).optFanouts(2, 2)
                .optSampleSeed(9).build();
                GnnNodeModel b = GnnNodeModel.builder().setDataset(ds).setConfig(config(ConvType.SAGE)).optFanouts(2, 2)
                        .optSampleSeed(9).build()) {
            for (int call = 0; call < 3; call++) {
                assertArrayEquals(logits(a, seeds), logits(b, seeds), "call " + call);
            }
        }
    }

    @Test
    void repeatedStepsDoNotGrowTheModelsManager() {
        GraphDataset ds = dataset(4);
        int[] nodes = {0, 1, 2, 3, 4, 5, 6, 7};
        for (int[] fanouts : new int[][] {null, {3, 3}}) {
            GnnConfig c = GnnConfig.builder().setConv(ConvType.SAGE).setInputSize(F).setNumClasses(C).optHidden(16)
                    .optResidual(true).optLayerNorm(true).build();
            try (GnnNodeModel model = GnnNodeModel.builder().setDataset(ds).setConfig(c).optFanouts(fanouts).build()) {
                step(model, nodes);
                int before = model.manager().getManagedArrays().size();
                for (int i = 0; i < 200; i++) {
                    step(model, nodes);
                }
                assertEquals(before, model.manager().getManagedArrays().size());
            }
        }
    }

    private static void step(GnnNodeModel model, int[] nodes) {
        try (NDManager call = model.manager().newSubManager();
                GradientCollector gc = call.getEngine().newGradientCollector()) {
            NDArray y = model.logits(new ParameterStore(call, false), call, nodes, true);
            gc.backward(y.sum());
        }
        for (Parameter p : model.parameters()) {
            assertTrue(p.getArray().hasGradient());
        }
    }

    @Test
    void userErrorsNameTheProblem() {
        CsrGraph g = new CsrBuilder(3).addEdge(0, 1).build();
        GraphDataset bare = GraphDataset.builder().setName("bare").setGraph(g).build();
        TesseraException e = assertThrows(TesseraException.class,
                () -> GnnNodeModel.builder().setDataset(bare).setConfig(config(ConvType.GCN)).build());
        assertEquals("dataset bare has no node features", e.getMessage());
        GnnConfig wide = GnnConfig.builder().setConv(ConvType.GCN).setInputSize(F + 1).setNumClasses(C).build();
        assertThrows(TesseraException.class, () -> GnnNodeModel.builder().setDataset(dataset(5)).setConfig(wide).build());
    }
}
