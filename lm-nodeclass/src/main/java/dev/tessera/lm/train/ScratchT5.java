package dev.tessera.lm.train;

import ai.djl.ndarray.NDManager;
import dev.tessera.lm.t5.T5Config;
import dev.tessera.lm.t5.T5Model;
import dev.tessera.lm.tokenizer.CorpusTokenizer;
import dev.tessera.lm.tokenizer.HfTokenizer;
import java.nio.file.Path;

/**
 * A small T5 trained from scratch, for when no pretrained Flan-T5 is at hand: Flan-T5's architecture (gated-GELU
 * feed-forward, untied LM head, 32 relative-position buckets) at a size that fine-tunes in minutes on two CPU
 * cores, with a word-level {@link CorpusTokenizer} built from the dataset's own texts. {@link #create} writes a
 * standard Hugging Face directory ({@code config.json}, {@code model.safetensors}, {@code tokenizer.json}) that
 * {@link T5Classifier#load}, {@link T5Model#load} and {@code tessera lm generate --model DIR} read.
 *
 * <p>Sizes: d_model {@value #D_MODEL}, {@value #NUM_HEADS} heads of {@value #D_KV}, d_ff {@value #D_FF},
 * {@value #NUM_LAYERS} encoder and {@value #NUM_LAYERS} decoder blocks — 1,179,648 weights in the attention and feed-forward matrices, besides the
 * embedding and the head (2 · V · d_model).
 */
public final class ScratchT5 {
    /** Residual width. */
    public static final int D_MODEL = 128;
    /** Head width. */
    public static final int D_KV = 32;
    /** Heads. */
    public static final int NUM_HEADS = 4;
    /** Feed-forward width. */
    public static final int D_FF = 512;
    /** Blocks per stack. */
    public static final int NUM_LAYERS = 2;
    /** Default vocabulary size (the corpus's most frequent words; the rest become {@code <unk>}). */
    public static final int DEFAULT_MAX_VOCAB_SIZE = 16_000;
    /** Default minimum count for a word to enter the vocabulary. */
    public static final int DEFAULT_MIN_FREQUENCY = 2;

    private ScratchT5() {
    }

    /**
     * @param vocabSize V
     * @return the small Flan-like config, with {@link CorpusTokenizer}'s special ids (pad 0, EOS 1, start 0)
     */
    public static T5Config config(int vocabSize) {
        return T5Config.builder().setVocabSize(vocabSize).optDModel(D_MODEL).optDKv(D_KV).optNumHeads(NUM_HEADS)
                .optDFf(D_FF).optNumLayers(NUM_LAYERS).optNumDecoderLayers(NUM_LAYERS)
                .optFeedForward(T5Config.FeedForward.GATED_GELU).optTieWordEmbeddings(false)
                .optTokenIds(CorpusTokenizer.PAD_ID, CorpusTokenizer.EOS_ID, CorpusTokenizer.PAD_ID).build();
    }

    /**
     * {@link #create(Iterable, Path, long, int, int)} with the default vocabulary settings.
     *
     * @param texts the corpus: node texts and label names (label names must be in it, or they become unknown)
     * @param dir the directory to write
     * @param seed seeds the initial weights
     * @return {@code dir}
     */
    public static Path create(Iterable<String> texts, Path dir, long seed) {
        return create(texts, dir, seed, DEFAULT_MAX_VOCAB_SIZE, DEFAULT_MIN_FREQUENCY);
    }

    /**
     * Builds the tokenizer from the corpus, initialises a model of {@link #config} (Hugging Face's initialisation,
     * {@link T5Model#random}) and writes both as a Hugging Face directory.
     *
     * @param texts the corpus
     * @param dir the directory to write (created when missing)
     * @param seed seeds the initial weights
     * @param maxVocabSize the most tokenizer ids, special tokens included
     * @param minFrequency the least count for a word to get an id
     * @return {@code dir}
     * @throws dev.tessera.TesseraException when writing fails
     */
    public static Path create(Iterable<String> texts, Path dir, long seed, int maxVocabSize, int minFrequency) {
        CorpusTokenizer tok = CorpusTokenizer.builder().setTexts(texts).optMaxVocabSize(maxVocabSize)
                .optMinFrequency(minFrequency).build();
        try (NDManager m = NDManager.newBaseManager(); T5Model model = T5Model.random(config(tok.vocabSize()), m, seed)) {
            model.save(dir);
        }
        tok.save(dir.resolve(HfTokenizer.FILE));
        return dir;
    }
}
