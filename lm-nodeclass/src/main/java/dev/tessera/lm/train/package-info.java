/**
 * Fine-tuning and using a T5 as a text classifier: {@link dev.tessera.lm.train.T5Trainer} (teacher forcing,
 * AdamW, warmup and linear decay, gradient clipping), {@link dev.tessera.lm.train.T5Classifier} (prompts in,
 * label strings out, decoding constrained to each prompt's candidate labels) and
 * {@link dev.tessera.lm.train.ScratchT5} (a small T5 and a corpus tokenizer saved as a Hugging Face directory).
 * This is a DJL seam package, like {@code dev.tessera.train}.
 */
package dev.tessera.lm.train;
