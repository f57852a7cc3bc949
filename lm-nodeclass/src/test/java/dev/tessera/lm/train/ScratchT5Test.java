package dev.tessera.lm.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.tessera.lm.t5.T5Checkpoint;
import dev.tessera.lm.t5.T5Config;
import dev.tessera.lm.t5.T5Model;
import dev.tessera.lm.tokenizer.CorpusTokenizer;
import dev.tessera.lm.tokenizer.HfTokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScratchT5Test {
    @TempDir
    Path tmp;

    private static void assertSameWeights(T5Model a, T5Model b) {
        assertEquals(a.parameters().keySet(), b.parameters().keySet());
        for (Map.Entry<String, NDArray> e : a.parameters().entrySet()) {
            NDArray other = b.parameter(e.getKey());
            assertEquals(e.getValue().getShape(), other.getShape(), e.getKey());
            assertArrayEquals(e.getValue().toFloatArray(), other.toFloatArray(), 0f, e.getKey());
        }
    }

    @Test
    void writesAHuggingFaceDirectoryThatLoadsBackExactly() {
        Path dir = ScratchT5.create(TinyCorpus.texts(), tmp.resolve("scratch"), 9, 1000, 1);
        for (String f : List.of("config.json", T5Checkpoint.MODEL_FILE, HfTokenizer.FILE)) {
            assertTrue(Files.isRegularFile(dir.resolve(f)), f);
        }
        CorpusTokenizer corpus = CorpusTokenizer.builder().setTexts(TinyCorpus.texts()).optMaxVocabSize(1000).build();
        T5Config want = ScratchT5.config(corpus.vocabSize());
        assertEquals(want, T5Config.fromJson(dir.resolve("config.json")));
        try (NDManager m = NDManager.newBaseManager(); T5Model loaded = T5Model.load(dir, m);
                T5Model fresh = T5Model.random(want, m, 9); HfTokenizer tok = HfTokenizer.load(dir)) {
            assertSameWeights(fresh, loaded);
            String label = TinyCorpus.LABELS.get(3);
            assertArrayEquals(java.util.Arrays.stream(corpus.encode(label)).asLongStream().toArray(), tok.encode(label));
        }
    }

    @Test
    void fineTunedWeightsRoundTripThroughSave() {
        Path dir = ScratchT5.create(TinyCorpus.texts(), tmp.resolve("a"), 2, 1000, 1);
        Path saved = tmp.resolve("b");
        List<List<String>> all = TinyCorpus.PROMPTS.stream().map(p -> TinyCorpus.LABELS).toList();
        try (NDManager m = NDManager.newBaseManager(); T5Classifier c = T5Classifier.load(dir, m)) {
            c.fit(TinyCorpus.PROMPTS, TinyCorpus.TARGETS, T5TrainSettings.builder().optEpochs(2).optBatchSize(4)
                    .optLearningRate(1e-3).build());
            c.save(saved);
            try (T5Classifier back = T5Classifier.load(saved, m)) {
                assertSameWeights(c.model(), back.model());
                assertEquals(c.model().config(), back.model().config());
                assertArrayEquals(c.predict(TinyCorpus.PROMPTS, all), back.predict(TinyCorpus.PROMPTS, all));
            }
            // the fine-tuned weights differ from the initial ones (the save is not of the untouched file)
            try (T5Model initial = T5Model.load(dir, m)) {
                NDArray before = initial.parameter(T5Checkpoint.LM_HEAD);
                NDArray after = c.model().parameter(T5Checkpoint.LM_HEAD);
                assertTrue(!java.util.Arrays.equals(before.toFloatArray(), after.toFloatArray()));
            }
        }
    }
}
