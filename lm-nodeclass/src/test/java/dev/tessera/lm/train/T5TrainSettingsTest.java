package dev.tessera.lm.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class T5TrainSettingsTest {
    @Test
    void linearScheduleWarmsUpThenDecaysToZero() {
        // 20 steps, warmup floor(0.25 * 20) = 5: η·s/5 for s < 5, then η·(20 − s)/15
        T5TrainSettings s = T5TrainSettings.builder().optLearningRate(1.5).optWarmupFraction(0.25).build();
        assertEquals(0.0, s.learningRateAt(0, 20), 1e-12);
        assertEquals(0.6, s.learningRateAt(2, 20), 1e-12);
        assertEquals(1.5, s.learningRateAt(5, 20), 1e-12);
        assertEquals(0.5, s.learningRateAt(15, 20), 1e-12);
        assertEquals(0.1, s.learningRateAt(19, 20), 1e-12);
    }

    @Test
    void constantScheduleAndNoWarmup() {
        T5TrainSettings c = T5TrainSettings.builder().optLearningRate(0.2)
                .optSchedule(T5TrainSettings.Schedule.CONSTANT).build();
        assertEquals(0.2, c.learningRateAt(0, 10), 0);
        assertEquals(0.2, c.learningRateAt(9, 10), 0);
        T5TrainSettings l = T5TrainSettings.builder().optLearningRate(1).optWarmupFraction(0).build();
        assertEquals(1.0, l.learningRateAt(0, 4), 1e-12);
        assertEquals(0.25, l.learningRateAt(3, 4), 1e-12);
    }

    @Test
    void rejectsBadValues() {
        assertThrows(IllegalArgumentException.class, () -> T5TrainSettings.builder().optEpochs(0).build());
        assertThrows(IllegalArgumentException.class, () -> T5TrainSettings.builder().optWarmupFraction(1).build());
        assertThrows(IllegalArgumentException.class, () -> T5TrainSettings.builder().optLearningRate(0).build());
        assertThrows(IllegalArgumentException.class, () -> T5TrainSettings.builder().optExamplesPerEpoch(-1).build());
    }

    @Test
    void examplesPerEpochIsCappedByTheExamplesAndZeroMeansAll() {
        T5TrainSettings all = T5TrainSettings.defaults();
        assertEquals(T5TrainSettings.ALL_EXAMPLES, all.examplesPerEpoch());
        assertEquals(140, all.examplesPerEpoch(140));
        T5TrainSettings some = all.toBuilder().optExamplesPerEpoch(100).build();
        assertEquals(100, some.examplesPerEpoch(19_461));
        assertEquals(40, some.examplesPerEpoch(40));
        assertEquals(all.toBuilder().optExamplesPerEpoch(100).optSeed(3).build(),
                new T5TrainSettings(all.epochs(), all.batchSize(), all.learningRate(), all.schedule(),
                        all.warmupFraction(), all.weightDecay(), all.maxGradNorm(), all.maxInputLength(),
                        all.maxTargetLength(), 3, 100));
    }
}
