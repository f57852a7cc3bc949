package dev.tessera.lm.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tessera.TesseraException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusTokenizerTest {
    private static final List<String> CORPUS = List.of(
            "The cat sat on the mat.",
            "The dog sat on the log!",
            "A cat and a dog: friends?",
            "the THE The");

    private static CorpusTokenizer build(List<String> texts) {
        return CorpusTokenizer.builder().setTexts(texts).build();
    }

    private static long[] longs(int[] a) {
        return Arrays.stream(a).asLongStream().toArray();
    }

    @Test
    void vocabularyIsSpecialsThenTokensByCountThenAlphabet(@TempDir Path dir) {
        CorpusTokenizer t = build(CORPUS);
        // counts: the 6; cat, dog, sat, on, a 2 ("A" lowercased); '.', '!', ':', '?', and, friends, log, mat 1
        assertEquals(List.of("<pad>", "</s>", "<unk>", "the", "a", "cat", "dog", "on", "sat",
                "!", ".", ":", "?", "and", "friends", "log", "mat"), t.vocabulary());
        CorpusTokenizer small = CorpusTokenizer.builder().setTexts(CORPUS).optMaxVocabSize(5).build();
        assertEquals(List.of("<pad>", "</s>", "<unk>", "the", "a"), small.vocabulary());
        CorpusTokenizer frequent = CorpusTokenizer.builder().setTexts(CORPUS).optMinFrequency(2).build();
        assertEquals(List.of("<pad>", "</s>", "<unk>", "the", "a", "cat", "dog", "on", "sat"), frequent.vocabulary());
        assertThrows(IllegalArgumentException.class, () -> CorpusTokenizer.builder().optMaxVocabSize(2));
        assertThrows(IllegalStateException.class, () -> CorpusTokenizer.builder().build());
    }

    @Test
    void specialTokenIdsAreT5s(@TempDir Path dir) {
        Path file = dir.resolve("tokenizer.json");
        build(CORPUS).save(file);
        try (HfTokenizer hf = HfTokenizer.load(file)) {
            assertArrayEquals(new long[] {1}, hf.encode(""));
            assertEquals("<pad> </s> <unk>", hf.decode(new long[] {0, 1, 2}, false));
            assertEquals("", hf.decode(new long[] {0, 1, 2}));
            assertEquals(List.of("the", "cat", "</s>"), hf.tokens("the cat"));
            // special tokens written in the text are matched before normalization, as in T5's tokenizer
            assertArrayEquals(new long[] {3, 1, 5, 1}, hf.encode("the</s> cat"));
        }
    }

    @Test
    void sentinelsAreTheLastIdsAndRoundTripThroughTheLibrary(@TempDir Path dir) {
        CorpusTokenizer t = CorpusTokenizer.builder().setTexts(CORPUS).optSentinels(3).build();
        // the 14 corpus tokens, then <extra_id_2>, <extra_id_1>, <extra_id_0> as in Hugging Face's T5 tokenizers
        assertEquals(20, t.vocabSize());
        assertEquals(List.of("<extra_id_2>", "<extra_id_1>", "<extra_id_0>"), t.vocabulary().subList(17, 20));
        assertEquals(19, t.sentinelId(0));
        assertEquals(17, t.sentinelId(2));
        assertThrows(IllegalArgumentException.class, () -> t.sentinelId(3));
        assertEquals(build(CORPUS).vocabulary(), t.vocabulary().subList(0, 17), "the words keep their ids");
        t.save(dir.resolve("tokenizer.json"));
        try (HfTokenizer hf = HfTokenizer.load(dir)) {
            // matched in raw text before normalization and punctuation splitting, like </s>
            long[] ids = hf.encode("The cat <extra_id_0> on <extra_id_2>");
            assertArrayEquals(new long[] {3, 5, 19, 7, 17, 1}, ids);
            assertEquals("the cat <extra_id_0> on <extra_id_2> </s>", hf.decode(ids, false));
            assertEquals("the cat on", hf.decode(ids), "special tokens are skipped by default");
        }
        CorpusTokenizer tight = CorpusTokenizer.builder().setTexts(CORPUS).optMaxVocabSize(6).optSentinels(2).build();
        assertEquals(List.of("<pad>", "</s>", "<unk>", "the", "<extra_id_1>", "<extra_id_0>"), tight.vocabulary(),
                "sentinels count within the vocabulary size");
        assertThrows(IllegalArgumentException.class,
                () -> CorpusTokenizer.builder().setTexts(CORPUS).optMaxVocabSize(4).optSentinels(2).build());
    }

    @Test
    void roundTripGivesTheNormalizedTextAndUnknownWordsMapToUnk(@TempDir Path dir) {
        CorpusTokenizer t = build(CORPUS);
        Path file = dir.resolve("tokenizer.json");
        t.save(file);
        try (HfTokenizer hf = HfTokenizer.load(dir)) {
            String text = "THE Cat sat   on the\tmat, a dog!";
            long[] ids = hf.encode(text);
            assertArrayEquals(new long[] {3, 5, 8, 7, 3, 16, 2, 4, 6, 9, 1}, ids); // ',' is not in the vocabulary
            assertArrayEquals(longs(t.encode(text)), ids);
            String inVocab = "THE Cat sat   on the\tmat. A dog!";
            assertEquals("the cat sat on the mat . a dog !", hf.decode(hf.encode(inVocab)));
            assertEquals(String.join(" ", CorpusTokenizer.preTokenize(CorpusTokenizer.normalize(inVocab))),
                    hf.decode(hf.encode(inVocab)));
            assertArrayEquals(new long[] {2, 2, 5, 1}, hf.encode("zebra unicorn cat"));
            assertEquals("cat", hf.decode(hf.encode("zebra unicorn cat")));
        }
    }

    @Test
    void libraryTokenizesUnicodeLikeTheJavaCounting(@TempDir Path dir) {
        List<String> texts = List.of(
                "Ünïcödé ＦＵＬＬ－ｗｉｄｔｈ ﬁne ligatures ½ ² ㎏",
                "ΟΔΟΣ Οδός İstanbul ǅemal STRASSE Straße",
                "naïve—dash «quotes» „low“ ‘single’ a_b x+y=z 3.14 $5 50% ~tilde `tick` ^caret |pipe|",
                "tabs\tnew\nlines\u00a0nbsp\u2003em\u3000ideo\u0085nel end… ¿qué? ¡sí! 《书名》 中文。",
                "emoji 🙂🙂 text ∑ math ≤ ≥ → arrows © ® ™ °C");
        CorpusTokenizer t = build(texts);
        Path file = dir.resolve("tokenizer.json");
        t.save(file);
        try (HfTokenizer hf = HfTokenizer.load(file)) {
            for (String text : texts) {
                long[] ids = hf.encode(text);
                assertArrayEquals(longs(t.encode(text)), ids, () -> text + " -> " + hf.tokens(text));
                assertFalse(Arrays.stream(ids).anyMatch(i -> i == CorpusTokenizer.UNK_ID), text);
            }
            for (int id = 3; id < t.vocabSize(); id++) {
                String w = t.vocabulary().get(id);
                assertArrayEquals(new long[] {id, 1}, hf.encode(w), w);
            }
        }
    }

    @Test
    void fileHasTheKeysTheLibraryExpects(@TempDir Path dir) throws Exception {
        CorpusTokenizer t = build(CORPUS);
        Path file = dir.resolve("sub/tokenizer.json");
        t.save(file);
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        assertEquals(List.of("version", "truncation", "padding", "added_tokens", "normalizer", "pre_tokenizer",
                "post_processor", "decoder", "model"), iterate(root.fieldNames()));
        assertEquals("1.0", root.get("version").asText());
        assertEquals(3, root.get("added_tokens").size());
        for (int i = 0; i < 3; i++) {
            JsonNode a = root.get("added_tokens").get(i);
            assertEquals(i, a.get("id").asInt());
            assertEquals(t.vocabulary().get(i), a.get("content").asText());
            assertTrue(a.get("special").asBoolean());
        }
        assertEquals("WordLevel", root.get("model").get("type").asText());
        assertEquals("<unk>", root.get("model").get("unk_token").asText());
        JsonNode vocab = root.get("model").get("vocab");
        assertEquals(t.vocabSize(), vocab.size());
        for (int i = 0; i < t.vocabSize(); i++) {
            assertEquals(i, vocab.get(t.vocabulary().get(i)).asInt());
        }
        assertEquals("BertPreTokenizer", root.get("pre_tokenizer").get("type").asText());
        assertEquals("TemplateProcessing", root.get("post_processor").get("type").asText());
        assertEquals(1, root.get("post_processor").get("special_tokens").get("</s>").get("ids").get(0).asInt());
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertEquals(List.of(file), files.toList()); // no temporary file left behind
        }
    }

    @Test
    void sameCorpusInAnyOrderGivesTheSameBytes(@TempDir Path dir) throws Exception {
        List<String> shuffled = new ArrayList<>(CORPUS);
        Collections.shuffle(shuffled, new Random(7));
        build(CORPUS).save(dir.resolve("a.json"));
        build(new ArrayList<>(CORPUS)).save(dir.resolve("b.json"));
        build(shuffled).save(dir.resolve("c.json"));
        byte[] a = Files.readAllBytes(dir.resolve("a.json"));
        assertArrayEquals(a, Files.readAllBytes(dir.resolve("b.json")));
        assertArrayEquals(a, Files.readAllBytes(dir.resolve("c.json")));
    }

    @Test
    void truncationKeepsTheEndToken(@TempDir Path dir) {
        Path file = dir.resolve("tokenizer.json");
        build(CORPUS).save(file);
        try (HfTokenizer hf = HfTokenizer.load(file, 4)) {
            assertArrayEquals(new long[] {3, 5, 8, 1}, hf.encode("the cat sat on the mat"));
            assertArrayEquals(new long[][] {{3, 5, 8, 1}, {5, 1}}, hf.encode(List.of("the cat sat on", "cat")));
        }
        try (HfTokenizer hf = HfTokenizer.load(file)) {
            assertEquals(7, hf.encode("the cat sat on the mat").length);
        }
    }

    @Test
    void missingOrBrokenFileIsAUserError(@TempDir Path dir) throws Exception {
        TesseraException e = assertThrows(TesseraException.class, () -> HfTokenizer.load(dir.resolve("none.json")));
        assertTrue(e.getMessage().contains("none.json"), e.getMessage());
        e = assertThrows(TesseraException.class, () -> HfTokenizer.load(dir));
        assertTrue(e.getMessage().contains("tokenizer.json"), e.getMessage());
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"model\": 3}");
        e = assertThrows(TesseraException.class, () -> HfTokenizer.load(bad));
        assertTrue(e.getMessage().contains("bad.json"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    private static List<String> iterate(java.util.Iterator<String> it) {
        List<String> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
