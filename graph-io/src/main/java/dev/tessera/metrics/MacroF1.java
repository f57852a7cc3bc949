package dev.tessera.metrics;

/**
 * Macro-averaged F1, as scikit-learn's {@code f1_score(y_true, y_pred, average="macro", zero_division=0)}: the
 * unweighted mean of the per-class scores
 *
 * <pre>F1_c = 2·TP_c / (2·TP_c + FP_c + FN_c)</pre>
 *
 * over the classes that occur in the labels or in the predictions (scikit-learn's default {@code labels}); a
 * class that occurs in neither is left out rather than counted as 0. Every class averaged over has
 * {@code 2·TP + FP + FN > 0}, so {@code zero_division} never applies.
 */
public final class MacroF1 {
    private MacroF1() {
    }

    /**
     * @param predicted predicted classes [n], each in [0, C)
     * @param labels true classes [n], each in [0, C)
     * @param numClasses C
     * @return the macro-F1 in [0, 1]
     * @throws IllegalArgumentException when the lengths differ, n = 0 or a class is outside [0, C)
     */
    public static double of(int[] predicted, int[] labels, int numClasses) {
        Metrics.checkSameLength(predicted.length, labels.length);
        long[] tp = new long[numClasses];
        long[] fp = new long[numClasses];
        long[] fn = new long[numClasses];
        for (int i = 0; i < labels.length; i++) {
            int y = labels[i];
            int p = predicted[i];
            if (y < 0 || y >= numClasses || p < 0 || p >= numClasses) {
                throw new IllegalArgumentException("class outside [0, " + numClasses + ") at " + i + ": label " + y
                        + ", predicted " + p);
            }
            if (y == p) {
                tp[y]++;
            } else {
                fp[p]++;
                fn[y]++;
            }
        }
        double sum = 0;
        int present = 0;
        for (int c = 0; c < numClasses; c++) {
            long denominator = 2 * tp[c] + fp[c] + fn[c];
            if (denominator > 0) {
                sum += 2.0 * tp[c] / denominator;
                present++;
            }
        }
        return sum / present;
    }
}
