package dev.tessera.metrics;

/** Accuracy: the share of predictions equal to the label, {@code (1/n) Σ [pred_i = y_i]}. */
public final class Accuracy {
    private Accuracy() {
    }

    /**
     * @param predicted predicted classes [n]
     * @param labels true classes [n]
     * @return the accuracy in [0, 1]
     * @throws IllegalArgumentException when the lengths differ or n = 0
     */
    public static double of(int[] predicted, int[] labels) {
        Metrics.checkSameLength(predicted.length, labels.length);
        int correct = 0;
        for (int i = 0; i < labels.length; i++) {
            if (predicted[i] == labels[i]) {
                correct++;
            }
        }
        return (double) correct / labels.length;
    }
}
