package dev.tessera.lm.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class T5ClassifierTest {
    @TempDir
    Path dir;

    /** Candidate names of one to four words, some the prefix of another ("theory" / "theory of learning"). */
    private static final List<String> NAMES = List.of("theory", "theory of learning", "neural networks",
            "genetic algorithms", "rule learning", "case based", "probabilistic methods", "reinforcement learning",
            "learning");

    @Test
    void constrainedPredictionsSpellOneOfTheirCandidates() {
        List<String> texts = new ArrayList<>(TinyCorpus.texts());
        texts.addAll(NAMES);
        ScratchT5.create(texts, dir, 11, 1000, 1);
        SplittableRandom rnd = new SplittableRandom(4);
        List<String> prompts = new ArrayList<>();
        List<List<String>> cands = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            prompts.add(TinyCorpus.PROMPTS.get(i % TinyCorpus.PROMPTS.size()) + " variant " + i);
            List<String> pool = new ArrayList<>(NAMES);
            java.util.Collections.shuffle(pool, new java.util.Random(rnd.nextLong()));
            cands.add(pool.subList(0, 1 + rnd.nextInt(NAMES.size())));
        }
        try (NDManager m = NDManager.newBaseManager(); T5Classifier c = T5Classifier.load(dir, m)) {
            for (int beams : new int[] {1, 3}) {
                T5Classifier.Decoding d = new T5Classifier.Decoding(4, beams, 64);
                T5Classifier.Decoded out = c.decode(prompts, cands, d);
                int[] pred = c.predict(prompts, cands, d);
                for (int i = 0; i < prompts.size(); i++) {
                    // the generated ids are exactly one candidate's ids (EOS included), padding aside
                    int exact = out.tries()[i].indexOf(out.generated()[i], 0);
                    assertTrue(exact >= 0, "row " + i + " beams " + beams + ": " + Arrays.toString(out.generated()[i]));
                    assertEquals(exact, pred[i]);
                    assertTrue(pred[i] >= 0 && pred[i] < cands.get(i).size());
                    long[] want = c.tokenizer().encode(cands.get(i).get(pred[i]));
                    long[] got = Arrays.stream(Arrays.copyOf(out.generated()[i], want.length)).asLongStream().toArray();
                    assertArrayEquals(want, got);
                }
                // batching does not change the answer
                assertArrayEquals(pred, c.predict(prompts, cands, new T5Classifier.Decoding(11, beams, 64)));
            }
        }
    }

    @Test
    void singleCandidateIsAlwaysChosenAndEmptyOnesAreRejected() {
        ScratchT5.create(TinyCorpus.texts(), dir, 1, 1000, 1);
        try (NDManager m = NDManager.newBaseManager(); T5Classifier c = T5Classifier.load(dir, m)) {
            assertArrayEquals(new int[] {0, 0}, c.predict(List.of("a", "b c"), List.of(List.of("theory"),
                    List.of("neural networks"))));
            assertThrows(IllegalArgumentException.class, () -> c.predict(List.of("a"), List.of(List.of())));
            assertThrows(IllegalArgumentException.class, () -> c.predict(List.of("a"), List.of(List.of(" "))));
        }
    }
}
