package dev.tessera.lm.train;

import ai.djl.ndarray.NDManager;
import dev.tessera.TesseraException;
import dev.tessera.lm.t5.LabelTrie;
import dev.tessera.lm.t5.T5Generator;
import dev.tessera.lm.t5.T5Model;
import dev.tessera.lm.tokenizer.HfTokenizer;
import dev.tessera.progress.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A T5 used as a text classifier, in the manner of Xu et al. (arXiv 2410.02296): it is fine-tuned to generate
 * the name of an example's label from a prompt, and predicts by decoding constrained to that example's candidate
 * label names (a {@link LabelTrie} per example, greedy or beam search), so the answer is always one of the
 * candidates. Works with any T5 / Flan-T5 directory in Hugging Face layout ({@code config.json},
 * {@code model.safetensors}, {@code tokenizer.json}), e.g. one made by {@link ScratchT5}.
 *
 * <p>Texts are tokenized by the directory's {@code tokenizer.json} (which appends EOS); prompts longer than the
 * input budget keep their head and EOS (callers that need smarter truncation do it before).
 */
public final class T5Classifier implements AutoCloseable {
    private final T5Model model;
    private final HfTokenizer tokenizer;
    private final Path tokenizerFile;
    private final NDManager manager;

    /**
     * How {@link #predict} decodes.
     *
     * @param batchSize prompts per forward pass
     * @param numBeams 1 for greedy search, else beam search with this many beams
     * @param maxInputLength the most prompt tokens (head and EOS kept)
     */
    public record Decoding(int batchSize, int numBeams, int maxInputLength) {
        /** Default prompts per batch. */
        public static final int DEFAULT_BATCH_SIZE = 16;
        /** Greedy search, batch {@value #DEFAULT_BATCH_SIZE}, Flan-T5's 512-token budget. */
        public static final Decoding DEFAULT = new Decoding(DEFAULT_BATCH_SIZE, 1,
                T5TrainSettings.DEFAULT_MAX_INPUT_LENGTH);

        public Decoding {
            if (batchSize < 1 || numBeams < 1 || maxInputLength < 1) {
                throw new IllegalArgumentException("batch size, beams and max input length must be >= 1");
            }
        }
    }

    private T5Classifier(T5Model model, HfTokenizer tokenizer, Path tokenizerFile, NDManager manager) {
        this.model = model;
        this.tokenizer = tokenizer;
        this.tokenizerFile = tokenizerFile;
        this.manager = manager;
    }

    /**
     * Loads a Hugging Face T5 directory.
     *
     * @param dir holds {@code config.json}, the safetensors weights and {@code tokenizer.json}
     * @param parent the manager that will own the model and every temporary (sub-managers are made)
     * @return the classifier; closing it frees the model and the tokenizer
     * @throws TesseraException when a file is missing or malformed
     */
    public static T5Classifier load(Path dir, NDManager parent) {
        HfTokenizer tok = HfTokenizer.load(dir);
        NDManager m = parent.newSubManager();
        try {
            return new T5Classifier(T5Model.load(dir, m), tok, dir.resolve(HfTokenizer.FILE), m);
        } catch (RuntimeException e) {
            tok.close();
            m.close();
            throw e;
        }
    }

    /**
     * @param model the model (closed with the classifier)
     * @param tokenizer its tokenizer (closed with the classifier)
     * @param tokenizerFile the tokenizer's {@code tokenizer.json}, copied by {@link #save}
     * @param parent the manager for temporaries (a sub-manager is made)
     * @return the classifier
     */
    public static T5Classifier of(T5Model model, HfTokenizer tokenizer, Path tokenizerFile, NDManager parent) {
        return new T5Classifier(model, tokenizer, tokenizerFile, parent.newSubManager());
    }

    /** @return the model */
    public T5Model model() {
        return model;
    }

    /** @return the tokenizer */
    public HfTokenizer tokenizer() {
        return tokenizer;
    }

    /**
     * Fine-tunes the model to generate each prompt's target ({@link T5Trainer}).
     *
     * @param prompts the inputs
     * @param targets the texts to generate, e.g. label names
     * @param settings the training settings
     * @param progress advanced once per optimizer step
     * @param listener told each epoch's loss
     * @return per-epoch losses and the step count
     */
    public T5Trainer.FitResult fit(List<String> prompts, List<String> targets, T5TrainSettings settings,
            Progress progress, T5Trainer.EpochListener listener) {
        if (prompts.size() != targets.size()) {
            throw new IllegalArgumentException(prompts.size() + " prompts but " + targets.size() + " targets");
        }
        List<long[]> in = Arrays.asList(tokenizer.encode(prompts));
        List<long[]> out = Arrays.asList(tokenizer.encode(targets));
        try (T5Trainer trainer = new T5Trainer(model, settings, manager)) {
            return trainer.fit(in, out, progress, listener);
        }
    }

    /**
     * Fine-tunes on examples drawn again every epoch ({@link T5Trainer#fit(T5Trainer.EpochExamples, Progress,
     * T5Trainer.EpochListener)}); encode them with {@link #tokenizer()}.
     *
     * @param examples each epoch's token ids (the same count every epoch)
     * @param settings the training settings
     * @param progress advanced once per optimizer step
     * @param listener told each epoch's loss
     * @return per-epoch losses and the step count
     */
    public T5Trainer.FitResult fit(T5Trainer.EpochExamples examples, T5TrainSettings settings, Progress progress,
            T5Trainer.EpochListener listener) {
        try (T5Trainer trainer = new T5Trainer(model, settings, manager)) {
            return trainer.fit(examples, progress, listener);
        }
    }

    /**
     * {@link #fit(List, List, T5TrainSettings, Progress, T5Trainer.EpochListener)} without progress or listener.
     *
     * @param prompts the inputs
     * @param targets the texts to generate
     * @param settings the training settings
     * @return per-epoch losses and the step count
     */
    public T5Trainer.FitResult fit(List<String> prompts, List<String> targets, T5TrainSettings settings) {
        return fit(prompts, targets, settings, Progress.NONE, T5Trainer.EpochListener.NONE);
    }

    /**
     * {@link #predict(List, List, Decoding)} with {@link Decoding#DEFAULT}.
     *
     * @param prompts the inputs
     * @param candidates per prompt, the label names it may be given (at least one)
     * @return per prompt, the index of the chosen name in its candidate list
     */
    public int[] predict(List<String> prompts, List<List<String>> candidates) {
        return predict(prompts, candidates, Decoding.DEFAULT);
    }

    /**
     * Chooses a candidate per prompt by generating under a {@link LabelTrie} of the prompt's candidates (their
     * token ids, each ending with EOS). Candidates that tokenize alike (e.g. both to unknown tokens) are
     * indistinguishable; the first of them is returned.
     *
     * @param prompts the inputs
     * @param candidates per prompt, the label names it may be given (at least one, none tokenizing to nothing)
     * @param decoding batch size, beams and input budget
     * @return per prompt, the index of the chosen name in its candidate list
     */
    public int[] predict(List<String> prompts, List<List<String>> candidates, Decoding decoding) {
        Decoded d = decode(prompts, candidates, decoding);
        int[] out = new int[prompts.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = choose(d.tries()[i], d.generated()[i], model.config().padTokenId());
        }
        return out;
    }

    /**
     * What constrained decoding produced.
     *
     * @param tries per prompt, the trie of its candidates (index i = candidate i)
     * @param generated per prompt, the generated ids after the start token (padding included)
     */
    record Decoded(LabelTrie[] tries, int[][] generated) {
    }

    Decoded decode(List<String> prompts, List<List<String>> candidates, Decoding decoding) {
        if (prompts.size() != candidates.size()) {
            throw new IllegalArgumentException(prompts.size() + " prompts but " + candidates.size() + " candidate lists");
        }
        int n = prompts.size();
        int eos = model.config().eosTokenId();
        int pad = model.config().padTokenId();
        LabelTrie[] allTries = new LabelTrie[n];
        int[][] allGenerated = new int[n][];
        for (int from = 0; from < n; from += decoding.batchSize()) {
            int to = Math.min(n, from + decoding.batchSize());
            List<long[]> inputs = new ArrayList<>();
            for (long[] ids : tokenizer.encode(prompts.subList(from, to))) {
                inputs.add(Seq2SeqBatch.truncate(ids, decoding.maxInputLength()));
            }
            LabelTrie[] tries = new LabelTrie[to - from];
            int longest = 0;
            for (int r = 0; r < tries.length; r++) {
                List<String> cands = candidates.get(from + r);
                if (cands.isEmpty()) {
                    throw new IllegalArgumentException("prompt " + (from + r) + " has no candidate labels");
                }
                List<int[]> labels = new ArrayList<>();
                for (long[] ids : tokenizer.encode(cands)) {
                    int[] label = Arrays.stream(ids).mapToInt(Math::toIntExact).toArray();
                    if (label.length == 0 || (label.length == 1 && label[0] == eos)) {
                        throw new IllegalArgumentException("prompt " + (from + r) + ": a candidate label has no tokens "
                                + cands);
                    }
                    labels.add(label);
                    longest = Math.max(longest, label.length + (label[label.length - 1] == eos ? 0 : 1));
                }
                tries[r] = new LabelTrie(labels, eos);
            }
            // Every label ends with EOS, so decoding that follows a trie is done after the longest label.
            T5Generator gen = T5Generator.builder().setMaxNewTokens(longest).optNumBeams(decoding.numBeams())
                    .optEosTokenId(eos).optConstraint((row, prefix) -> tries[row].allowed(prefix)).build();
            Seq2SeqBatch batch = Seq2SeqBatch.of(inputs, null, pad);
            T5Generator.Result res;
            try (NDManager m = manager.newSubManager()) {
                res = gen.generate(model, batch.inputArray(m), batch.maskArray(m));
            }
            for (int r = 0; r < tries.length; r++) {
                long[] seq = res.sequences()[r];
                int[] generated = new int[seq.length - 1];
                for (int j = 1; j < seq.length; j++) {
                    generated[j - 1] = Math.toIntExact(seq[j]);
                }
                allTries[from + r] = tries[r];
                allGenerated[from + r] = generated;
            }
        }
        return new Decoded(allTries, allGenerated);
    }

    /** The label a generated sequence spells; failing that (a beam cut off early), the longest shared prefix. */
    static int choose(LabelTrie trie, int[] generated, int pad) {
        int exact = trie.indexOf(generated, pad);
        if (exact >= 0) {
            return exact;
        }
        List<int[]> labels = trie.labels();
        int best = 0;
        int bestLen = -1;
        for (int i = 0; i < labels.size(); i++) {
            int[] l = labels.get(i);
            int k = 0;
            while (k < l.length && k < generated.length && l[k] == generated[k]) {
                k++;
            }
            if (k > bestLen) {
                best = i;
                bestLen = k;
            }
        }
        return best;
    }

    /**
     * Saves the model ({@link T5Model#save}) and a copy of its {@code tokenizer.json} into a directory, which
     * {@link #load} and transformers' {@code from_pretrained} read back.
     *
     * @param dir the directory (created when missing)
     * @throws TesseraException when writing fails
     */
    public void save(Path dir) {
        model.save(dir);
        Path target = dir.resolve(HfTokenizer.FILE);
        try {
            if (!Files.exists(target) || !Files.isSameFile(tokenizerFile, target)) {
                Files.copy(tokenizerFile, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new TesseraException(target + ": cannot write (" + e.getMessage() + ")", e);
        }
    }

    /** Frees the model, the tokenizer and the temporaries' manager. */
    @Override
    public void close() {
        tokenizer.close();
        model.close();
        manager.close();
    }
}
