package dev.tessera.lm.tokenizer;

/**
 * What a prompt builder needs from a tokenizer: how many ids a text becomes. Both {@link HfTokenizer} and
 * {@link CorpusTokenizer} provide it, so budgets are counted in the model's own tokens.
 */
public interface TokenCounter {
    /**
     * @param text a text
     * @return the number of ids the tokenizer gives it on its own, the special tokens its post-processor adds
     *     included (T5: the trailing {@code </s>}), never truncated; {@code count("")} is the special tokens alone
     */
    int count(String text);

    /**
     * The counts of prefixes of one text, {@code count(text.substring(0, ends[i]))} for each i. The default counts
     * each prefix; a tokenizer may answer from one encoding of the whole text (token end offsets), which is exact
     * when its pre-tokenizer splits at the given ends (white space, for word-level and sentencepiece tokenizers)
     * and an estimate otherwise: callers that need exact counts check the prefix they choose with
     * {@link #count}.
     *
     * @param text a text
     * @param ends prefix lengths in chars, ascending, each in [0, text.length()]
     * @return per prefix, its count (special tokens included)
     */
    default int[] prefixCounts(String text, int[] ends) {
        int[] out = new int[ends.length];
        for (int i = 0; i < ends.length; i++) {
            out[i] = count(text.substring(0, ends[i]));
        }
        return out;
    }
}
