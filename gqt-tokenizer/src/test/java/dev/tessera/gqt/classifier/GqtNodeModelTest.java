package dev.tessera.gqt.classifier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import dev.tessera.gqt.export.TokenSet;
import dev.tessera.gqt.sequence.PprSequences;
import dev.tessera.graph.CsrGraph;
import dev.tessera.graph.Metric;
import dev.tessera.graph.Split;
import dev.tessera.train.RunResult;
import dev.tessera.train.TrainConfig;
import dev.tessera.train.Trainer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class GqtNodeModelTest {
    private static final int N = 24;
    private static final int K = 2;
    private static final int C = 5;
    private static final int D = 6;
    private static final int NEIGHBORS = 6;

    /** A ring with chords i ↔ i+3 over the first N−2 nodes, plus two isolated nodes (all-padding sequences). */
    static CsrGraph graph() {
        int ring = N - 2;
        List<List<Integer>> adj = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            adj.add(new ArrayList<>());
        }
        for (int i = 0; i < ring; i++) {
            for (int step : new int[] {1, 3}) {
                int j = (i + step) % ring;
                adj.get(i).add(j);
                adj.get(j).add(i);
            }
        }
        long[] rows = new long[N + 1];
        List<Integer> cols = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            adj.get(i).stream().distinct().sorted().forEach(cols::add);
            rows[i + 1] = cols.size();
        }
        return CsrGraph.of(rows, cols.stream().mapToInt(Integer::intValue).toArray(), null);
    }

    /** Random codebooks and tokens; each node's quantized vector is the sum of its codewords. */
    static TokenSet tokens(int n, long seed) {
        Random r = new Random(seed);
        float[] books = new float[K * C * D];
        for (int i = 0; i < books.length; i++) {
            books[i] = (float) r.nextGaussian();
        }
        int[] t = new int[n * K];
        float[] q = new float[n * D];
        for (int i = 0; i < n; i++) {
            for (int l = 0; l < K; l++) {
                t[i * K + l] = r.nextInt(C);
                for (int j = 0; j < D; j++) {
                    q[i * D + j] += books[(l * C + t[i * K + l]) * D + j];
                }
            }
        }
        return new TokenSet(t, books, q, n, K, C, D);
    }

    private static GqtClassifierConfig.Builder config(int classes) {
        return GqtClassifierConfig.builder().setTokens(K, C, D).setSequenceLength(NEIGHBORS + 1).setNumClasses(classes)
                .optDim(16).optHeads(4).optLayers(2);
    }

    private static GqtNodeModel model(GqtClassifierConfig config, long seed) {
        return GqtNodeModel.builder().setTokens(tokens(N, 7)).setSequences(PprSequences.compute(graph(), NEIGHBORS))
                .setConfig(config).optSeed(seed).build();
    }

    private static float[] logits(GqtNodeModel model, TokenBatch batch) {
        try (NDManager m = model.parameters().get(0).getArray().getManager().newSubManager()) {
            return model.logits(new ParameterStore(m, false), m, batch, false).toFloatArray();
        }
    }

    private static TokenBatch batch(GqtNodeModel model, int[] nodes) {
        TokenSet t = model.tokens();
        return TokenBatch.of(model.sequences(), t.tokens(), K, C, nodes);
    }

    /** The batch with the node (and so its codes and quantized vector) at some positions replaced. */
    private static TokenBatch replaced(GqtNodeModel model, TokenBatch b, boolean padded, UnaryOperator<Integer> node) {
        int[] nodes = b.nodes().clone();
        float[] weights = b.weights().clone();
        for (int p = 0; p < nodes.length; p++) {
            boolean isPad = b.mask()[p] == 0f;
            if (isPad == padded && p % b.length() != 0) {
                nodes[p] = node.apply(nodes[p]);
                if (padded) {
                    weights[p] = 0.9f; // content at padding, weight included, must not matter
                }
            }
        }
        return TokenBatch.of(nodes, weights, b.mask(), b.batch(), b.length(), model.tokens().tokens(), K, C);
    }

    @Test
    void paddingContentDoesNotChangeTheLogits() {
        try (GqtNodeModel model = model(config(3).build(), 1)) {
            int[] nodes = {0, 5, N - 1, N - 2, 11};
            TokenBatch b = batch(model, nodes);
            int padded = 0;
            for (float f : b.mask()) {
                padded += f == 0f ? 1 : 0;
            }
            assertTrue(padded >= 2 * NEIGHBORS, "the isolated nodes' sequences are all padding: " + padded);
            float[] base = logits(model, b);
            float[] altered = logits(model, replaced(model, b, true, v -> (v * 7 + 3) % N));
            assertArrayEquals(base, altered, 1e-6f);
            // The same change at real positions does change them (the check can fail).
            float[] real = logits(model, replaced(model, b, false, v -> (v * 7 + 3) % N));
            float diff = 0;
            for (int i = 0; i < base.length; i++) {
                diff = Math.max(diff, Math.abs(base[i] - real[i]));
            }
            assertTrue(diff > 1e-4, "changing real neighbours changes the logits: " + diff);
        }
    }

    @Test
    void codebookInitCopiesTheCodebooksAndAddsAProjection() {
        GqtClassifierConfig on = config(3).build();
        GqtClassifierConfig off = config(3).optCodebookInit(false).build();
        try (GqtNodeModel a = model(on, 1); GqtNodeModel b = model(off, 1)) {
            assertArrayEquals(a.tokens().codebooks(), a.namedParameters().get("embedding").getArray().toFloatArray());
            long vocab = K * C;
            int d = on.dim();
            assertEquals(vocab * D + (D * d + d), a.parameterCount() - b.parameterCount() + vocab * d);
            assertFalse(b.namedParameters().containsKey("codeProjection_weight"));
        }
    }

    /**
     * Each of level encoding, position encoding and gating: switched on with its parameters made neutral (zero
     * encodings; gate slope 0 and an offset that saturates the sigmoid to 1) the model computes exactly what the
     * switched-off model computes with the same shared parameters; moving those parameters changes the logits.
     */
    @Test
    void eachModulationSwitchAddsItsParametersAndActs() {
        record Case(String name, UnaryOperator<GqtClassifierConfig.Builder> off, Map<String, Float> neutral, long extra) {
        }
        int d = 16;
        List<Case> cases = List.of(
                new Case("level", b -> b.optLevelEncoding(false), Map.of("levels", 0f), (K + 1) * d),
                new Case("position", b -> b.optPositionEncoding(false), Map.of("positions", 0f),
                        (NEIGHBORS + 1) * d),
                new Case("gating", b -> b.optPprGating(false), Map.of("gateSlope", 0f, "gateOffset", 30f), 2 * d));
        int[] nodes = {0, 3, 7, N - 1};
        for (Case c : cases) {
            try (GqtNodeModel on = model(config(3).build(), 2); GqtNodeModel off = model(c.off.apply(config(3)).build(), 3)) {
                assertEquals(c.extra, on.parameterCount() - off.parameterCount(), c.name);
                Map<String, Parameter> onParams = on.namedParameters();
                for (Map.Entry<String, Parameter> e : off.namedParameters().entrySet()) {
                    onParams.get(e.getKey()).getArray().set(e.getValue().getArray().toFloatArray());
                }
                for (Map.Entry<String, Float> e : c.neutral.entrySet()) {
                    Parameter p = onParams.get(e.getKey());
                    float[] v = new float[(int) p.getArray().size()];
                    java.util.Arrays.fill(v, e.getValue());
                    p.getArray().set(v);
                }
                float[] expected = logits(off, batch(off, nodes));
                assertArrayEquals(expected, logits(on, batch(on, nodes)), 1e-5f, c.name + " neutral = off");
                Random r = new Random(5);
                for (String name : c.neutral.keySet()) {
                    Parameter p = onParams.get(name);
                    float[] v = new float[(int) p.getArray().size()];
                    for (int i = 0; i < v.length; i++) {
                        v[i] = (float) r.nextGaussian();
                    }
                    p.getArray().set(v);
                }
                float[] moved = logits(on, batch(on, nodes));
                float diff = 0;
                for (int i = 0; i < moved.length; i++) {
                    diff = Math.max(diff, Math.abs(moved[i] - expected[i]));
                }
                assertTrue(diff > 1e-4, c.name + " acts: " + diff);
            }
        }
    }

    @Test
    void overfitsATinyDataset() {
        Random r = new Random(11);
        int[] labels = new int[N];
        for (int i = 0; i < N; i++) {
            labels[i] = r.nextInt(3);
        }
        int[] all = new int[N];
        for (int i = 0; i < N; i++) {
            all[i] = i;
        }
        Split split = new Split("all", all, all, all);
        TrainConfig tc = TrainConfig.builder().optEpochs(80).optLr(1e-2).optWeightDecay(0)
                .optOptimizer(TrainConfig.Optimizer.ADAMW).optEvalEvery(80).optSeed(1).build();
        try (GqtNodeModel model = model(config(3).optDropout(0f).build(), 4)) {
            RunResult result = Trainer.fit(model, labels, split, Metric.ACCURACY, tc, null);
            assertEquals(1.0, result.train(), 1e-9, "memorizes random labels: " + result.train());
        }
    }
}
