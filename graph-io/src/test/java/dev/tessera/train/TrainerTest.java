package dev.tessera.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.TesseraException;
import dev.tessera.graph.Metric;
import dev.tessera.graph.Split;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TrainerTest {
    private static final TinyMlp.Data DATA = new TinyMlp.Data(80, 6, 3, 0.9, 11);

    private static RunResult fit(TinyMlp model, TrainConfig config, TrainListener listener) {
        return Trainer.fit(model, DATA.labels, DATA.split, Metric.ACCURACY, config, listener);
    }

    @Test
    void overfitsTheTrainingNodes() {
        TrainConfig config = TrainConfig.builder().optEpochs(300).optLr(0.05).optWeightDecay(0)
                .optOptimizer(TrainConfig.Optimizer.ADAMW).build();
        try (TinyMlp model = new TinyMlp(DATA, 32, 3, 0f, 1)) {
            RunResult r = fit(model, config, TrainListener.NONE);
            List<EpochStats> h = r.history();
            assertEquals(300, h.size());
            assertEquals(1.0, h.get(h.size() - 1).train(), "train accuracy at the last epoch");
            assertTrue(h.get(h.size() - 1).loss() < 0.1 * h.get(0).loss(), "loss fell: " + h.get(0).loss() + " → "
                    + h.get(h.size() - 1).loss());
            assertTrue(r.val() > 0.6, "validation accuracy " + r.val());
        }
    }

    @Test
    void withoutEvalTrainEpochsSkipTheTrainingNodesButTheRestoredWeightsAreScoredOnThem() {
        TrainConfig.Builder b = TrainConfig.builder().optEpochs(40).optLr(0.05).optWeightDecay(0)
                .optOptimizer(TrainConfig.Optimizer.ADAMW);
        RunResult with;
        RunResult without;
        try (TinyMlp model = new TinyMlp(DATA, 16, 3, 0f, 5)) {
            with = fit(model, b.build(), TrainListener.NONE);
        }
        try (TinyMlp model = new TinyMlp(DATA, 16, 3, 0f, 5)) {
            without = fit(model, b.optEvalTrain(false).build(), TrainListener.NONE);
        }
        for (int e = 0; e < 40; e++) {
            assertFalse(Double.isNaN(with.history().get(e).train()));
            assertTrue(Double.isNaN(without.history().get(e).train()), "epoch " + e + " scored the training nodes");
            assertEquals(with.history().get(e).val(), without.history().get(e).val(), "same run otherwise");
        }
        assertEquals(with.bestEpoch(), without.bestEpoch());
        assertEquals(with.train(), without.train(), "the restored weights are scored on the training nodes");
        assertEquals(with.test(), without.test());
    }

    @Test
    void stopsAtBestPlusPatienceAndRestoresTheBestWeights() {
        int patience = 7;
        TrainConfig config = TrainConfig.builder().optEpochs(200).optLr(0.05).optPatience(patience).build();
        try (TinyMlp model = new TinyMlp(DATA, 16, 3, 0.2f, 2)) {
            List<float[][]> perEpoch = new ArrayList<>();
            RunResult r = fit(model, config, (s, be, bv) -> perEpoch.add(model.snapshot()));
            assertTrue(r.stoppedEarly());
            assertEquals(r.bestEpoch() + patience + 1, r.history().size());
            EpochStats best = r.history().get(r.bestEpoch());
            for (EpochStats s : r.history()) {
                assertTrue(s.val() <= best.val());
                if (s.epoch() < r.bestEpoch()) {
                    assertTrue(s.val() < best.val(), "the first maximum is kept");
                }
            }
            assertEquals(best.val(), r.bestVal());
            assertEquals(best.val(), r.val(), "validation recomputed with the restored weights");
            assertEquals(best.test(), r.test());
            assertEquals(best.train(), r.train());
            float[][] now = model.snapshot();
            float[][] expected = perEpoch.get(r.bestEpoch());
            for (int i = 0; i < now.length; i++) {
                assertArrayEquals(expected[i], now[i]);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 16})
    void resumingFromACheckpointGivesTheUninterruptedRun(int batchSize, @TempDir Path dir) {
        TrainConfig.Builder base = TrainConfig.builder().optEpochs(30).optLr(0.03).optBatchSize(batchSize)
                .optSchedule(TrainConfig.Schedule.COSINE).optWarmupEpochs(3).optClipNorm(1.0).optSeed(5);
        RunResult whole;
        float[][] wholeParams;
        try (TinyMlp model = new TinyMlp(DATA, 16, 3, 0.3f, 5)) {
            whole = fit(model, base.optCheckpoints(dir.resolve("a"), 7).build(), TrainListener.NONE);
            wholeParams = model.snapshot();
        }
        Path cut = dir.resolve("b");
        try (TinyMlp model = new TinyMlp(DATA, 16, 3, 0.3f, 5)) {
            TrainConfig config = base.optCheckpoints(cut, 7).build();
            assertThrows(IllegalStateException.class, () -> fit(model, config, (s, be, bv) -> {
                if (s.epoch() == 16) {
                    throw new IllegalStateException("cut");
                }
            }));
        }
        Checkpoint saved = Checkpoint.read(cut.resolve(Trainer.CHECKPOINT_FILE));
        assertEquals(14, saved.epochsDone());
        RunResult resumed;
        float[][] resumedParams;
        // A different initialization: the checkpoint replaces it.
        try (TinyMlp model = new TinyMlp(DATA, 16, 3, 0.3f, 99)) {
            resumed = fit(model, base.optResume(cut.resolve(Trainer.CHECKPOINT_FILE)).build(), TrainListener.NONE);
            resumedParams = model.snapshot();
        }
        for (int i = 0; i < wholeParams.length; i++) {
            assertArrayEquals(wholeParams[i], resumedParams[i]);
        }
        assertEquals(whole.bestEpoch(), resumed.bestEpoch());
        assertEquals(whole.val(), resumed.val());
        assertEquals(whole.test(), resumed.test());
        assertEquals(whole.history().size(), resumed.history().size());
        for (int e = 0; e < whole.history().size(); e++) {
            EpochStats a = whole.history().get(e);
            EpochStats b = resumed.history().get(e);
            assertEquals(a.loss(), b.loss(), "loss at epoch " + e);
            assertEquals(a.val(), b.val(), "val at epoch " + e);
            assertEquals(a.lr(), b.lr());
        }
        // The end-of-run checkpoints agree too.
        Checkpoint endA = Checkpoint.read(dir.resolve("a").resolve(Trainer.CHECKPOINT_FILE));
        Checkpoint endB = Checkpoint.read(cut.resolve(Trainer.CHECKPOINT_FILE));
        assertEquals(30, endB.epochsDone());
        for (int j = 0; j < endA.firstMoments().size(); j++) {
            assertArrayEquals(endA.secondMoments().get(j), endB.secondMoments().get(j));
        }
    }

    @Test
    void refusesACheckpointOfAnotherConfigurationOrModel(@TempDir Path dir) {
        TrainConfig config = TrainConfig.builder().optEpochs(4).optCheckpoints(dir, 0).build();
        try (TinyMlp model = new TinyMlp(DATA, 8, 3, 0f, 1)) {
            fit(model, config, TrainListener.NONE);
        }
        Path file = dir.resolve(Trainer.CHECKPOINT_FILE);
        assertTrue(Files.isRegularFile(file));
        try (TinyMlp model = new TinyMlp(DATA, 8, 3, 0f, 1)) {
            TrainConfig other = config.toBuilder().optLr(0.02).optResume(file).build();
            TesseraException e = assertThrows(TesseraException.class, () -> fit(model, other, TrainListener.NONE));
            assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("configuration"),
                    e.getMessage());
        }
        try (TinyMlp model = new TinyMlp(DATA, 9, 3, 0f, 1)) {
            TrainConfig same = config.toBuilder().optResume(file).build();
            TesseraException e = assertThrows(TesseraException.class, () -> fit(model, same, TrainListener.NONE));
            assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("shape"), e.getMessage());
        }
    }

    @Test
    void sameSeedSameRunOtherSeedOtherRun() {
        TrainConfig config = TrainConfig.builder().optEpochs(15).optBatchSize(10).build();
        RunResult[] r = new RunResult[3];
        float[][][] p = new float[3][][];
        int[] seeds = {4, 4, 6};
        for (int k = 0; k < 3; k++) {
            try (TinyMlp model = new TinyMlp(DATA, 16, 3, 0.5f, 1)) {
                r[k] = fit(model, config.toBuilder().optSeed(seeds[k]).build(), TrainListener.NONE);
                p[k] = model.snapshot();
            }
        }
        for (int e = 0; e < 15; e++) {
            assertEquals(r[0].history().get(e).loss(), r[1].history().get(e).loss());
        }
        for (int i = 0; i < p[0].length; i++) {
            assertArrayEquals(p[0][i], p[1][i]);
        }
        assertFalse(r[0].history().get(0).loss() == r[2].history().get(0).loss(),
                "another seed draws other dropout masks and batches");
    }

    @Test
    void keepsTheModelsArrayCountConstant() {
        TrainConfig config = TrainConfig.builder().optEpochs(200).optClipNorm(0.5).build();
        try (TinyMlp model = new TinyMlp(DATA, 16, 3, 0.5f, 3)) {
            int before = model.manager().getManagedArrays().size();
            List<Integer> counts = new ArrayList<>();
            fit(model, config, (s, be, bv) -> counts.add(model.manager().getManagedArrays().size()));
            assertEquals(200, counts.size());
            for (int c : counts) {
                assertEquals(counts.get(0), c, "arrays in the model's manager: " + counts);
            }
            assertEquals(before, model.manager().getManagedArrays().size(), "after fit");
        }
    }

    @Test
    void trainsASingleLogitBinaryModelScoredByRocAuc() {
        TinyMlp.Data data = new TinyMlp.Data(80, 4, 2, 0.8, 3);
        TrainConfig config = TrainConfig.builder().optEpochs(40).optLr(0.05).optEvalEvery(5).build();
        try (TinyMlp model = new TinyMlp(data, 0, 1, 0f, 1)) {
            RunResult r = Trainer.fit(model, data.labels, data.split, Metric.ROCAUC, config, TrainListener.NONE);
            assertTrue(r.val() > 0.8, "ROC-AUC " + r.val());
            assertTrue(r.history().get(39).loss() < r.history().get(0).loss());
            assertEquals(0, (r.bestEpoch() + 1) % 5, "only evaluated epochs are selected");
            assertTrue(Double.isNaN(r.history().get(0).val()));
        }
    }

    @Test
    void withoutValidationNodesTheLastEpochIsKept() {
        Split noValid = new Split("no-valid", DATA.split.train(), new int[0], DATA.split.test());
        TrainConfig config = TrainConfig.builder().optEpochs(30).optLr(0.05).build();
        try (TinyMlp model = new TinyMlp(DATA, 16, 3, 0f, 2)) {
            RunResult r = Trainer.fit(model, DATA.labels, noValid, Metric.ACCURACY, config, TrainListener.NONE);
            assertEquals(-1, r.bestEpoch());
            assertTrue(Double.isNaN(r.val()));
            EpochStats last = r.history().get(r.history().size() - 1);
            assertEquals(30, r.history().size());
            assertEquals(last.test(), r.test(), "the last epoch's parameters, not the first ones");
            assertEquals(last.train(), r.train());
        }
    }

    @Test
    void rejectsUnlabelledSplitNodes() {
        int[] labels = DATA.labels.clone();
        labels[DATA.split.valid()[0]] = -1;
        try (TinyMlp model = new TinyMlp(DATA, 0, 3, 0f, 1)) {
            TesseraException e = assertThrows(TesseraException.class, () -> Trainer.fit(model, labels, DATA.split,
                    Metric.ACCURACY, TrainConfig.builder().optEpochs(1).build(), TrainListener.NONE));
            assertTrue(e.getMessage().contains("valid node"), e.getMessage());
        }
    }

    @Test
    void divergenceIsAOneLineUserError() {
        // Adam moves each weight by about lr per step whatever the gradient: 1e30 overflows float32 at once.
        TrainConfig config = TrainConfig.builder().optEpochs(20).optLr(1e30).optWeightDecay(0).build();
        try (TinyMlp model = new TinyMlp(DATA, 16, 3, 0f, 1)) {
            TesseraException e = assertThrows(TesseraException.class, () -> fit(model, config, TrainListener.NONE));
            assertTrue(e.getMessage().startsWith("training diverged: the model's outputs are not finite"),
                    e.getMessage());
        }
    }
}
