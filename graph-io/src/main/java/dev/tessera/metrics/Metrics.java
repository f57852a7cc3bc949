package dev.tessera.metrics;

import dev.tessera.graph.Metric;

/** Scores class logits by a {@link Metric}: the one entry the training loop and the benchmarks use. */
public final class Metrics {
    private Metrics() {
    }

    /**
     * Scores a model's outputs.
     *
     * <ul>
     *   <li>{@link Metric#ACCURACY}, {@link Metric#MACRO_F1}: on the argmax class of each row (the first maximum;
     *       with C = 1 the class is 1 when the logit is positive, else 0).</li>
     *   <li>{@link Metric#ROCAUC}: on the positive-class score. With C = 2 that is {@code softmax(z)[1]}, a
     *       monotone function of {@code z₁ − z₀}; the AUC depends only on the order, so the difference (computed
     *       in double, where float32 softmax probabilities could saturate into false ties) is used. With C = 1 the
     *       single logit is the score.</li>
     * </ul>
     *
     * @param metric the metric
     * @param logits row-major [n, C]
     * @param numClasses C
     * @param labels [n], classes in [0, C) (0/1 when C = 1)
     * @return the score in [0, 1]
     * @throws dev.tessera.TesseraException when ROC-AUC is asked of labels with one class only
     * @throws IllegalArgumentException when shapes disagree, or ROC-AUC is asked of C &gt; 2 logits
     */
    public static double score(Metric metric, float[] logits, int numClasses, int[] labels) {
        if (numClasses < 1 || logits.length != (long) numClasses * labels.length) {
            throw new IllegalArgumentException(logits.length + " logits for " + labels.length + " labels and "
                    + numClasses + " classes");
        }
        return switch (metric) {
            case ACCURACY -> Accuracy.of(argmax(logits, numClasses), labels);
            case MACRO_F1 -> MacroF1.of(argmax(logits, numClasses), labels, Math.max(numClasses, 2));
            case ROCAUC -> RocAuc.of(positiveScores(logits, numClasses), labels);
        };
    }

    /**
     * @param logits row-major [n, C]
     * @param numClasses C
     * @return [n] the first maximal column of each row; with C = 1, 1 where the logit is positive, else 0
     */
    public static int[] argmax(float[] logits, int numClasses) {
        int n = logits.length / numClasses;
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            if (numClasses == 1) {
                out[i] = logits[i] > 0 ? 1 : 0;
                continue;
            }
            int base = i * numClasses;
            int best = 0;
            for (int c = 1; c < numClasses; c++) {
                // NaN compares false and never wins (numpy would pick it); a model producing NaN has failed anyway.
                if (logits[base + c] > logits[base + best]) {
                    best = c;
                }
            }
            out[i] = best;
        }
        return out;
    }

    /**
     * @param logits row-major [n, C], C = 1 or 2
     * @param numClasses C
     * @return [n] a score monotone in the positive-class probability: {@code z₁ − z₀}, or the logit when C = 1
     */
    public static double[] positiveScores(float[] logits, int numClasses) {
        if (numClasses > 2) {
            throw new IllegalArgumentException("ROC-AUC needs a binary task (1 or 2 logits), got " + numClasses);
        }
        int n = logits.length / numClasses;
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            s[i] = numClasses == 1 ? logits[i] : (double) logits[2 * i + 1] - logits[2 * i];
        }
        return s;
    }

    static void checkSameLength(int a, int b) {
        if (a != b) {
            throw new IllegalArgumentException("lengths differ: " + a + " vs " + b);
        }
        if (a == 0) {
            throw new IllegalArgumentException("no examples to score");
        }
    }
}
