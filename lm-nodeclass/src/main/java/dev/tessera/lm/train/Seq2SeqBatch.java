package dev.tessera.lm.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.List;

/**
 * A right-padded batch of (input ids, target ids) pairs, as Hugging Face's {@code DataCollatorForSeq2Seq} makes
 * one: inputs padded with the padding id and masked (1 at tokens, 0 at padding), labels padded with
 * {@link #IGNORE_ID} so that the loss leaves those positions out. Each batch is padded to its own longest row.
 *
 * @param rows B
 * @param inputLength S, the longest input
 * @param targetLength T, the longest target (0 for a batch without targets)
 * @param inputIds [B·S] row-major
 * @param attentionMask [B·S] row-major
 * @param labels [B·T] row-major
 */
public record Seq2SeqBatch(int rows, int inputLength, int targetLength, long[] inputIds, long[] attentionMask,
        long[] labels) {
    /** Label value of positions without a target (Hugging Face's {@code -100}). */
    public static final long IGNORE_ID = -100;

    /**
     * @param inputs input ids per row (at least one id each)
     * @param targets target ids per row, or null for inputs only
     * @param padTokenId the padding id
     * @return the padded batch
     */
    public static Seq2SeqBatch of(List<long[]> inputs, List<long[]> targets, int padTokenId) {
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("empty batch");
        }
        if (targets != null && targets.size() != inputs.size()) {
            throw new IllegalArgumentException(inputs.size() + " inputs but " + targets.size() + " targets");
        }
        int b = inputs.size();
        int s = inputs.stream().mapToInt(r -> r.length).max().orElseThrow();
        int t = targets == null ? 0 : targets.stream().mapToInt(r -> r.length).max().orElseThrow();
        if (s == 0 || (targets != null && targets.stream().anyMatch(r -> r.length == 0))) {
            throw new IllegalArgumentException("an input or target without tokens");
        }
        long[] ids = new long[b * s];
        long[] mask = new long[b * s];
        long[] labels = new long[b * t];
        Arrays.fill(ids, padTokenId);
        Arrays.fill(labels, IGNORE_ID);
        for (int r = 0; r < b; r++) {
            long[] in = inputs.get(r);
            System.arraycopy(in, 0, ids, r * s, in.length);
            Arrays.fill(mask, r * s, r * s + in.length, 1);
            if (targets != null) {
                System.arraycopy(targets.get(r), 0, labels, r * t, targets.get(r).length);
            }
        }
        return new Seq2SeqBatch(b, s, t, ids, mask, labels);
    }

    /**
     * Cuts a sequence to a budget, keeping its head and its last token (the EOS a T5 tokenizer appends).
     *
     * @param ids token ids
     * @param max the most tokens, at least 1
     * @return {@code ids} when short enough, else its first {@code max - 1} ids and its last
     */
    public static long[] truncate(long[] ids, int max) {
        if (ids.length <= max) {
            return ids;
        }
        long[] out = Arrays.copyOf(ids, max);
        out[max - 1] = ids[ids.length - 1];
        return out;
    }

    /** @param m the manager @return [B, S] int64 input ids */
    public NDArray inputArray(NDManager m) {
        return m.create(inputIds, new Shape(rows, inputLength));
    }

    /** @param m the manager @return [B, S] int64 attention mask */
    public NDArray maskArray(NDManager m) {
        return m.create(attentionMask, new Shape(rows, inputLength));
    }

    /** @param m the manager @return [B, T] int64 labels */
    public NDArray labelArray(NDManager m) {
        return m.create(labels, new Shape(rows, targetLength));
    }
}
