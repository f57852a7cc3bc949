package dev.tessera.geco.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.tessera.TesseraException;
import dev.tessera.geco.GecoConfig;
import dev.tessera.geco.layers.GecoLayerTest;
import dev.tessera.graph.GraphDataset;
import dev.tessera.graph.Metric;
import dev.tessera.graph.NodeFeatures;
import dev.tessera.graph.Split;
import dev.tessera.train.RunResult;
import dev.tessera.train.TrainConfig;
import dev.tessera.train.TrainListener;
import dev.tessera.train.Trainer;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GecoNodeModelTest {
    private static final int N = 30;
    private static final int F = 6;
    private static final int C = 3;

    /** Random labels: only memorization fits them. */
    static GraphDataset dataset() {
        SplittableRandom r = new SplittableRandom(4);
        int[] labels = new int[N];
        for (int v = 0; v < N; v++) {
            labels[v] = r.nextInt(C);
        }
        return GraphDataset.builder().setName("tiny").setGraph(GecoLayerTest.graph(N, 3))
                .optFeatures(NodeFeatures.of(GecoLayerTest.random(N * F, 5), N, F)).optLabels(labels, null).build();
    }

    private static GecoConfig config() {
        return GecoConfig.builder().setInputSize(F).setNumClasses(C).optHidden(16).optDropout(0f).optFilterWidth(16)
                .build();
    }

    private static int[] range(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }

    private static float[] logits(GecoNodeModel model, int[] nodes) {
        try (NDManager call = NDManager.newBaseManager()) {
            NDArray y = model.logits(new ParameterStore(call, false), call, nodes, false);
            assertEquals(new Shape(nodes.length, C), y.getShape());
            return y.toFloatArray();
        }
    }

    @Test
    void overfitsATinyDataset() {
        GraphDataset ds = dataset();
        Split split = new Split("all", range(N), range(N), range(N));
        TrainConfig config = TrainConfig.builder().optEpochs(150).optLr(0.01).optWeightDecay(0).optSeed(1).build();
        try (GecoNodeModel model = GecoNodeModel.builder().setDataset(ds).setConfig(config()).optSeed(1).build()) {
            RunResult result = Trainer.fit(model, ds.labels(), split, Metric.ACCURACY, config, TrainListener.NONE);
            assertEquals(1.0, result.train(), 1e-9, "memorizes 30 random labels");
        }
    }

    @Test
    void evaluationIsDeterministicAndRowsMatchTheFullForward() {
        GraphDataset ds = dataset();
        try (GecoNodeModel a = GecoNodeModel.builder().setDataset(ds).setConfig(config()).optSeed(2).optOrdering("rcm").build();
                GecoNodeModel b = GecoNodeModel.builder().setDataset(ds).setConfig(config()).optSeed(2).optOrdering("rcm").build()) {
            float[] all = logits(a, range(N));
            assertArrayEquals(all, logits(b, range(N)));
            int[] some = {29, 3, 3, 0};
            float[] rows = logits(a, some);
            for (int i = 0; i < some.length; i++) {
                for (int c = 0; c < C; c++) {
                    assertEquals(all[some[i] * C + c], rows[i * C + c], 1e-6);
                }
            }
            assertEquals("rcm", a.ordering().name());
        }
    }

    /** With every neighbour sampled over enough hops, a mini-batch sees the whole graph and gives the full logits. */
    @Test
    void miniBatchWithTheWholeGraphEqualsFullBatch() {
        GraphDataset ds = dataset();
        try (GecoNodeModel full = GecoNodeModel.builder().setDataset(ds).setConfig(config()).optSeed(2).build();
                GecoNodeModel mini = GecoNodeModel.builder().setDataset(ds).setConfig(config()).optSeed(2)
                        .optFanouts(-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
                                -1, -1, -1, -1, -1, -1, -1, -1, -1, -1)
                        .build()) {
            float[] expected = logits(full, range(N));
            int[] seeds = range(N);
            float[] actual = logits(mini, seeds);
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], actual[i], 1e-4, "entry " + i);
            }
        }
    }

    @Test
    void rejectsMismatchedFeatureWidth() {
        GraphDataset ds = dataset();
        GecoConfig wrong = GecoConfig.builder().setInputSize(F + 1).setNumClasses(C).build();
        TesseraException e = assertThrows(TesseraException.class,
                () -> GecoNodeModel.builder().setDataset(ds).setConfig(wrong).build());
        assertTrue(e.getMessage().contains("input size"), e.getMessage());
    }
}
