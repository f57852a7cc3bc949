/**
 * T5 / Flan-T5 (Raffel et al., JMLR 2020; Chung et al., 2022) on DJL, numerically matching Hugging Face
 * transformers' {@code T5ForConditionalGeneration}: {@link dev.tessera.lm.t5.T5Config} (from {@code config.json}),
 * {@link dev.tessera.lm.t5.T5Checkpoint} (safetensors, single or sharded), {@link dev.tessera.lm.t5.T5Model}
 * (encoder, teacher-forced decoder, loss), {@link dev.tessera.lm.t5.T5KvCache} (incremental decoding),
 * {@link dev.tessera.lm.t5.T5Generator} (greedy and beam search) and {@link dev.tessera.lm.t5.LabelTrie}
 * (decoding constrained to a label set). Config, checkpoint, buckets and trie are plain Java; the model uses DJL.
 */
package dev.tessera.lm.t5;
