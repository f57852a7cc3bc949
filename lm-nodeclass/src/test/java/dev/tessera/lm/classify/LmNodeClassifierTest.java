package dev.tessera.lm.classify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.graph.GraphDataset;
import dev.tessera.graph.Split;
import dev.tessera.lm.pruning.Candidates;
import dev.tessera.lm.pruning.PruningGnn;
import dev.tessera.lm.pruning.TrainedGnn;
import dev.tessera.lm.train.T5TrainSettings;
import dev.tessera.progress.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LmNodeClassifierTest {
    private static final long SEED = 7;
    private static final int M = 2;
    private static final int FEATURES = 50;

    private static LmClassifierSettings settings() {
        return LmClassifierSettings.builder().optTopKPpr(2).optPrototypesPerClass(3).optCandidates(M)
                .optMaxInputTokens(96).optDecodeBatchSize(8).optTextFeatures(FEATURES)
                .optTrain(T5TrainSettings.builder().optEpochs(6).optBatchSize(4).optLearningRate(3e-3).build())
                .build();
    }

    @Test
    void trainingLowersTheLossAndEveryPredictionIsACandidate() {
        GraphDataset ds = TinyTextGraph.dataset(TinyTextGraph.trueLabels());
        Split split = ds.defaultSplit();
        LmNodeClassifier.Run run = new LmNodeClassifier(settings()).train(ds, split, null, SEED, null, Progress.NONE);
        double[] l = run.epochLosses();
        assertEquals(6, l.length);
        assertTrue(l[l.length - 1] < l[0], "loss " + l[0] + " -> " + l[l.length - 1]);

        // The same GNN, trained again on the same TF-IDF features with the same seed (and, on features the
        // classifier made from the texts, no input dropout), gives the candidates.
        GraphDataset withFeatures = ds.toBuilder().optFeatures(TextFeatures.tfidf(ds.texts().orElseThrow(), FEATURES,
                TextFeatures.DEFAULT_MIN_DOCS)).build();
        TrainedGnn gnn = PruningGnn.builder().optSeed(SEED)
                .optInputDropout(LmNodeClassifier.TEXT_FEATURES_INPUT_DROPOUT).build().train(withFeatures, split);
        Candidates cand = gnn.candidates(M);
        for (int i = 0; i < split.test().length; i++) {
            assertTrue(cand.contains(split.test()[i], run.testPredicted()[i]), "test node " + split.test()[i]);
        }
        for (int i = 0; i < split.valid().length; i++) {
            assertTrue(cand.contains(split.valid()[i], run.valPredicted()[i]), "val node " + split.valid()[i]);
        }
        assertEquals(cand.recall(split.test(), ds.labels()), run.candidateRecall(), 1e-12);
        assertEquals(gnn.testAccuracy(), run.gnnTest(), 1e-12);
        int hit = 0;
        for (int i = 0; i < split.test().length; i++) {
            hit += run.testPredicted()[i] == ds.labels()[split.test()[i]] ? 1 : 0;
        }
        assertEquals((double) hit / split.test().length, run.test(), 1e-12);
        assertTrue(run.meanPromptTokens() <= 96, "prompts fit the budget");
    }

    @Test
    void validationAndTestLabelsDoNotReachTraining() {
        int[] y = TinyTextGraph.trueLabels();
        int[] scrambled = y.clone();
        for (int v = 12; v < 30; v++) {
            scrambled[v] = (y[v] + 1) % 3;
        }
        LmNodeClassifier c = new LmNodeClassifier(settings().toBuilder()
                .optTrain(T5TrainSettings.builder().optEpochs(2).optBatchSize(4).optLearningRate(3e-3).build()).build());
        GraphDataset a = TinyTextGraph.dataset(y);
        GraphDataset b = TinyTextGraph.dataset(scrambled);
        LmNodeClassifier.Run ra = c.train(a, a.defaultSplit(), null, SEED, null, Progress.NONE);
        LmNodeClassifier.Run rb = c.train(b, b.defaultSplit(), null, SEED, null, Progress.NONE);
        // Same losses and the same predictions: the trained GNN and T5 are the same models.
        assertArrayEquals(ra.epochLosses(), rb.epochLosses());
        assertArrayEquals(ra.valPredicted(), rb.valPredicted());
        assertArrayEquals(ra.testPredicted(), rb.testPredicted());
        // Scores use the labels they are given: every scrambled label differs from the true one.
        assertEquals(1.0, ra.test() + rb.test() + countOther(ra.testPredicted(), y), 1e-9);
    }

    @Test
    void withGnnEvidenceValidationAndTestLabelsStillDoNotReachTraining() {
        int[] y = TinyTextGraph.trueLabels();
        int[] scrambled = y.clone();
        for (int v = 12; v < 30; v++) {
            scrambled[v] = (y[v] + 1) % 3;
        }
        LmNodeClassifier c = new LmNodeClassifier(settings().toBuilder().optGnnEvidence(true).optEvidenceFolds(3)
                .optTrain(T5TrainSettings.builder().optEpochs(2).optBatchSize(4).optLearningRate(3e-3).build()).build());
        GraphDataset a = TinyTextGraph.dataset(y);
        GraphDataset b = TinyTextGraph.dataset(scrambled);
        LmNodeClassifier.Run ra = c.train(a, a.defaultSplit(), null, SEED, null, Progress.NONE);
        LmNodeClassifier.Run rb = c.train(b, b.defaultSplit(), null, SEED, null, Progress.NONE);
        assertArrayEquals(ra.epochLosses(), rb.epochLosses());
        assertArrayEquals(ra.testPredicted(), rb.testPredicted());
        LmNodeClassifier.Run plain = new LmNodeClassifier(settings().toBuilder()
                .optTrain(T5TrainSettings.builder().optEpochs(2).optBatchSize(4).optLearningRate(3e-3).build()).build())
                .train(a, a.defaultSplit(), null, SEED, null, Progress.NONE);
        assertFalse(java.util.Arrays.equals(plain.epochLosses(), ra.epochLosses()), "the evidence changes the prompts");
    }

    @Test
    void epochSelectionKeepsTheBestValidationEpochAndIgnoresTestLabels(@TempDir Path tmp) {
        int[] y = TinyTextGraph.trueLabels();
        GraphDataset ds = TinyTextGraph.dataset(y);
        LmNodeClassifier.Run plain = new LmNodeClassifier(settings()).train(ds, ds.defaultSplit(), null, SEED, null,
                Progress.NONE);
        LmNodeClassifier selecting = new LmNodeClassifier(settings().toBuilder().optSelectEpoch(true).build());
        Path saved = tmp.resolve("model");
        LmNodeClassifier.Run best = selecting.train(ds, ds.defaultSplit(), null, SEED, saved, Progress.NONE);
        // The same training run (selection only reads it), so the last epoch is one of the choices.
        assertArrayEquals(plain.epochLosses(), best.epochLosses());
        assertTrue(best.val() >= plain.val(), best.val() + " < " + plain.val());
        // The weights kept are the ones saved and scored.
        LmNodeClassifier.Run evaluated = selecting.evaluate(ds, ds.defaultSplit(), saved, SEED, Progress.NONE);
        assertArrayEquals(best.valPredicted(), evaluated.valPredicted());
        assertArrayEquals(best.testPredicted(), evaluated.testPredicted());
        // Test labels play no part in the choice.
        int[] scrambled = y.clone();
        for (int v : ds.defaultSplit().test()) {
            scrambled[v] = (y[v] + 1) % 3;
        }
        GraphDataset other = TinyTextGraph.dataset(scrambled);
        LmNodeClassifier.Run again = selecting.train(other, other.defaultSplit(), null, SEED, null, Progress.NONE);
        assertArrayEquals(best.testPredicted(), again.testPredicted());
    }

    @Test
    void augmentedPromptsAreSeededAndChangeTraining() {
        GraphDataset ds = TinyTextGraph.dataset(TinyTextGraph.trueLabels());
        LmNodeClassifier c = new LmNodeClassifier(settings().toBuilder().optAugment(true).build());
        LmNodeClassifier.Run a = c.train(ds, ds.defaultSplit(), null, SEED, null, Progress.NONE);
        LmNodeClassifier.Run b = c.train(ds, ds.defaultSplit(), null, SEED, null, Progress.NONE);
        assertArrayEquals(a.epochLosses(), b.epochLosses());
        assertArrayEquals(a.testPredicted(), b.testPredicted());
        LmNodeClassifier.Run plain = new LmNodeClassifier(settings()).train(ds, ds.defaultSplit(), null, SEED, null,
                Progress.NONE);
        assertFalse(java.util.Arrays.equals(plain.epochLosses(), a.epochLosses()), "the prompts change");
        assertTrue(a.epochLosses()[5] < a.epochLosses()[0], java.util.Arrays.toString(a.epochLosses()));
    }

    @Test
    void evidenceIsTheProbabilityInTensOfPercent() {
        assertEquals("Neural Networks (graph 70%)", LmNodeClassifier.withEvidence("Neural Networks", 0.66f));
        assertEquals("a (graph 0%)", LmNodeClassifier.withEvidence("a", 0.04f));
        assertEquals("a (graph 100%)", LmNodeClassifier.withEvidence("a", 0.97f));
    }

    /** The fraction of test predictions that match neither the true nor the scrambled label. */
    private static double countOther(int[] predicted, int[] y) {
        int other = 0;
        for (int i = 0; i < predicted.length; i++) {
            int v = 21 + i;
            if (predicted[i] != y[v] && predicted[i] != (y[v] + 1) % 3) {
                other++;
            }
        }
        return (double) other / predicted.length;
    }

    @Test
    void evaluatingTheSavedModelGivesTheSamePredictions(@TempDir Path tmp) {
        GraphDataset ds = TinyTextGraph.dataset(TinyTextGraph.trueLabels());
        LmNodeClassifier c = new LmNodeClassifier(settings().toBuilder().optPruning(false)
                .optTrain(T5TrainSettings.builder().optEpochs(2).optBatchSize(4).optLearningRate(3e-3).build()).build());
        Path saved = tmp.resolve("model");
        LmNodeClassifier.Run trained = c.train(ds, ds.defaultSplit(), null, SEED, saved, Progress.NONE);
        assertTrue(Files.isRegularFile(saved.resolve("tokenizer.json")));
        LmNodeClassifier.Run evaluated = c.evaluate(ds, ds.defaultSplit(), saved, SEED, Progress.NONE);
        assertArrayEquals(trained.testPredicted(), evaluated.testPredicted());
        assertArrayEquals(trained.valPredicted(), evaluated.valPredicted());
        assertEquals(0, evaluated.epochLosses().length);
        assertEquals(1.0, evaluated.candidateRecall(), 0, "without pruning every class is a candidate");
    }

    @Test
    void trainingCandidatesAlwaysHoldTheTrueClassAndAreSortedById() {
        // Node 0 ranks classes 2 > 0 > 1 > 3; node 1 ranks 3 > 1 > 0 > 2.
        float[] p = {0.3f, 0.1f, 0.5f, 0.1f, 0.15f, 0.25f, 0.05f, 0.55f};
        Candidates top2 = Candidates.topM(p, 4, 2);
        assertArrayEquals(new int[] {0, 2}, LmNodeClassifier.trainingCandidates(top2, 0, 0));
        assertArrayEquals(new int[] {1, 2}, LmNodeClassifier.trainingCandidates(top2, 0, 1));
        assertArrayEquals(new int[] {0, 3}, LmNodeClassifier.trainingCandidates(top2, 1, 0));
        assertArrayEquals(new int[] {1, 3}, LmNodeClassifier.trainingCandidates(top2, 1, 1));
    }
}
