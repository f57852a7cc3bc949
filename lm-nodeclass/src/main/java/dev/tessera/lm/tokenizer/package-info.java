/**
 * Text to token ids: {@link dev.tessera.lm.tokenizer.HfTokenizer} runs a Hugging Face {@code tokenizer.json}
 * through DJL's binding of the Rust {@code tokenizers} library, and {@link dev.tessera.lm.tokenizer.CorpusTokenizer}
 * builds a word-level {@code tokenizer.json} from a list of texts when no pretrained tokenizer is at hand.
 */
package dev.tessera.lm.tokenizer;
