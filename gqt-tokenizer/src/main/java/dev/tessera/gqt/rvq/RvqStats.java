package dev.tessera.gqt.rvq;

import java.util.Arrays;

/**
 * Per-level statistics of one {@link ResidualVectorQuantizer#quantize} call; every array has one entry per level.
 *
 * @param usage               fraction of the level's codes chosen by at least one row of this call
 * @param perplexity          {@code exp(−Σ_c p_c log p_c)} of the level's code distribution in this call
 *                            ({@code p_c} = share of rows assigned to code c); between 1 and the codebook size
 * @param reconstructionError {@code mean((Z − Σ_{j≤k} Q_j)²)} over all N·d entries after levels 1..k
 * @param replacedCodes       dead codes re-seeded after this call's update (0 when {@code update} was false)
 * @param updated             whether this call updated the codebooks
 */
public record RvqStats(double[] usage, double[] perplexity, double[] reconstructionError, int[] replacedCodes,
                       boolean updated) {

    public RvqStats {
        usage = usage.clone();
        perplexity = perplexity.clone();
        reconstructionError = reconstructionError.clone();
        replacedCodes = replacedCodes.clone();
    }

    @Override
    public double[] usage() {
        return usage.clone();
    }

    @Override
    public double[] perplexity() {
        return perplexity.clone();
    }

    @Override
    public double[] reconstructionError() {
        return reconstructionError.clone();
    }

    @Override
    public int[] replacedCodes() {
        return replacedCodes.clone();
    }

    /** Number of levels. */
    public int levels() {
        return usage.length;
    }

    @Override
    public String toString() {
        return "RvqStats[usage=" + Arrays.toString(usage) + ", perplexity=" + Arrays.toString(perplexity)
            + ", reconstructionError=" + Arrays.toString(reconstructionError)
            + ", replacedCodes=" + Arrays.toString(replacedCodes) + ", updated=" + updated + "]";
    }
}
