package dev.tessera.gqt.rvq;

import java.util.SplittableRandom;

/**
 * One level's codebook with its exponential-moving-average statistics (van den Oord et al., 2017, appendix; VQ-VAE-2;
 * SoundStream). For a batch of residuals {@code r_i} with assignments {@code i → c(i)}:
 *
 * <pre>
 *   n_c ← γ·n_c + (1 − γ)·|{i : c(i) = c}|          (EMA cluster size)
 *   m_c ← γ·m_c + (1 − γ)·Σ_{i : c(i) = c} r_i       (EMA cluster sum)
 *   ñ_c = (n_c + ε) / (Σ_c' n_c' + C·ε) · Σ_c' n_c'  (Laplace smoothing)
 *   e_c = m_c / ñ_c
 * </pre>
 *
 * Plain Java: the update is O(N·d + C·d), a single pass over the batch that the engine would not speed up, and the
 * statistics must stay on the host anyway for the dead-code test.
 */
final class EmaCodebook {

    final int size;
    final int dim;
    /** {@code [C, d]} row-major. */
    final float[] embed;
    /** {@code [C]}. */
    final float[] clusterSize;
    /** {@code [C, d]} row-major. */
    final float[] embedSum;

    EmaCodebook(int size, int dim) {
        this.size = size;
        this.dim = dim;
        this.embed = new float[size * dim];
        this.clusterSize = new float[size];
        this.embedSum = new float[size * dim];
    }

    /** Sets the codes to k-means centres, with their cluster sizes as the EMA counts (as the reference library). */
    void initialize(float[] centres, int[] counts) {
        System.arraycopy(centres, 0, embed, 0, embed.length);
        for (int c = 0; c < size; c++) {
            clusterSize[c] = counts[c];
            for (int j = 0; j < dim; j++) {
                embedSum[c * dim + j] = centres[c * dim + j] * counts[c];
            }
        }
    }

    /** One EMA step from the residuals {@code [n, d]} and their assignments. */
    void update(float[] residual, int n, int[] assignment, double decay, double epsilon) {
        double[] counts = new double[size];
        double[] sums = new double[size * dim];
        for (int i = 0; i < n; i++) {
            int c = assignment[i];
            counts[c]++;
            int ro = i * dim;
            int so = c * dim;
            for (int j = 0; j < dim; j++) {
                sums[so + j] += residual[ro + j];
            }
        }
        double total = 0;
        for (int c = 0; c < size; c++) {
            clusterSize[c] = (float) (decay * clusterSize[c] + (1 - decay) * counts[c]);
            total += clusterSize[c];
        }
        for (int k = 0; k < embedSum.length; k++) {
            embedSum[k] = (float) (decay * embedSum[k] + (1 - decay) * sums[k]);
        }
        if (total <= 0) {
            return;
        }
        for (int c = 0; c < size; c++) {
            double smoothed = (clusterSize[c] + epsilon) / (total + size * epsilon) * total;
            for (int j = 0; j < dim; j++) {
                embed[c * dim + j] = (float) (embedSum[c * dim + j] / smoothed);
            }
        }
    }

    /**
     * Re-seeds every code whose EMA cluster size is below {@code threshold} to a uniformly drawn residual of this
     * level, and resets its statistics to a cluster of size {@code threshold} at that residual (as the reference
     * library: a re-seeded code that is still not chosen is re-seeded again at the next update).
     *
     * @return the number of codes re-seeded
     */
    int replaceDead(float[] residual, int n, double threshold, SplittableRandom rng) {
        if (n == 0) {
            return 0;
        }
        int replaced = 0;
        for (int c = 0; c < size; c++) {
            if (clusterSize[c] >= threshold) {
                continue;
            }
            int row = rng.nextInt(n);
            System.arraycopy(residual, row * dim, embed, c * dim, dim);
            clusterSize[c] = (float) threshold;
            for (int j = 0; j < dim; j++) {
                embedSum[c * dim + j] = (float) (embed[c * dim + j] * threshold);
            }
            replaced++;
        }
        return replaced;
    }
}
