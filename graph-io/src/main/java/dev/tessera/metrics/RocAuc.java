package dev.tessera.metrics;

import dev.tessera.TesseraException;
import java.util.Arrays;

/**
 * Area under the ROC curve of binary scores, as scikit-learn's {@code roc_auc_score}: the Mann–Whitney statistic
 *
 * <pre>AUC = (R₊ − P(P+1)/2) / (P·N)</pre>
 *
 * where R₊ is the sum of the ranks (1-based, ascending score) of the P positive examples among all n = P + N,
 * tied scores sharing their average rank. It is the probability that a random positive scores above a random
 * negative, ties counting one half. O(n log n) for the sort.
 */
public final class RocAuc {
    private RocAuc() {
    }

    /**
     * @param scores scores [n], higher meaning more likely positive; no NaN
     * @param labels 0 or 1 [n]
     * @return the AUC in [0, 1]
     * @throws TesseraException when the labels hold only one class (the AUC is then undefined)
     * @throws IllegalArgumentException when lengths differ, n = 0, a label is not 0/1 or a score is NaN
     */
    public static double of(double[] scores, int[] labels) {
        Metrics.checkSameLength(scores.length, labels.length);
        int n = labels.length;
        long positives = 0;
        for (int i = 0; i < n; i++) {
            if (labels[i] != 0 && labels[i] != 1) {
                throw new IllegalArgumentException("ROC-AUC needs labels 0/1, got " + labels[i] + " at " + i);
            }
            if (Double.isNaN(scores[i])) {
                throw new IllegalArgumentException("ROC-AUC: score " + i + " is NaN");
            }
            positives += labels[i];
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            throw new TesseraException("ROC-AUC is undefined: the " + n + " evaluated nodes all have label "
                    + (positives == 0 ? 0 : 1) + " (the split needs both classes)");
        }
        // Sort indices by score; primitive sort of (score, index) pairs packed is not possible for doubles, so box.
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
        double rankSumPositives = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            long tiePositives = 0;
            while (j < n && scores[order[j]] == scores[order[i]]) {
                tiePositives += labels[order[j]];
                j++;
            }
            // Ranks i+1 .. j share their mean (i + 1 + j) / 2.
            rankSumPositives += tiePositives * ((i + 1 + j) / 2.0);
            i = j;
        }
        return (rankSumPositives - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }

    /**
     * @param scores scores [n]
     * @param labels 0 or 1 [n]
     * @return the AUC
     * @see #of(double[], int[])
     */
    public static double of(float[] scores, int[] labels) {
        double[] d = new double[scores.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = scores[i];
        }
        return of(d, labels);
    }
}
