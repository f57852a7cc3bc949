package dev.tessera.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.TesseraException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainConfigTest {
    @Test
    void defaultsAreThePygProtocol() {
        TrainConfig c = TrainConfig.builder().build();
        assertEquals(200, c.epochs());
        assertEquals(0.01, c.lr());
        assertEquals(5e-4, c.weightDecay());
        assertEquals(TrainConfig.Optimizer.ADAM, c.optimizer());
        assertEquals(0, c.patience());
        assertEquals(0, c.batchSize());
        assertEquals(0.01, c.learningRate(150));
    }

    @Test
    void cosineWithWarmup() {
        TrainConfig c = TrainConfig.builder().optEpochs(10).optLr(0.1).optWarmupEpochs(2)
                .optSchedule(TrainConfig.Schedule.COSINE).build();
        assertEquals(0.05, c.learningRate(0), 1e-15);
        assertEquals(0.1, c.learningRate(1), 1e-15);
        assertEquals(0.1, c.learningRate(2), 1e-15); // t = 0 of T = 8
        assertEquals(0.05, c.learningRate(6), 1e-15); // t = 4: halfway
        assertEquals(0.1 * 0.5 * (1 + Math.cos(Math.PI * 7 / 8)), c.learningRate(9), 1e-15);
    }

    @Test
    void stepSchedule() {
        TrainConfig c = TrainConfig.builder().optLr(0.1).optStepSchedule(3, 0.5).build();
        assertEquals(0.1, c.learningRate(2), 1e-15);
        assertEquals(0.05, c.learningRate(3), 1e-15);
        assertEquals(0.025, c.learningRate(6), 1e-15);
    }

    @Test
    void fingerprintCoversWhatChangesTheParameters() {
        TrainConfig c = TrainConfig.builder().build();
        assertEquals(c.fingerprint(), c.toBuilder().optCheckpoints(Path.of("x"), 5).optResume(Path.of("y"))
                .optEvalTrain(false).build().fingerprint());
        assertNotEquals(c.fingerprint(), c.toBuilder().optLr(0.02).build().fingerprint());
        assertNotEquals(c.fingerprint(), c.toBuilder().optSeed(1).build().fingerprint());
        Map<String, Object> m = c.toMap();
        assertEquals("adam", m.get("optimizer"));
        assertEquals(20, m.size());
        assertTrue(m.containsKey("checkpoint_dir"));
    }

    @Test
    void badOptionsNameTheOption() {
        TesseraException e = assertThrows(TesseraException.class, () -> TrainConfig.builder().optLr(-1).build());
        assertTrue(e.getMessage().contains("lr"), e.getMessage());
        e = assertThrows(TesseraException.class, () -> TrainConfig.builder().optCheckpoints(null, 5).build());
        assertTrue(e.getMessage().contains("checkpoint_every"), e.getMessage());
    }
}
