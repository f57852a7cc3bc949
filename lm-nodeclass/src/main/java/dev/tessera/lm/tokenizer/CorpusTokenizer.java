package dev.tessera.lm.tokenizer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tessera.io.AtomicFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A word-level tokenizer built from a corpus and saved as a standard Hugging Face {@code tokenizer.json}, for when
 * no pretrained tokenizer can be had. The pipeline is what the {@code tokenizers} library runs on load:
 * <ol>
 *   <li>normalizer: NFKC, then lowercase (per character, as Rust's {@code char::to_lowercase});</li>
 *   <li>pre-tokenizer {@code BertPreTokenizer}: split on white space (dropped) and around every punctuation
 *       character (ASCII punctuation and Unicode categories P*, each kept as a token of its own);</li>
 *   <li>model {@code WordLevel}: ids 0, 1, 2 are T5's {@code <pad>}, {@code </s>}, {@code <unk>}; then the
 *       corpus's tokens by decreasing count, ties in {@link String#compareTo} order, up to the vocabulary size;
 *       anything else maps to {@code <unk>};</li>
 *   <li>post-processor: appends {@code </s>}, as T5's tokenizer does. No decoder: decoding joins tokens by spaces.</li>
 * </ol>
 * Optionally ({@link Builder#optSentinels}) the last ids are T5's sentinel tokens for span corruption,
 * {@code <extra_id_0>}, {@code <extra_id_1>}, … numbered down from the last id as in Hugging Face's T5 tokenizers
 * ({@code <extra_id_i>} = V − 1 − i); they are added special tokens, matched in raw text before normalisation (by
 * the library; {@link #encode} here never produces them).
 * Counting reimplements steps 1 and 2 in Java (the library's trainers are not exposed through DJL); the tests check
 * that the library tokenizes the corpus the same way. The output depends only on the multiset of texts: the same
 * corpus, in any order, gives the same bytes.
 */
public final class CorpusTokenizer implements TokenCounter {
    /** Padding token (T5's id 0). */
    public static final String PAD = "<pad>";
    /** End of sequence (T5's id 1). */
    public static final String EOS = "</s>";
    /** Unknown token (T5's id 2). */
    public static final String UNK = "<unk>";
    /** Id of {@link #PAD}. */
    public static final int PAD_ID = 0;
    /** Id of {@link #EOS}. */
    public static final int EOS_ID = 1;
    /** Id of {@link #UNK}. */
    public static final int UNK_ID = 2;
    /** Default vocabulary size, special tokens included (T5's SentencePiece vocabulary has 32,000 pieces). */
    public static final int DEFAULT_MAX_VOCAB_SIZE = 32_000;
    /** Default minimum count for a token to enter the vocabulary. */
    public static final int DEFAULT_MIN_FREQUENCY = 1;

    private static final List<String> SPECIALS = List.of(PAD, EOS, UNK);

    private final List<String> vocabulary;
    private final Map<String, Integer> ids;
    private final int sentinels;

    private CorpusTokenizer(List<String> vocabulary, int sentinels) {
        this.vocabulary = Collections.unmodifiableList(vocabulary);
        this.sentinels = sentinels;
        Map<String, Integer> m = new HashMap<>();
        for (int i = 0; i < vocabulary.size(); i++) {
            m.put(vocabulary.get(i), i);
        }
        this.ids = m;
    }

    /** @return a builder; {@code setTexts} is required */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the tokens, indexed by id (special tokens first) */
    public List<String> vocabulary() {
        return vocabulary;
    }

    /** @return the number of ids, special tokens included */
    public int vocabSize() {
        return vocabulary.size();
    }

    /** @return the number of sentinel tokens (0 unless {@link Builder#optSentinels} asked for them) */
    public int sentinels() {
        return sentinels;
    }

    /**
     * @param i the sentinel's number
     * @return T5's name for it, {@code <extra_id_i>}
     */
    public static String sentinel(int i) {
        return "<extra_id_" + i + ">";
    }

    /**
     * @param i the sentinel's number, below {@link #sentinels()}
     * @return its id, V − 1 − i
     */
    public int sentinelId(int i) {
        if (i < 0 || i >= sentinels) {
            throw new IllegalArgumentException("sentinel " + i + " of " + sentinels);
        }
        return vocabulary.size() - 1 - i;
    }

    /**
     * The normalizer: NFKC, then each code point lowercased on its own (no context rules such as Greek final
     * sigma, as in Rust), with U+0130 → "i̇" (the one unconditional multi-character lowercase mapping).
     *
     * @param text raw text
     * @return the normalized text
     */
    public static String normalize(String text) {
        String nfkc = Normalizer.normalize(text, Normalizer.Form.NFKC);
        StringBuilder sb = new StringBuilder(nfkc.length());
        nfkc.codePoints().forEach(cp -> {
            if (cp == 0x130) {
                sb.append("i\u0307");
            } else {
                sb.appendCodePoint(Character.toLowerCase(cp));
            }
        });
        return sb.toString();
    }

    /**
     * The pre-tokenizer ({@code BertPreTokenizer}): splits on white space and isolates punctuation.
     *
     * @param normalized normalized text
     * @return its words and punctuation characters, in order
     */
    public static List<String> preTokenize(String normalized) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        normalized.codePoints().forEach(cp -> {
            if (isWhitespace(cp) || isPunctuation(cp)) {
                if (!cur.isEmpty()) {
                    out.add(cur.toString());
                    cur.setLength(0);
                }
                if (!isWhitespace(cp)) {
                    out.add(Character.toString(cp));
                }
            } else {
                cur.appendCodePoint(cp);
            }
        });
        if (!cur.isEmpty()) {
            out.add(cur.toString());
        }
        return out;
    }

    /** Rust's {@code char::is_whitespace}: the Unicode White_Space property (Java's definition differs). */
    static boolean isWhitespace(int cp) {
        return (cp >= 0x9 && cp <= 0xD) || cp == 0x20 || cp == 0x85 || cp == 0xA0 || cp == 0x1680
                || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F
                || cp == 0x3000;
    }

    /** The library's {@code is_bert_punc}: ASCII punctuation or a Unicode punctuation category (P*). */
    static boolean isPunctuation(int cp) {
        if (cp < 0x80) {
            return (cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126);
        }
        return switch (Character.getType(cp)) {
            case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                 Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                 Character.OTHER_PUNCTUATION -> true;
            default -> false;
        };
    }

    /**
     * @param text raw text
     * @return its ids as the saved tokenizer computes them, {@code </s>} appended
     */
    public int[] encode(String text) {
        List<String> words = preTokenize(normalize(text));
        int[] out = new int[words.size() + 1];
        for (int i = 0; i < words.size(); i++) {
            out[i] = ids.getOrDefault(words.get(i), UNK_ID);
        }
        out[words.size()] = EOS_ID;
        return out;
    }

    /**
     * {@inheritDoc} One id per word or punctuation character, plus {@code </s>}: the length of {@link #encode}.
     */
    @Override
    public int count(String text) {
        return preTokenize(normalize(text)).size() + 1;
    }

    /** @return the {@code tokenizer.json} content (UTF-8 JSON, two-space indent, "\n" line ends) */
    public String toJson() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
        for (int i = 0; i < SPECIALS.size(); i++) {
            added.addObject().put("id", i).put("content", SPECIALS.get(i)).put("single_word", false)
                    .put("lstrip", false).put("rstrip", false).put("normalized", false).put("special", true);
        }
        for (int id = vocabulary.size() - sentinels; id < vocabulary.size(); id++) {
            added.addObject().put("id", id).put("content", vocabulary.get(id)).put("single_word", false)
                    .put("lstrip", false).put("rstrip", false).put("normalized", false).put("special", true);
        }
        ObjectNode norm = root.putObject("normalizer").put("type", "Sequence");
        ArrayNode norms = norm.putArray("normalizers");
        norms.addObject().put("type", "NFKC");
        norms.addObject().put("type", "Lowercase");
        root.putObject("pre_tokenizer").put("type", "BertPreTokenizer");
        ObjectNode post = root.putObject("post_processor").put("type", "TemplateProcessing");
        ArrayNode single = post.putArray("single");
        single.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
        single.addObject().putObject("SpecialToken").put("id", EOS).put("type_id", 0);
        ArrayNode pair = post.putArray("pair");
        pair.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
        pair.addObject().putObject("SpecialToken").put("id", EOS).put("type_id", 0);
        pair.addObject().putObject("Sequence").put("id", "B").put("type_id", 0);
        pair.addObject().putObject("SpecialToken").put("id", EOS).put("type_id", 0);
        ObjectNode eos = post.putObject("special_tokens").putObject(EOS);
        eos.put("id", EOS);
        eos.putArray("ids").add(EOS_ID);
        eos.putArray("tokens").add(EOS);
        root.putNull("decoder");
        ObjectNode model = root.putObject("model").put("type", "WordLevel");
        ObjectNode vocab = model.putObject("vocab");
        for (int i = 0; i < vocabulary.size(); i++) {
            vocab.put(vocabulary.get(i), i);
        }
        model.put("unk_token", UNK);
        DefaultPrettyPrinter pp = new DefaultPrettyPrinter()
                .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                .withArrayIndenter(new DefaultIndenter("  ", "\n"));
        try {
            return new ObjectMapper().writer(pp).writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Writes {@link #toJson()} atomically (temporary file, then rename).
     *
     * @param file the {@code tokenizer.json} to (re)place
     * @throws dev.tessera.TesseraException when writing fails
     */
    public void save(Path file) {
        byte[] bytes = toJson().getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(file, out -> out.write(bytes));
    }

    /** Builds a {@link CorpusTokenizer}. */
    public static final class Builder {
        private Iterable<String> texts;
        private int maxVocabSize = DEFAULT_MAX_VOCAB_SIZE;
        private int minFrequency = DEFAULT_MIN_FREQUENCY;
        private int sentinels;

        private Builder() {
        }

        /**
         * @param n sentinel tokens {@code <extra_id_0>} … to add as the last ids, within the vocabulary size
         *     (T5 has 100; default 0)
         * @return this
         */
        public Builder optSentinels(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("sentinels must be >= 0, got " + n);
            }
            this.sentinels = n;
            return this;
        }

        /**
         * @param t the corpus (e.g. every node's text)
         * @return this
         */
        public Builder setTexts(Iterable<String> t) {
            this.texts = Objects.requireNonNull(t, "texts");
            return this;
        }

        /**
         * @param n the most ids, the three special tokens included (at least 3)
         * @return this
         */
        public Builder optMaxVocabSize(int n) {
            if (n < SPECIALS.size()) {
                throw new IllegalArgumentException("maxVocabSize must be >= " + SPECIALS.size() + ", got " + n);
            }
            this.maxVocabSize = n;
            return this;
        }

        /**
         * @param n the least count for a token to enter the vocabulary (at least 1)
         * @return this
         */
        public Builder optMinFrequency(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("minFrequency must be >= 1, got " + n);
            }
            this.minFrequency = n;
            return this;
        }

        /** @return the tokenizer */
        public CorpusTokenizer build() {
            if (texts == null) {
                throw new IllegalStateException("setTexts is required");
            }
            Map<String, long[]> counts = new HashMap<>();
            for (String text : texts) {
                for (String w : preTokenize(normalize(text))) {
                    counts.computeIfAbsent(w, k -> new long[1])[0]++;
                }
            }
            List<Map.Entry<String, long[]>> ranked = new ArrayList<>();
            for (Map.Entry<String, long[]> e : counts.entrySet()) {
                if (e.getValue()[0] >= minFrequency && !SPECIALS.contains(e.getKey())) {
                    ranked.add(e);
                }
            }
            ranked.sort((a, b) -> a.getValue()[0] != b.getValue()[0]
                    ? Long.compare(b.getValue()[0], a.getValue()[0]) : a.getKey().compareTo(b.getKey()));
            if (maxVocabSize < SPECIALS.size() + sentinels) {
                throw new IllegalArgumentException("maxVocabSize " + maxVocabSize + " leaves no room for "
                        + sentinels + " sentinels");
            }
            List<String> vocab = new ArrayList<>(SPECIALS);
            for (int i = 0; i < ranked.size() && vocab.size() < maxVocabSize - sentinels; i++) {
                vocab.add(ranked.get(i).getKey());
            }
            for (int i = sentinels - 1; i >= 0; i--) {
                vocab.add(sentinel(i));
            }
            return new CorpusTokenizer(vocab, sentinels);
        }
    }
}
