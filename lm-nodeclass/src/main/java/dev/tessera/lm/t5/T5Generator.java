package dev.tessera.lm.t5;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Generation from a {@link T5Model} with a KV cache ({@link T5KvCache}), following Hugging Face's
 * {@code generate}: greedy search when {@code numBeams == 1}, else beam search ({@code BeamSearchScorer} semantics,
 * transformers 4.38: length penalty on the generated length including EOS, {@code early_stopping=False}), both
 * optionally constrained by a {@link Constraint} (HF's {@code prefix_allowed_tokens_fn}). No sampling and no other
 * logits processors. Build with {@link #builder()}; {@code setMaxNewTokens} is required.
 *
 * <p>Output sequences start with the decoder start token. In greedy search a row that has emitted EOS is fed and
 * padded with the padding id; generation stops when every row has finished or after {@code maxNewTokens} tokens.
 */
public final class T5Generator {
    /** Default beams (greedy). */
    public static final int DEFAULT_NUM_BEAMS = 1;
    /** Default length penalty (HF's): scores are sum log-probabilities divided by length^penalty. */
    public static final double DEFAULT_LENGTH_PENALTY = 1.0;
    /** HF's initial score of beams 1..K-1 (only beam 0 expands at the first step). */
    private static final double INACTIVE_BEAM = -1e9;

    /** Restricts the next token given the tokens generated so far (after the start token). */
    @FunctionalInterface
    public interface Constraint {
        /**
         * @param row the batch row (the input sequence, shared by its beams)
         * @param prefix tokens generated so far, without the start token
         * @return the ids allowed next; when empty, only EOS is allowed
         */
        int[] allowed(int row, int[] prefix);
    }

    /**
     * The generated sequences.
     *
     * @param sequences [B][len], starting with the decoder start token, padded with the padding id
     * @param scores per row: beam search's length-normalised log-probability; greedy: NaN
     * @param stepLogits greedy only, when requested: [steps][B][V] raw next-token logits (HF's {@code scores}); else null
     */
    public record Result(long[][] sequences, double[] scores, float[][][] stepLogits) {
    }

    private final int maxNewTokens;
    private final int numBeams;
    private final Integer eosTokenId;
    private final double lengthPenalty;
    private final Constraint constraint;
    private final boolean returnStepLogits;

    private T5Generator(Builder b) {
        this.maxNewTokens = b.maxNewTokens;
        this.numBeams = b.numBeams;
        this.eosTokenId = b.eosTokenId;
        this.lengthPenalty = b.lengthPenalty;
        this.constraint = b.constraint;
        this.returnStepLogits = b.returnStepLogits;
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Encodes the inputs and generates.
     *
     * @param model the model
     * @param inputIds [B, S] int64
     * @param attentionMask [B, S]
     * @return the sequences
     */
    public Result generate(T5Model model, NDArray inputIds, NDArray attentionMask) {
        try (NDManager tmp = inputIds.getManager().newSubManager()) {
            NDArray ids = inputIds.duplicate();
            ids.attach(tmp);
            NDArray mask = attentionMask.duplicate();
            mask.attach(tmp);
            NDArray enc = model.encode(ids, mask).lastHiddenState();
            try (T5KvCache cache = new T5KvCache(model, enc, mask)) {
                return numBeams == 1 ? greedy(model.config(), cache) : beam(model.config(), cache);
            }
        }
    }

    private int eos(T5Config c) {
        return eosTokenId == null ? c.eosTokenId() : eosTokenId;
    }

    private Result greedy(T5Config c, T5KvCache cache) {
        int b = cache.rows();
        int v = c.vocabSize();
        int eos = eos(c);
        List<long[]> cols = new ArrayList<>();
        long[] last = new long[b];
        Arrays.fill(last, c.decoderStartTokenId());
        cols.add(last.clone());
        boolean[] finished = new boolean[b];
        List<float[][]> steps = new ArrayList<>();
        int[][] generated = new int[b][0];
        for (int step = 0; step < maxNewTokens; step++) {
            float[] logits = cache.step(last);
            if (returnStepLogits) {
                float[][] s = new float[b][];
                for (int r = 0; r < b; r++) {
                    s[r] = Arrays.copyOfRange(logits, r * v, (r + 1) * v);
                }
                steps.add(s);
            }
            boolean all = true;
            for (int r = 0; r < b; r++) {
                int next;
                if (finished[r]) {
                    next = c.padTokenId();
                } else {
                    int[] allowed = constraint == null ? null : allowedOrEos(constraint.allowed(r, generated[r]), eos);
                    next = argmax(logits, r * v, v, allowed);
                }
                last[r] = next;
                generated[r] = Arrays.copyOf(generated[r], generated[r].length + 1);
                generated[r][generated[r].length - 1] = next;
                finished[r] |= next == eos;
                all &= finished[r];
            }
            cols.add(last.clone());
            if (all) {
                break;
            }
        }
        long[][] seq = new long[b][cols.size()];
        for (int j = 0; j < cols.size(); j++) {
            for (int r = 0; r < b; r++) {
                seq[r][j] = cols.get(j)[r];
            }
        }
        double[] scores = new double[b];
        Arrays.fill(scores, Double.NaN);
        return new Result(seq, scores, returnStepLogits ? steps.toArray(new float[0][][]) : null);
    }

    private static int[] allowedOrEos(int[] allowed, int eos) {
        return allowed.length == 0 ? new int[] {eos} : allowed;
    }

    /** Index of the largest value in {@code x[off .. off+n)}, among {@code allowed} when not null; first on ties. */
    static int argmax(float[] x, int off, int n, int[] allowed) {
        int best = -1;
        float bv = Float.NEGATIVE_INFINITY;
        if (allowed == null) {
            for (int i = 0; i < n; i++) {
                if (best < 0 || x[off + i] > bv) {
                    best = i;
                    bv = x[off + i];
                }
            }
        } else {
            for (int i : allowed) {
                if (best < 0 || x[off + i] > bv || (x[off + i] == bv && i < best)) {
                    best = i;
                    bv = x[off + i];
                }
            }
        }
        return best;
    }

    /** HF's {@code BeamHypotheses}: the best {@code numBeams} finished hypotheses of one input. */
    private static final class Hypotheses {
        final int capacity;
        final double lengthPenalty;
        final List<Object[]> beams = new ArrayList<>(); // {Double score, int[] tokens}
        double worst = 1e9;

        Hypotheses(int capacity, double lengthPenalty) {
            this.capacity = capacity;
            this.lengthPenalty = lengthPenalty;
        }

        void add(int[] tokens, double sumLogprobs, int generatedLength) {
            double score = sumLogprobs / Math.pow(generatedLength, lengthPenalty);
            if (beams.size() < capacity || score > worst) {
                beams.add(new Object[] {score, tokens});
                if (beams.size() > capacity) {
                    beams.sort(Comparator.comparingDouble(o -> (Double) o[0]));
                    beams.remove(0);
                    worst = (Double) beams.get(0)[0];
                } else {
                    worst = Math.min(score, worst);
                }
            }
        }

        boolean isDone(double bestSumLogprobs, int generatedLength) {
            if (beams.size() < capacity) {
                return false;
            }
            return worst >= bestSumLogprobs / Math.pow(generatedLength, lengthPenalty);
        }

        Object[] best() {
            return beams.stream().max(Comparator.comparingDouble(o -> (Double) o[0])).orElseThrow();
        }
    }

    private Result beam(T5Config c, T5KvCache cache) {
        int b = cache.rows();
        int k = numBeams;
        int v = c.vocabSize();
        int eos = eos(c);
        int[] expand = new int[b * k];
        for (int i = 0; i < expand.length; i++) {
            expand[i] = i / k;
        }
        cache.reorder(expand);
        double[] beamScores = new double[b * k];
        for (int i = 0; i < beamScores.length; i++) {
            beamScores[i] = i % k == 0 ? 0 : INACTIVE_BEAM;
        }
        int[][] seqs = new int[b * k][0]; // generated tokens after the start token
        Hypotheses[] hyps = new Hypotheses[b];
        for (int i = 0; i < b; i++) {
            hyps[i] = new Hypotheses(k, lengthPenalty);
        }
        boolean[] done = new boolean[b];
        long[] last = new long[b * k];
        Arrays.fill(last, c.decoderStartTokenId());
        int generatedLength = 0;
        while (generatedLength < maxNewTokens) {
            float[] logits = cache.step(last);
            generatedLength++; // HF's cur_len - decoder_prompt_len: tokens including the one chosen now
            double[] next = new double[b * k * v];
            for (int r = 0; r < b * k; r++) {
                logSoftmax(logits, r * v, v, next);
                if (constraint != null) {
                    int[] allowed = allowedOrEos(constraint.allowed(r / k, seqs[r]), eos);
                    double[] keep = new double[allowed.length];
                    for (int a = 0; a < allowed.length; a++) {
                        keep[a] = next[r * v + allowed[a]];
                    }
                    Arrays.fill(next, r * v, (r + 1) * v, Double.NEGATIVE_INFINITY);
                    for (int a = 0; a < allowed.length; a++) {
                        next[r * v + allowed[a]] = keep[a];
                    }
                }
                for (int t = 0; t < v; t++) {
                    next[r * v + t] += beamScores[r];
                }
            }
            double[] newScores = new double[b * k];
            long[] newTokens = new long[b * k];
            int[] source = new int[b * k];
            int[][] newSeqs = new int[b * k][];
            for (int i = 0; i < b; i++) {
                if (done[i]) {
                    for (int j = 0; j < k; j++) {
                        newScores[i * k + j] = 0;
                        newTokens[i * k + j] = c.padTokenId();
                        source[i * k + j] = i * k;
                    }
                    continue;
                }
                int[] top = topK(next, i * k * v, k * v, 2 * k);
                int filled = 0;
                for (int rank = 0; rank < top.length && filled < k; rank++) {
                    int flat = top[rank];
                    int row = i * k + flat / v;
                    int token = flat % v;
                    double score = next[i * k * v + flat];
                    if (token == eos) {
                        if (rank >= k) {
                            continue;
                        }
                        hyps[i].add(seqs[row].clone(), score, generatedLength);
                    } else {
                        newScores[i * k + filled] = score;
                        newTokens[i * k + filled] = token;
                        source[i * k + filled] = row;
                        filled++;
                    }
                }
                double bestNext = next[i * k * v + top[0]];
                done[i] = done[i] || hyps[i].isDone(bestNext, generatedLength);
            }
            for (int r = 0; r < b * k; r++) {
                int[] s = Arrays.copyOf(seqs[source[r]], seqs[source[r]].length + 1);
                s[s.length - 1] = (int) newTokens[r];
                newSeqs[r] = s;
            }
            seqs = newSeqs;
            beamScores = newScores;
            last = newTokens;
            boolean all = true;
            for (boolean d : done) {
                all &= d;
            }
            if (all || generatedLength >= maxNewTokens) {
                break;
            }
            cache.reorder(source);
        }
        for (int i = 0; i < b; i++) {
            if (!done[i]) {
                for (int j = 0; j < k; j++) {
                    hyps[i].add(seqs[i * k + j].clone(), beamScores[i * k + j], seqs[i * k + j].length);
                }
            }
        }
        int[][] best = new int[b][];
        double[] scores = new double[b];
        int longest = 0;
        for (int i = 0; i < b; i++) {
            Object[] h = hyps[i].best();
            scores[i] = (Double) h[0];
            best[i] = (int[]) h[1];
            longest = Math.max(longest, best[i].length);
        }
        // HF: length min(longest + 1, max_length) counting the start token; EOS after hypotheses shorter than that.
        int len = Math.min(longest + 1, maxNewTokens) + 1;
        long[][] out = new long[b][len];
        for (int i = 0; i < b; i++) {
            Arrays.fill(out[i], c.padTokenId());
            out[i][0] = c.decoderStartTokenId();
            for (int j = 0; j < best[i].length; j++) {
                out[i][j + 1] = best[i][j];
            }
            if (best[i].length + 1 < len) {
                out[i][best[i].length + 1] = eos;
            }
        }
        return new Result(out, scores, null);
    }

    /** Writes log-softmax of {@code x[off .. off+n)} (float32 logits, double accumulation) into {@code out[off..]}. */
    static void logSoftmax(float[] x, int off, int n, double[] out) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, x[off + i]);
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += Math.exp(x[off + i] - max);
        }
        double log = max + Math.log(sum);
        for (int i = 0; i < n; i++) {
            out[off + i] = x[off + i] - log;
        }
    }

    /** Offsets (relative to {@code off}) of the {@code m} largest values of {@code x[off .. off+n)}, descending. */
    static int[] topK(double[] x, int off, int n, int m) {
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (p, q) -> {
            int cmp = Double.compare(x[off + q], x[off + p]);
            return cmp != 0 ? cmp : Integer.compare(p, q);
        });
        int[] out = new int[Math.min(m, n)];
        for (int i = 0; i < out.length; i++) {
            out[i] = idx[i];
        }
        return out;
    }

    /** Builds a {@link T5Generator}. */
    public static final class Builder {
        private int maxNewTokens = -1;
        private int numBeams = DEFAULT_NUM_BEAMS;
        private Integer eosTokenId;
        private double lengthPenalty = DEFAULT_LENGTH_PENALTY;
        private Constraint constraint;
        private boolean returnStepLogits;

        private Builder() {
        }

        /** @param n tokens to generate at most (required) @return this */
        public Builder setMaxNewTokens(int n) {
            this.maxNewTokens = n;
            return this;
        }

        /** @param k beams (default {@value T5Generator#DEFAULT_NUM_BEAMS}: greedy) @return this */
        public Builder optNumBeams(int k) {
            this.numBeams = k;
            return this;
        }

        /** @param id end-of-sequence id (default: the config's) @return this */
        public Builder optEosTokenId(int id) {
            this.eosTokenId = id;
            return this;
        }

        /** @param p length penalty (default {@value T5Generator#DEFAULT_LENGTH_PENALTY}) @return this */
        public Builder optLengthPenalty(double p) {
            this.lengthPenalty = p;
            return this;
        }

        /** @param c allowed next tokens, e.g. a {@link LabelTrie} (default: none) @return this */
        public Builder optConstraint(Constraint c) {
            this.constraint = c;
            return this;
        }

        /** @param r keep greedy search's raw step logits (default false) @return this */
        public Builder optReturnStepLogits(boolean r) {
            this.returnStepLogits = r;
            return this;
        }

        /** @return the generator */
        public T5Generator build() {
            if (maxNewTokens < 1) {
                throw new IllegalArgumentException("max new tokens must be >= 1");
            }
            if (numBeams < 1) {
                throw new IllegalArgumentException("beams must be >= 1");
            }
            return new T5Generator(this);
        }
    }
}
