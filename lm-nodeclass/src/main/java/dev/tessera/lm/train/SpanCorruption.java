package dev.tessera.lm.train;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * T5's span-corruption objective (Raffel et al., "Exploring the Limits of Transfer Learning with a Unified
 * Text-to-Text Transformer", JMLR 2020, §3.1.4; {@code random_spans_noise_mask} of the T5 code): of a text's L
 * tokens, {@code N = round(L·density)} (clamped to [1, L−1]) are dropped, in {@code S = round(N / meanSpan)}
 * (at least 1) spans. The N noise tokens and the L − N kept tokens are each cut at random into S non-empty runs,
 * and the text is rebuilt as kept₀ noise₀ kept₁ noise₁ … (it starts with kept tokens). The input is the text with
 * span i replaced by sentinel i; the target is sentinel₀ noise₀ sentinel₁ noise₁ … — both end with EOS.
 *
 * <p>Example (sentinels s0, s1; EOS e): tokens {@code a b c d e f g h}, noise {@code c d} and {@code g} →
 * input {@code a b s0 e f s1 h e}, target {@code s0 c d s1 g e}.
 */
public final class SpanCorruption {
    /** T5's noise density. */
    public static final double DEFAULT_NOISE_DENSITY = 0.15;
    /** T5's mean span length. */
    public static final double DEFAULT_MEAN_SPAN_LENGTH = 3.0;

    private final double noiseDensity;
    private final double meanSpanLength;
    private final long[] sentinelIds;
    private final long eosId;

    /**
     * One corrupted text.
     *
     * @param input the kept tokens with a sentinel per dropped span, then EOS
     * @param target each sentinel followed by its span, then EOS
     * @param noise per original token, whether it was dropped
     */
    public record Example(long[] input, long[] target, boolean[] noise) {
    }

    /**
     * @param noiseDensity fraction of tokens dropped, in (0, 1)
     * @param meanSpanLength mean tokens per dropped span, at least 1
     * @param sentinelIds the ids of sentinel 0, 1, … (at most this many spans are made)
     * @param eosId the id appended to input and target
     */
    public SpanCorruption(double noiseDensity, double meanSpanLength, long[] sentinelIds, long eosId) {
        if (!(noiseDensity > 0 && noiseDensity < 1)) {
            throw new IllegalArgumentException("noise density must be in (0, 1), got " + noiseDensity);
        }
        if (!(meanSpanLength >= 1)) {
            throw new IllegalArgumentException("mean span length must be >= 1, got " + meanSpanLength);
        }
        if (sentinelIds.length == 0) {
            throw new IllegalArgumentException("no sentinel ids");
        }
        this.noiseDensity = noiseDensity;
        this.meanSpanLength = meanSpanLength;
        this.sentinelIds = sentinelIds.clone();
        this.eosId = eosId;
    }

    /**
     * T5's noise mask: which of {@code length} tokens are dropped.
     *
     * @param length L, at least 2
     * @param rnd the generator
     * @return the mask (N true entries in S runs, the first entry false)
     */
    public boolean[] noiseMask(int length, SplittableRandom rnd) {
        if (length < 2) {
            throw new IllegalArgumentException("span corruption needs at least 2 tokens, got " + length);
        }
        int noise = (int) Math.round(length * noiseDensity);
        noise = Math.min(Math.max(noise, 1), length - 1);
        int spans = (int) Math.round(noise / meanSpanLength);
        spans = Math.max(1, Math.min(spans, Math.min(sentinelIds.length, Math.min(noise, length - noise))));
        int[] noiseRuns = segment(noise, spans, rnd);
        int[] keptRuns = segment(length - noise, spans, rnd);
        boolean[] mask = new boolean[length];
        int pos = 0;
        for (int i = 0; i < spans; i++) {
            pos += keptRuns[i];
            Arrays.fill(mask, pos, pos + noiseRuns[i], true);
            pos += noiseRuns[i];
        }
        return mask;
    }

    /** {@code items} cut into {@code segments} non-empty runs at uniformly chosen distinct cut points. */
    private static int[] segment(int items, int segments, SplittableRandom rnd) {
        // Choose segments-1 of the items-1 gaps (partial Fisher-Yates), then take the differences.
        int[] gaps = new int[items - 1];
        for (int i = 0; i < gaps.length; i++) {
            gaps[i] = i + 1;
        }
        for (int i = 0; i < segments - 1; i++) {
            int j = i + rnd.nextInt(gaps.length - i);
            int t = gaps[i];
            gaps[i] = gaps[j];
            gaps[j] = t;
        }
        int[] cuts = Arrays.copyOf(gaps, segments - 1);
        Arrays.sort(cuts);
        int[] runs = new int[segments];
        int prev = 0;
        for (int i = 0; i < cuts.length; i++) {
            runs[i] = cuts[i] - prev;
            prev = cuts[i];
        }
        runs[segments - 1] = items - prev;
        return runs;
    }

    /**
     * @param tokens the text's ids, without EOS (at least 2)
     * @param rnd the generator
     * @return input and target of span corruption
     */
    public Example corrupt(long[] tokens, SplittableRandom rnd) {
        boolean[] mask = noiseMask(tokens.length, rnd);
        return apply(tokens, mask);
    }

    /**
     * @param tokens the text's ids, without EOS
     * @param mask which tokens are dropped (at most as many runs as there are sentinels)
     * @return input and target for that mask
     */
    public Example apply(long[] tokens, boolean[] mask) {
        if (mask.length != tokens.length) {
            throw new IllegalArgumentException(tokens.length + " tokens but a mask of " + mask.length);
        }
        long[] in = new long[tokens.length + 1];
        long[] out = new long[tokens.length + 1 + sentinelIds.length];
        int a = 0;
        int b = 0;
        int span = -1;
        for (int i = 0; i < tokens.length; i++) {
            if (mask[i]) {
                if (i == 0 || !mask[i - 1]) {
                    span++;
                    if (span >= sentinelIds.length) {
                        throw new IllegalArgumentException("more spans than the " + sentinelIds.length + " sentinels");
                    }
                    in[a++] = sentinelIds[span];
                    out[b++] = sentinelIds[span];
                }
                out[b++] = tokens[i];
            } else {
                in[a++] = tokens[i];
            }
        }
        in[a++] = eosId;
        out[b++] = eosId;
        return new Example(Arrays.copyOf(in, a), Arrays.copyOf(out, b), mask.clone());
    }
}
