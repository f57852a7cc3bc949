package dev.tessera.lm.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.tessera.lm.t5.T5Config;
import dev.tessera.lm.t5.T5Model;
import dev.tessera.progress.Progress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class T5TrainerTest {
    @TempDir
    Path dir;

    private static T5TrainSettings settings(long seed) {
        return T5TrainSettings.builder().optEpochs(12).optBatchSize(3).optLearningRate(3e-3).optWarmupFraction(0.1)
                .optSeed(seed).build();
    }

    @Test
    void trainingLowersTheLossOnATinyCorpus() {
        ScratchT5.create(TinyCorpus.texts(), dir, 7, 1000, 1);
        try (NDManager m = NDManager.newBaseManager(); T5Classifier c = T5Classifier.load(dir, m)) {
            List<Double> logged = new ArrayList<>();
            T5Trainer.FitResult r = c.fit(TinyCorpus.PROMPTS, TinyCorpus.TARGETS, settings(1), Progress.NONE,
                    (epoch, loss, seconds) -> logged.add(loss));
            double[] l = r.epochLosses();
            assertEquals(12, l.length);
            assertEquals(12 * 3, r.steps()); // 8 examples in batches of 3
            assertEquals(l[11], logged.get(11), 0);
            assertTrue(l[11] < 0.25 * l[0], "epoch losses " + java.util.Arrays.toString(l));
            // what it learned: each training prompt's own topic among all four
            List<List<String>> all = TinyCorpus.PROMPTS.stream().map(p -> TinyCorpus.LABELS).toList();
            int[] pred = c.predict(TinyCorpus.PROMPTS, all);
            for (int i = 0; i < pred.length; i++) {
                assertEquals(TinyCorpus.TARGETS.get(i), TinyCorpus.LABELS.get(pred[i]), "prompt " + i);
            }
        }
    }

    @Test
    void examplesPerEpochShortensEpochs() {
        ScratchT5.create(TinyCorpus.texts(), dir, 7, 1000, 1);
        try (NDManager m = NDManager.newBaseManager(); T5Classifier c = T5Classifier.load(dir, m)) {
            T5TrainSettings s = T5TrainSettings.builder().optEpochs(3).optBatchSize(2).optExamplesPerEpoch(5)
                    .optSeed(2).build();
            T5Trainer.FitResult r = c.fit(TinyCorpus.PROMPTS, TinyCorpus.TARGETS, s);
            assertEquals(3, r.epochLosses().length);
            assertEquals(3 * 3, r.steps()); // 5 of the 8 examples per epoch, in batches of 2
        }
    }

    @Test
    void sameSeedSameRun() {
        ScratchT5.create(TinyCorpus.texts(), dir, 7, 1000, 1);
        double[][] losses = new double[2][];
        for (int run = 0; run < 2; run++) {
            try (NDManager m = NDManager.newBaseManager(); T5Classifier c = T5Classifier.load(dir, m)) {
                T5TrainSettings s = T5TrainSettings.builder().optEpochs(2).optBatchSize(3).optSeed(5).build();
                losses[run] = c.fit(TinyCorpus.PROMPTS, TinyCorpus.TARGETS, s).epochLosses();
            }
        }
        assertArrayEquals(losses[0], losses[1]);
    }

    @Test
    void stepsLeaveNoArraysBehind() {
        T5Config cfg = ScratchT5.config(40);
        try (NDManager m = NDManager.newBaseManager(); T5Model model = T5Model.random(cfg, m, 3);
                T5Trainer trainer = new T5Trainer(model, settings(0), m)) {
            Seq2SeqBatch b = Seq2SeqBatch.of(List.of(new long[] {5, 6, 7, 1}, new long[] {8, 9, 1}),
                    List.of(new long[] {10, 11, 1}, new long[] {12, 1}), 0);
            int params = model.manager().getManagedArrays().size();
            int all = -1;
            for (int step = 0; step < 4; step++) {
                trainer.step(b, 1e-3);
                assertEquals(params, model.manager().getManagedArrays().size(), "parameters' manager after step " + step);
                int now = m.getManagedArrays().size();
                if (all >= 0) {
                    assertEquals(all, now, "arrays left behind by step " + step);
                }
                all = now;
            }
            assertEquals(4, trainer.stepCount());
        }
    }
}
