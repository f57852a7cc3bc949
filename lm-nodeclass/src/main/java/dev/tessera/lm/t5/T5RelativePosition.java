package dev.tessera.lm.t5;

/**
 * T5's relative position buckets (Raffel et al., JMLR 2020, section 2.1; HF {@code T5Attention._relative_position_bucket}).
 * Plain Java: the bucket of every (query, key) pair is an integer table computed once per stack and then gathered
 * from {@code relative_attention_bias.weight} [buckets, H].
 */
public final class T5RelativePosition {
    private T5RelativePosition() {
    }

    /**
     * The bucket of a relative position {@code rel = key - query}. Bidirectional (encoder): half the buckets for
     * {@code rel > 0}; within a half, {@code n = buckets/2}, exact buckets for {@code |rel| < n/2}, then
     * {@code n/2 + floor(log(|rel|/(n/2)) / log(maxDistance/(n/2)) * (n - n/2))}, capped at {@code n - 1}.
     * Causal (decoder): {@code r = max(-rel, 0)} and the same with {@code n = buckets}.
     *
     * @param rel key position minus query position
     * @param bidirectional true in the encoder, false in the decoder
     * @param numBuckets total buckets
     * @param maxDistance distance from which on every position shares the last bucket
     * @return the bucket, in [0, numBuckets)
     */
    public static int bucket(int rel, boolean bidirectional, int numBuckets, int maxDistance) {
        int base = 0;
        int n = numBuckets;
        int r;
        if (bidirectional) {
            n /= 2;
            if (rel > 0) {
                base = n;
            }
            r = Math.abs(rel);
        } else {
            r = Math.max(-rel, 0);
        }
        int maxExact = n / 2;
        if (r < maxExact) {
            return base + r;
        }
        // Java double gives the same floors as torch's float32 log on the exact boundaries (16, 32, 64).
        int large = maxExact + (int) (Math.log((double) r / maxExact) / Math.log((double) maxDistance / maxExact)
                * (n - maxExact));
        return base + Math.min(large, n - 1);
    }

    /**
     * The bucket table for queries at positions {@code queryOffset .. queryOffset + queryLength - 1} against keys
     * {@code 0 .. keyLength - 1} (the offset is the cached prefix length during incremental decoding).
     *
     * @param queryOffset position of the first query
     * @param queryLength T, queries
     * @param keyLength S, keys
     * @param bidirectional true in the encoder
     * @param numBuckets total buckets
     * @param maxDistance maximum distance
     * @return row-major [T, S] buckets
     */
    public static long[] table(int queryOffset, int queryLength, int keyLength, boolean bidirectional, int numBuckets,
            int maxDistance) {
        long[] out = new long[queryLength * keyLength];
        for (int i = 0; i < queryLength; i++) {
            for (int j = 0; j < keyLength; j++) {
                out[i * keyLength + j] = bucket(j - (queryOffset + i), bidirectional, numBuckets, maxDistance);
            }
        }
        return out;
    }
}
