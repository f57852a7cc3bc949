package dev.tessera.lm.train;

import ai.djl.ndarray.NDManager;
import dev.tessera.lm.t5.T5Config;
import dev.tessera.lm.t5.T5Model;
import dev.tessera.lm.tokenizer.CorpusTokenizer;
import dev.tessera.lm.tokenizer.HfTokenizer;
import dev.tessera.progress.Progress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

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

    /** Sentinel tokens of a pre-trained scratch model's tokenizer (T5's count). */
    public static final int SENTINELS = 100;

    private ScratchT5() {
    }

    /**
     * What {@link #pretrain} did.
     *
     * @param dir the checkpoint written
     * @param texts texts pre-trained on (those with at least 2 tokens)
     * @param vocabSize V, sentinels included
     * @param fit the trainer's per-epoch losses, steps and time
     */
    public record Pretrained(Path dir, int texts, int vocabSize, T5Trainer.FitResult fit) {
    }

    /**
     * Builds the corpus tokenizer (with {@value #SENTINELS} sentinels) and a randomly initialised model as
     * {@link #create} does, pre-trains it with T5's span-corruption objective ({@link SpanCorruption}, T5's
     * density 0.15 and mean span 3) on unlabelled texts, with a fresh mask per text and epoch, and writes the
     * checkpoint directory, which fine-tuning then reads like a downloaded one.
     *
     * @param tokenizerCorpus the texts the vocabulary is counted on (include the label names and the prompt's words)
     * @param texts the texts to pre-train on, each cut to its first {@code maxTokens − 1} tokens
     * @param dir the directory to write (created when missing)
     * @param maxTokens the most tokens per text, EOS included (e.g. the prompt budget)
     * @param settings epochs, batch, learning rate and schedule; the seed seeds the weights, masks and order (the
     *     length budgets are set from {@code maxTokens})
     * @param progress advanced once per optimizer step
     * @param listener told each epoch's loss
     * @return what was written
     * @throws dev.tessera.TesseraException when writing fails
     */
    public static Pretrained pretrain(Iterable<String> tokenizerCorpus, List<String> texts, Path dir, int maxTokens,
            T5TrainSettings settings, Progress progress, T5Trainer.EpochListener listener) {
        if (maxTokens < 3) {
            throw new IllegalArgumentException("maxTokens must be >= 3, got " + maxTokens);
        }
        CorpusTokenizer tok = CorpusTokenizer.builder().setTexts(tokenizerCorpus).optMaxVocabSize(DEFAULT_MAX_VOCAB_SIZE)
                .optMinFrequency(DEFAULT_MIN_FREQUENCY).optSentinels(SENTINELS).build();
        List<long[]> tokens = new ArrayList<>(texts.size());
        for (String t : texts) {
            int[] ids = tok.encode(t);
            int n = Math.min(ids.length - 1, maxTokens - 1); // without EOS
            if (n >= 2) {
                long[] row = new long[n];
                for (int i = 0; i < n; i++) {
                    row[i] = ids[i];
                }
                tokens.add(row);
            }
        }
        if (tokens.isEmpty()) {
            throw new IllegalArgumentException("no text has 2 tokens to corrupt");
        }
        long[] sentinelIds = new long[SENTINELS];
        for (int i = 0; i < SENTINELS; i++) {
            sentinelIds[i] = tok.sentinelId(i);
        }
        SpanCorruption corruption = new SpanCorruption(SpanCorruption.DEFAULT_NOISE_DENSITY,
                SpanCorruption.DEFAULT_MEAN_SPAN_LENGTH, sentinelIds, CorpusTokenizer.EOS_ID);
        T5TrainSettings ts = settings.toBuilder().optMaxInputLength(maxTokens).optMaxTargetLength(maxTokens).build();
        T5Trainer.FitResult fit;
        try (NDManager m = NDManager.newBaseManager();
                T5Model model = T5Model.random(config(tok.vocabSize()), m, settings.seed());
                T5Trainer trainer = new T5Trainer(model, ts, m)) {
            fit = trainer.fit(epoch -> {
                // One generator per epoch, so an epoch's masks do not depend on how the others were drawn.
                SplittableRandom rnd = new SplittableRandom(settings.seed() * 1_000_003L + epoch);
                List<long[]> in = new ArrayList<>(tokens.size());
                List<long[]> out = new ArrayList<>(tokens.size());
                for (long[] row : tokens) {
                    SpanCorruption.Example e = corruption.corrupt(row, rnd);
                    in.add(e.input());
                    out.add(e.target());
                }
                return new T5Trainer.Examples(in, out);
            }, progress, listener);
            model.save(dir);
        }
        tok.save(dir.resolve(HfTokenizer.FILE));
        return new Pretrained(dir, tokens.size(), tok.vocabSize(), fit);
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
