package dev.tessera.lm.tokenizer;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import dev.tessera.TesseraException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * A Hugging Face {@code tokenizer.json} (any model: WordLevel, WordPiece, BPE, Unigram) loaded through DJL's binding
 * of the Rust {@code tokenizers} library, whose jar bundles the native library. Encoding adds the special tokens of
 * the file's post-processor (T5: a trailing {@code </s>}), never pads, and truncates only when a maximum length is
 * given (keeping the special tokens, as {@code truncation=True} does in Python). Decoding skips special tokens.
 */
public final class HfTokenizer implements AutoCloseable, TokenCounter {
    /** The file name Hugging Face uses inside a model directory. */
    public static final String FILE = "tokenizer.json";

    private final HuggingFaceTokenizer tokenizer;
    /** The same file without truncation, for {@link #count}; the tokenizer itself when it does not truncate. */
    private final HuggingFaceTokenizer counter;

    private HfTokenizer(HuggingFaceTokenizer tokenizer, HuggingFaceTokenizer counter) {
        this.tokenizer = tokenizer;
        this.counter = counter;
    }

    /**
     * Loads a tokenizer without truncation.
     *
     * @param path a {@code tokenizer.json} or a directory holding one
     * @return the tokenizer
     * @throws TesseraException when the file is missing or not a tokenizer the library can read
     */
    public static HfTokenizer load(Path path) {
        return load(path, 0);
    }

    /**
     * Loads a tokenizer.
     *
     * @param path a {@code tokenizer.json} or a directory holding one
     * @param maxLength the most ids per encoded text, special tokens included; 0 for no limit
     * @return the tokenizer
     * @throws TesseraException when the file is missing or not a tokenizer the library can read
     */
    public static HfTokenizer load(Path path, int maxLength) {
        if (maxLength < 0) {
            throw new IllegalArgumentException("maxLength must be >= 0, got " + maxLength);
        }
        Path file = Files.isDirectory(path) ? path.resolve(FILE) : path;
        if (!Files.isRegularFile(file)) {
            throw TesseraException.at(file, 0, "no such file (a tokenizer needs " + FILE + ")");
        }
        try {
            HuggingFaceTokenizer plain = builder(file).optTruncation(false).build();
            if (maxLength == 0) {
                return new HfTokenizer(plain, plain);
            }
            try {
                return new HfTokenizer(builder(file).optTruncation(true).optMaxLength(maxLength).build(), plain);
            } catch (IOException | RuntimeException e) {
                plain.close();
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
            throw TesseraException.at(file, 0, "not a tokenizer the tokenizers library can read (" + why + ")");
        }
    }

    private static HuggingFaceTokenizer.Builder builder(Path file) {
        return HuggingFaceTokenizer.builder().optTokenizerPath(file).optAddSpecialTokens(true).optPadding(false);
    }

    /**
     * @param text the text
     * @return its ids, with the post-processor's special tokens
     */
    public long[] encode(String text) {
        return tokenizer.encode(text).getIds();
    }

    /**
     * @param texts the texts
     * @return their ids, one row per text (rows differ in length; nothing is padded)
     */
    public long[][] encode(List<String> texts) {
        Encoding[] enc = tokenizer.batchEncode(texts);
        long[][] ids = new long[enc.length][];
        for (int i = 0; i < enc.length; i++) {
            ids[i] = enc[i].getIds();
        }
        return ids;
    }

    /**
     * @param text the text
     * @return its tokens as strings, with the special tokens
     */
    public List<String> tokens(String text) {
        return List.of(tokenizer.encode(text).getTokens());
    }

    /**
     * @param ids token ids
     * @return the text, without special tokens (padding, EOS, unknown)
     */
    public String decode(long[] ids) {
        return tokenizer.decode(ids, true);
    }

    /**
     * @param ids token ids
     * @param skipSpecialTokens whether special tokens are dropped
     * @return the text
     */
    public String decode(long[] ids, boolean skipSpecialTokens) {
        return tokenizer.decode(ids, skipSpecialTokens);
    }

    /**
     * {@inheritDoc} Never truncated, even when the tokenizer was loaded with a maximum length.
     */
    @Override
    public int count(String text) {
        return counter.encode(text).getIds().length;
    }

    /**
     * {@inheritDoc} From one encoding of the whole text: a prefix holds the special tokens and every token whose
     * char span ends within it.
     */
    @Override
    public int[] prefixCounts(String text, int[] ends) {
        Encoding e = counter.encode(text);
        CharSpan[] spans = e.getCharTokenSpans();
        long[] special = e.getSpecialTokenMask();
        int specials = 0;
        int[] tokenEnds = new int[spans.length];
        int k = 0;
        for (int t = 0; t < spans.length; t++) {
            if (special[t] != 0 || spans[t] == null) {
                specials++;
            } else {
                tokenEnds[k++] = spans[t].getEnd();
            }
        }
        int[] sorted = Arrays.copyOf(tokenEnds, k);
        Arrays.sort(sorted);
        int[] out = new int[ends.length];
        int j = 0;
        for (int i = 0; i < ends.length; i++) {
            while (j < k && sorted[j] <= ends[i]) {
                j++;
            }
            out[i] = specials + j;
        }
        return out;
    }

    @Override
    public void close() {
        tokenizer.close();
        if (counter != tokenizer) {
            counter.close();
        }
    }
}
