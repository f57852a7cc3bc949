package dev.tessera.lm.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.tessera.lm.tokenizer.CorpusTokenizer;
import dev.tessera.lm.tokenizer.HfTokenizer;
import dev.tessera.progress.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScratchT5PretrainTest {
    @TempDir
    Path dir;

    @Test
    void spanCorruptionLowersTheLossAndWritesACheckpoint() {
        T5TrainSettings s = T5TrainSettings.builder().optEpochs(25).optBatchSize(4).optLearningRate(3e-3)
                .optSeed(2).build();
        ScratchT5.Pretrained p = ScratchT5.pretrain(TinyCorpus.texts(), TinyCorpus.PROMPTS, dir, 64, s,
                Progress.NONE, T5Trainer.EpochListener.NONE);
        double[] l = p.fit().epochLosses();
        assertEquals(25, l.length);
        assertEquals(8, p.texts());
        assertEquals(25 * 2, p.fit().steps());
        assertTrue(l[24] < 0.5 * l[0], "epoch losses " + Arrays.toString(l));
        for (String f : new String[] {"config.json", "model.safetensors", HfTokenizer.FILE}) {
            assertTrue(Files.isRegularFile(dir.resolve(f)), f);
        }
        // The checkpoint is an ordinary one: it loads, its tokenizer has the sentinels, and it fine-tunes.
        try (NDManager m = NDManager.newBaseManager(); T5Classifier c = T5Classifier.load(dir, m)) {
            assertEquals(p.vocabSize(), c.model().config().vocabSize());
            assertEquals(p.vocabSize() - 1, c.tokenizer().encode(CorpusTokenizer.sentinel(0))[0]);
            T5Trainer.FitResult r = c.fit(TinyCorpus.PROMPTS, TinyCorpus.TARGETS,
                    T5TrainSettings.builder().optEpochs(2).optBatchSize(4).build());
            assertEquals(2, r.epochLosses().length);
        }
    }
}
