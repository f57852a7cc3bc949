package dev.tessera.lm.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.TesseraException;
import dev.tessera.lm.tokenizer.CorpusTokenizer;
import dev.tessera.lm.tokenizer.HfTokenizer;
import dev.tessera.lm.tokenizer.TokenCounter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromptBuilderTest {
    private static final String[] WORDS = {"graph", "neural", "network", "learning", "paper", "model", "node",
        "label", "citation", "random", "walk", "kernel", "the", "of", "a", "we", "propose"};
    private static final PromptTemplate T = PromptTemplate.parse(PromptTemplateTest.SMALL, "small");
    private static final String TARGET = text(1, 40);
    private static final List<String> NEIGHBORS = List.of(text(2, 60), text(3, 30), text(4, 50));
    private static final List<LabeledText> PROTOS = List.of(new LabeledText(text(5, 40), "b"),
            new LabeledText(text(6, 40), "a"));
    private static final List<String> CANDIDATES = List.of("a", "b");

    @TempDir
    static Path dir;
    private static CorpusTokenizer corpus;
    private static HfTokenizer wordLevel;
    private static HfTokenizer wordPiece;

    @BeforeAll
    static void tokenizers() throws Exception {
        List<String> texts = new ArrayList<>(List.of(TARGET));
        texts.addAll(NEIGHBORS);
        PROTOS.forEach(p -> texts.add(p.text()));
        texts.add(PromptTemplateTest.SMALL);
        corpus = CorpusTokenizer.builder().setTexts(texts).build();
        corpus.save(dir.resolve("word.json"));
        wordLevel = HfTokenizer.load(dir.resolve("word.json"));
        Files.writeString(dir.resolve("piece.json"), wordPieceJson());
        wordPiece = HfTokenizer.load(dir.resolve("piece.json"));
    }

    @AfterAll
    static void close() {
        wordLevel.close();
        wordPiece.close();
    }

    static String text(long seed, int words) {
        SplittableRandom r = new SplittableRandom(seed);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < words; i++) {
            sb.append(i == 0 ? "" : " ").append(WORDS[r.nextInt(WORDS.length)]);
        }
        return sb.toString();
    }

    /** WordPiece over letters: whole words "the", "of", "a"; anything else letter by letter ("##x" pieces). */
    static String wordPieceJson() {
        StringBuilder vocab = new StringBuilder("\"<pad>\": 0, \"</s>\": 1, \"<unk>\": 2, \"the\": 3, \"of\": 4");
        int id = 5;
        for (char c = 'a'; c <= 'z'; c++) {
            vocab.append(", \"").append(c).append("\": ").append(id++);
            vocab.append(", \"##").append(c).append("\": ").append(id++);
        }
        for (char c : ":|*=>,.".toCharArray()) {
            vocab.append(", \"").append(c).append("\": ").append(id++);
        }
        return """
                {"version": "1.0", "truncation": null, "padding": null,
                 "added_tokens": [{"id": 0, "content": "<pad>", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": true},
                                  {"id": 1, "content": "</s>", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": true},
                                  {"id": 2, "content": "<unk>", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": true}],
                 "normalizer": {"type": "Lowercase"},
                 "pre_tokenizer": {"type": "BertPreTokenizer"},
                 "post_processor": {"type": "TemplateProcessing",
                   "single": [{"Sequence": {"id": "A", "type_id": 0}}, {"SpecialToken": {"id": "</s>", "type_id": 0}}],
                   "pair": [{"Sequence": {"id": "A", "type_id": 0}}, {"SpecialToken": {"id": "</s>", "type_id": 0}}],
                   "special_tokens": {"</s>": {"id": "</s>", "ids": [1], "tokens": ["</s>"]}}},
                 "decoder": null,
                 "model": {"type": "WordPiece", "unk_token": "<unk>", "continuing_subword_prefix": "##",
                           "max_input_chars_per_word": 100, "vocab": {%s}}}
                """.formatted(vocab);
    }

    private static List<TokenCounter> counters() {
        return List.of(corpus, wordLevel, wordPiece);
    }

    private static PromptBuilder builder(TokenCounter c, int budget) {
        return PromptBuilder.builder().setTemplate(T).setTokenCounter(c).optMaxTokens(budget).optMinItemTokens(4).build();
    }

    @Test
    void countsArePerTokenizer() {
        assertEquals(corpus.encode(TARGET).length, corpus.count(TARGET));
        assertEquals(corpus.count(TARGET), wordLevel.count(TARGET), "the saved word-level tokenizer counts alike");
        assertEquals(1, wordPiece.count(""));
        assertEquals(1 + 6, wordPiece.count("neural"), "n ##e ##u ##r ##a ##l </s>");
        assertTrue(wordPiece.count(TARGET) > 2 * corpus.count(TARGET));
        try (HfTokenizer capped = HfTokenizer.load(dir.resolve("piece.json"), 8)) {
            assertEquals(8, capped.encode(TARGET).length);
            assertEquals(wordPiece.count(TARGET), capped.count(TARGET), "counting never truncates");
        }
    }

    @Test
    void budgetIsRespectedAndTheTargetComesFirst() {
        for (TokenCounter c : counters()) {
            int base = c.count(T.render("", List.of(), List.of(), CANDIDATES));
            int whole = c.count(T.render(TARGET, NEIGHBORS, PROTOS, CANDIDATES));
            for (int budget = base; budget <= whole + 5; budget += Math.max(1, (whole - base) / 40)) {
                Prompt p = builder(c, budget).build(TARGET, NEIGHBORS, PROTOS, CANDIDATES);
                assertTrue(p.tokens() <= budget, c + " budget " + budget + ": " + p.tokens());
                assertEquals(c.count(p.text()), p.tokens());
                assertTrue(p.text().startsWith("Pick one: a | b\n\nText: "), p.text());
                String shownTarget = p.text().substring("Pick one: a | b\n\nText: ".length()).split("\n\n")[0];
                assertTrue(TARGET.startsWith(shownTarget), "a word prefix of the target: " + shownTarget);
                assertTrue(shownTarget.isEmpty() || TARGET.length() == shownTarget.length()
                        || TARGET.charAt(shownTarget.length()) == ' ', "cut at a word boundary");
                assertEquals(budget >= whole, !p.truncated(), "budget " + budget + " whole " + whole);
            }
        }
    }

    @Test
    void targetIsWholeBeforeAnyItemAndStrongestNeighbourStaysLongest() {
        for (TokenCounter c : counters()) {
            int withTarget = c.count(T.render(TARGET, List.of(), List.of(), CANDIDATES));
            // The free budget is twice the target and a little: the target is within its half and kept whole; the
            // items share the rest and must be cut or dropped.
            int budget = withTarget + (c.count(TARGET) - c.count("")) + 6;
            Prompt p = builder(c, budget).build(TARGET, NEIGHBORS, PROTOS, CANDIDATES);
            assertTrue(p.text().contains("Text: " + TARGET + "\n"), p.text());
            assertTrue(p.truncated());
            assertTrue(p.neighbors() >= 1, "the strongest neighbour survives: " + p);
            String first = p.text().split("Linked:\n\\* ")[1].split("\n")[0];
            assertTrue(NEIGHBORS.get(0).startsWith(first), first);
            assertTrue(first.length() < NEIGHBORS.get(0).length(), "items were cut, not the target");
        }
    }

    @Test
    void sectionsWithoutRoomVanishWithTheirHeaders() {
        for (TokenCounter c : counters()) {
            // Three free tokens: the target takes its share, no item keeps its minimum of four.
            int budget = c.count(T.render("", List.of(), List.of(), CANDIDATES)) + 3;
            Prompt p = builder(c, budget).build(TARGET, NEIGHBORS, PROTOS, CANDIDATES);
            assertEquals(0, p.neighbors());
            assertEquals(0, p.prototypes());
            assertFalse(p.text().contains("Linked") || p.text().contains("Examples"), p.text());
            Prompt none = builder(c, 10_000).build(TARGET, List.of(), PROTOS, CANDIDATES);
            assertFalse(none.text().contains("Linked"), none.text());
            assertTrue(none.text().contains("Examples:\n* "), none.text());
        }
    }

    @Test
    void withoutItemsTheTargetMayTakeTheWholeBudgetAndWithThemOnlyItsShare() {
        for (TokenCounter c : counters()) {
            int base = c.count(T.render("", List.of(), List.of(), CANDIDATES));
            int target = c.count(TARGET) - c.count("");
            int budget = base + target / 2 + 4;
            Prompt alone = builder(c, budget).build(TARGET, List.of(), List.of(), CANDIDATES);
            Prompt shared = builder(c, budget).build(TARGET, NEIGHBORS, PROTOS, CANDIDATES);
            assertTrue(alone.tokens() > budget - 6, "the target fills the budget: " + alone.tokens() + " of " + budget);
            assertTrue(shared.neighbors() > 0, "half of the free budget is left to the items: " + shared);
        }
    }

    @Test
    void fixedPartsOverTheBudgetAreAUserError() {
        int base = corpus.count(T.render("", List.of(), List.of(), CANDIDATES));
        TesseraException e = assertThrows(TesseraException.class,
                () -> builder(corpus, base - 1).build(TARGET, NEIGHBORS, PROTOS, CANDIDATES));
        assertTrue(e.getMessage().contains("small") && e.getMessage().contains("budget of " + (base - 1)), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void theCountCacheChangesNoPromptAndCountsEachStringOnce() {
        for (TokenCounter c : counters()) {
            CallCounter calls = new CallCounter(c);
            PromptBuilder cached = PromptBuilder.builder().setTemplate(T).setTokenCounter(calls).optMinItemTokens(4)
                    .optMaxTokens(10_000).build();
            int base = c.count(T.render("", List.of(), List.of(), CANDIDATES));
            int whole = c.count(T.render(TARGET, NEIGHBORS, PROTOS, CANDIDATES));
            for (int budget = base; budget <= whole + 5; budget += Math.max(1, (whole - base) / 25)) {
                PromptBuilder plain = PromptBuilder.builder().setTemplate(T).setTokenCounter(c).optMinItemTokens(4)
                        .optMaxTokens(budget).optCountCache(0).build();
                PromptBuilder memo = PromptBuilder.builder().setTemplate(T).setTokenCounter(calls).optMinItemTokens(4)
                        .optMaxTokens(budget).build();
                // A tokenizer whose prefix counts are off sends every cut through the binary search on real counts
                // (how cuts were always made): the prompt is the same.
                PromptBuilder searched = PromptBuilder.builder().setTemplate(T).setTokenCounter(new OffByTwo(c))
                        .optMinItemTokens(4).optMaxTokens(budget).optCountCache(0).build();
                Prompt expected = searched.build(TARGET, NEIGHBORS, PROTOS, CANDIDATES);
                assertEquals(expected, plain.build(TARGET, NEIGHBORS, PROTOS, CANDIDATES), c + " budget " + budget);
                assertEquals(expected, memo.build(TARGET, NEIGHBORS, PROTOS, CANDIDATES), c + " budget " + budget);
                // A second prompt of the same builder asks the tokenizer nothing new.
                int before = calls.calls;
                memo.build(TARGET, NEIGHBORS, PROTOS, CANDIDATES);
                assertEquals(before, calls.calls, "budget " + budget);
            }
            cached.build(TARGET, NEIGHBORS, PROTOS, CANDIDATES);
            int first = calls.calls;
            cached.build(TARGET, NEIGHBORS.reversed(), PROTOS, CANDIDATES);
            assertEquals(first + 1, calls.calls, "the same texts in another order: only the assembled prompt is new");
        }
        assertThrows(IllegalArgumentException.class, () -> PromptBuilder.builder().optCountCache(-1));
    }

    @Test
    void prefixCountsOfOneEncodingAreExactForTheseTokenizers() {
        int[] ends = {0, 5, 11, 20, TARGET.length()};
        for (int k = 0; k < ends.length - 1; k++) {
            while (ends[k] > 0 && TARGET.charAt(ends[k]) != ' ') {
                ends[k]--;
            }
        }
        java.util.Arrays.sort(ends);
        for (TokenCounter c : counters()) {
            int[] got = c.prefixCounts(TARGET, ends);
            for (int i = 0; i < ends.length; i++) {
                assertEquals(c.count(TARGET.substring(0, ends[i])), got[i], c + " prefix " + ends[i]);
            }
        }
    }

    /** Prefix counts two tokens too high: every estimate is wrong. */
    private record OffByTwo(TokenCounter inner) implements TokenCounter {
        @Override
        public int count(String text) {
            return inner.count(text);
        }

        @Override
        public int[] prefixCounts(String text, int[] ends) {
            int[] c = inner.prefixCounts(text, ends);
            for (int i = 0; i < c.length; i++) {
                c[i] += 2;
            }
            return c;
        }
    }

    /** Counts the calls reaching a tokenizer. */
    private static final class CallCounter implements TokenCounter {
        private final TokenCounter inner;
        private int calls;

        CallCounter(TokenCounter inner) {
            this.inner = inner;
        }

        @Override
        public int count(String text) {
            calls++;
            return inner.count(text);
        }
    }
}
