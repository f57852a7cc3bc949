package dev.tessera.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.TesseraException;
import dev.tessera.graph.Metric;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MetricsTest {
    @Test
    void rocAucMatchesTheScikitLearnExample() {
        // roc_auc_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) == 0.75 (scikit-learn's documentation)
        assertEquals(0.75, RocAuc.of(new double[] {0.1, 0.4, 0.35, 0.8}, new int[] {0, 0, 1, 1}), 1e-15);
    }

    @Test
    void rocAucCountsTiesAsOneHalf() {
        // Pairs (pos, neg): 0.5 vs 0.1 → 1, 0.5 vs 0.5 → ½, 0.9 vs both → 1 + 1: 3.5 / 4.
        assertEquals(0.875, RocAuc.of(new double[] {0.1, 0.5, 0.5, 0.9}, new int[] {0, 0, 1, 1}), 1e-15);
        assertEquals(0.5, RocAuc.of(new double[] {0.3, 0.3, 0.3, 0.3}, new int[] {0, 1, 0, 1}), 1e-15);
        assertEquals(1.0, RocAuc.of(new double[] {-2, -1, 3}, new int[] {0, 0, 1}), 1e-15);
        assertEquals(0.0, RocAuc.of(new double[] {5, -1, -3}, new int[] {0, 1, 1}), 1e-15);
    }

    @Test
    void rocAucEqualsThePairwiseDefinitionWithManyTies() {
        SplittableRandom r = new SplittableRandom(7);
        for (int trial = 0; trial < 20; trial++) {
            int n = 2 + r.nextInt(200);
            double[] s = new double[n];
            int[] y = new int[n];
            for (int i = 0; i < n; i++) {
                s[i] = r.nextInt(10); // few distinct values: many ties
                y[i] = r.nextInt(2);
            }
            y[0] = 0;
            y[1] = 1;
            double pairs = 0;
            double wins = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    if (y[i] == 1 && y[j] == 0) {
                        pairs++;
                        wins += s[i] > s[j] ? 1 : s[i] == s[j] ? 0.5 : 0;
                    }
                }
            }
            assertEquals(wins / pairs, RocAuc.of(s, y), 1e-12);
        }
    }

    @Test
    void rocAucOfOneClassIsAClearError() {
        TesseraException e = assertThrows(TesseraException.class,
                () -> RocAuc.of(new double[] {0.1, 0.2}, new int[] {1, 1}));
        assertTrue(e.getMessage().contains("both classes"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RocAuc.of(new double[] {0.1, 0.2}, new int[] {0, 2}));
        assertThrows(IllegalArgumentException.class, () -> RocAuc.of(new double[] {Double.NaN, 0.2}, new int[] {0, 1}));
    }

    @Test
    void macroF1AveragesClassesSeenInLabelsOrPredictions() {
        // scikit-learn's example: f1_score([0,1,2,0,1,2], [0,2,1,0,0,1], average='macro') = 0.2666...
        // class 0: TP 2, FP 1, FN 0 → 4/5; classes 1 and 2: TP 0 → 0.
        int[] y = {0, 1, 2, 0, 1, 2};
        int[] p = {0, 2, 1, 0, 0, 1};
        assertEquals(0.8 / 3, MacroF1.of(p, y, 3), 1e-15);
        // Class 3 occurs nowhere: left out, not averaged in as 0.
        assertEquals(0.8 / 3, MacroF1.of(p, y, 4), 1e-15);
        // Class 1 only predicted: F1 0, counted. Class 0: TP 1, FN 1 → 2/3.
        assertEquals((2.0 / 3) / 2, MacroF1.of(new int[] {0, 1}, new int[] {0, 0}, 2), 1e-15);
        assertEquals(1.0, MacroF1.of(new int[] {2, 0, 2}, new int[] {2, 0, 2}, 3), 1e-15);
    }

    @Test
    void accuracyCountsMatches() {
        assertEquals(0.75, Accuracy.of(new int[] {1, 0, 2, 2}, new int[] {1, 0, 2, 0}), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> Accuracy.of(new int[] {1}, new int[] {1, 2}));
        assertThrows(IllegalArgumentException.class, () -> Accuracy.of(new int[0], new int[0]));
    }

    @Test
    void scoreUsesArgmaxAndThePositiveLogitMargin() {
        float[] logits = {
            2f, 1f, 0f, // → 0
            0f, 3f, 3f, // tie → first maximum, 1
            -1f, -2f, 5f, // → 2
            1f, 1f, 1f, // → 0
        };
        int[] y = {0, 2, 2, 0};
        assertEquals(0.75, Metrics.score(Metric.ACCURACY, logits, 3, y), 1e-15);
        assertEquals(MacroF1.of(new int[] {0, 1, 2, 0}, y, 3), Metrics.score(Metric.MACRO_F1, logits, 3, y), 1e-15);

        // Two logits: the score is softmax(z)[1], i.e. ordered by z1 - z0: margins -1, 2, 0.5, -3.
        float[] binary = {1f, 0f, 0f, 2f, 10f, 10.5f, 3f, 0f};
        int[] yb = {0, 1, 0, 1};
        double[] softmax1 = new double[4];
        for (int i = 0; i < 4; i++) {
            softmax1[i] = 1 / (1 + Math.exp(binary[2 * i] - binary[2 * i + 1]));
        }
        assertEquals(RocAuc.of(softmax1, yb), Metrics.score(Metric.ROCAUC, binary, 2, yb), 1e-15);
        assertEquals(0.5, Metrics.score(Metric.ROCAUC, binary, 2, yb), 1e-15);
        // One logit: itself.
        assertEquals(1.0, Metrics.score(Metric.ROCAUC, new float[] {-1f, 2f, 0.5f}, 1, new int[] {0, 1, 1}), 1e-15);
        assertEquals(2.0 / 3, Metrics.score(Metric.ACCURACY, new float[] {-1f, 2f, -0.5f}, 1, new int[] {0, 1, 1}), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> Metrics.score(Metric.ROCAUC, logits, 3, y));
        assertThrows(IllegalArgumentException.class, () -> Metrics.score(Metric.ACCURACY, logits, 2, y));
    }

    @Test
    void meanStdIsThePopulationStd() {
        MeanStd m = MeanStd.of(new double[] {1, 2, 3, 4});
        assertEquals(2.5, m.mean(), 1e-15);
        assertEquals(Math.sqrt(1.25), m.std(), 1e-15); // np.std([1,2,3,4]); the sample std would be 1.29
        assertEquals(0.0, MeanStd.of(new double[] {0.7}).std());
    }
}
