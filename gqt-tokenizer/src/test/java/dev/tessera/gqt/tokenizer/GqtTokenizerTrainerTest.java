package dev.tessera.gqt.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import dev.tessera.TesseraException;
import dev.tessera.djl.GraphTensors;
import dev.tessera.gqt.encoder.EncoderInput;
import dev.tessera.gqt.export.TokenSet;
import dev.tessera.graph.GraphDataset;
import dev.tessera.nn.GraphContext;
import dev.tessera.nn.models.ConvType;
import dev.tessera.progress.Progress;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GqtTokenizerTrainerTest {
    private static final GraphDataset TINY = TinyGraph.of(48, 12, 7);

    @TempDir
    Path tmp;

    /** Only the named loss on (the others weight 0), a small GCN, 4 codes of 2 levels. */
    private static GqtConfig.Builder only(String loss) {
        return GqtConfig.builder().optConv(ConvType.GCN).optDim(16).optLevels(2).optCodebookSize(4).optDropout(0f)
            .optLearningRate(5e-3).optEpochs(25)
            .optDgiWeight(loss.equals("dgi") ? 1 : 0).optMaeWeight(loss.equals("mae") ? 1 : 0)
            .optBgrlWeight(loss.equals("bgrl") ? 1 : 0).optCommitmentWeight(loss.equals("commit") ? 1 : 0);
    }

    private static List<EpochLog> history(GqtConfig config) {
        try (NDManager m = NDManager.newBaseManager()) {
            GqtTokenizerTrainer.Result r = GqtTokenizerTrainer.train(TINY, config, m, Progress.NONE, null);
            r.tokenizer().close();
            return r.history();
        }
    }

    private static void assertDecreases(String loss, ToDoubleFunction<EpochLog> value) {
        List<EpochLog> h = history(only(loss).build());
        double first = value.applyAsDouble(h.get(0));
        double last = 0;
        for (EpochLog e : h.subList(h.size() - 5, h.size())) {
            last += value.applyAsDouble(e) / 5;
        }
        assertTrue(Double.isFinite(first) && last < first, loss + ": first " + first + ", last five " + last);
    }

    @Test
    void dgiDecreases() {
        assertDecreases("dgi", EpochLog::dgi);
    }

    @Test
    void reconstructionDecreases() {
        assertDecreases("mae", EpochLog::reconstruction);
    }

    @Test
    void distillationDecreases() {
        assertDecreases("bgrl", EpochLog::distillation);
    }

    @Test
    void commitmentDecreases() {
        assertDecreases("commit", EpochLog::commitment);
    }

    @Test
    void disabledLossesAreNaN() {
        EpochLog e = history(only("dgi").optEpochs(1).build()).get(0);
        assertTrue(Double.isNaN(e.reconstruction()) && Double.isNaN(e.distillation()), e.line());
        assertTrue(Double.isFinite(e.dgi()), e.line());
    }

    @Test
    void straightThroughGradientReachesTheFirstLayer() {
        GqtConfig config = only("dgi").build();
        try (NDManager m = NDManager.newBaseManager();
             GqtTokenizer t = new GqtTokenizer(config, TINY.numFeatures(), 4, m);
             GraphContext g = GraphContext.of(TINY.graph(), m)) {
            NDArray x = GraphTensors.features(m, TINY.features());
            t.quantizer().quantize(t.network().encode(t.store(), g, EncoderInput.of(TINY.features(), x), m, false).stopGradient(), true);
            Parameter w = t.network().namedParameters().get("encoder.convs.0.weight");
            try (GradientCollector gc = m.getEngine().newGradientCollector()) {
                NDArray out = t.quantizer().quantize(t.network().encode(t.store(), g, EncoderInput.of(TINY.features(), x), m, true), false).output();
                // d/dZ of sum(out²) through the straight-through estimator is 2·Q, non-zero
                gc.backward(out.square().sum());
            }
            try (NDManager tmp = m.newSubManager()) {
                NDArray grad = w.getArray().getGradient();
                grad.attach(tmp);
                assertTrue(grad.abs().sum().getFloat() > 0, "no gradient at the first layer");
            }
        }
    }

    @Test
    void sameSeedSameTokensAndLosses() {
        sameSeedSameTokensAndLosses(TINY);
    }

    @Test
    void sameSeedSameTokensAndLossesWithSparseFeatures() {
        GraphDataset sparse = TinyGraph.of(48, 80, 7, true);
        try (NDManager m = NDManager.newBaseManager()) {
            assertTrue(EncoderInput.of(sparse.features(), GraphTensors.features(m, sparse.features())).isSparse(),
                "the case must take the sparse input path");
        }
        sameSeedSameTokensAndLosses(sparse);
    }

    private static void sameSeedSameTokensAndLosses(GraphDataset data) {
        GqtConfig config = GqtConfig.builder().optConv(ConvType.GAT).optHeads(2).optDim(16).optLevels(2)
            .optCodebookSize(4).optEpochs(4).optSeed(3).build();
        int[][] tokens = new int[2][];
        double[][] losses = new double[2][];
        for (int run = 0; run < 2; run++) {
            try (NDManager m = NDManager.newBaseManager()) {
                GqtTokenizerTrainer.Result r = GqtTokenizerTrainer.train(data, config, m, Progress.NONE, null);
                try (GqtTokenizer t = r.tokenizer()) {
                    tokens[run] = t.tokenize(data).tokens();
                }
                losses[run] = r.history().stream().mapToDouble(EpochLog::loss).toArray();
            }
        }
        assertArrayEquals(tokens[0], tokens[1]);
        assertArrayEquals(losses[0], losses[1]);
    }

    @Test
    void savedTokenizerGivesTheSameTokens() {
        GqtConfig config = GqtConfig.builder().optConv(ConvType.SAGE).optDim(8).optLevels(3).optCodebookSize(4)
            .optEpochs(3).build();
        Path file = tmp.resolve(GqtTokenizer.FILE);
        try (NDManager m = NDManager.newBaseManager()) {
            TokenSet before;
            try (GqtTokenizer t = GqtTokenizerTrainer.train(TINY, config, m, Progress.NONE, null).tokenizer()) {
                before = t.tokenize(TINY);
                t.save(file);
            }
            try (GqtTokenizer loaded = GqtTokenizer.load(file, m)) {
                TokenSet after = loaded.tokenize(TINY);
                assertArrayEquals(before.tokens(), after.tokens());
                assertArrayEquals(before.codebooks(), after.codebooks());
                assertEquals(config, loaded.config());
                GraphDataset other = TinyGraph.of(48, 5, 1);
                TesseraException e = assertThrows(TesseraException.class, () -> loaded.tokenize(other));
                assertTrue(e.getMessage().contains("12 features"), e.getMessage());
            }
        }
    }

    @Test
    void autoCodebookSize() {
        assertEquals(256, GqtConfig.autoCodebookSize(2708));
        assertEquals(128, GqtConfig.autoCodebookSize(1500));
        assertEquals(4, GqtConfig.autoCodebookSize(48));
        assertEquals(2, GqtConfig.autoCodebookSize(6));
    }
}
