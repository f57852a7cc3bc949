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
}
