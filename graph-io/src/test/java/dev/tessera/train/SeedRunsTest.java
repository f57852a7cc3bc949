package dev.tessera.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.graph.Metric;
import dev.tessera.metrics.MeanStd;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeedRunsTest {
    @Test
    void summarizesSeedsAndResumesEach(@TempDir Path dir) {
        TinyMlp.Data data = new TinyMlp.Data(60, 5, 3, 1.0, 4);
        TrainConfig config = TrainConfig.builder().optEpochs(12).optLr(0.05).optCheckpoints(dir, 5).build();
        int[] seeds = {0, 1, 2};
        SeedRuns.Summary s = SeedRuns.run(seed -> new TinyMlp(data, 8, 3, 0.3f, seed), seeds, data.labels, data.split,
                Metric.ACCURACY, config, seed -> TrainListener.NONE);
        assertEquals(3, s.runs().size());
        double[] tests = new double[3];
        for (int i = 0; i < 3; i++) {
            RunResult r = s.runs().get(i);
            assertEquals(seeds[i], r.seed());
            tests[i] = r.test();
            assertTrue(Files.isRegularFile(dir.resolve("seed-" + seeds[i]).resolve(Trainer.CHECKPOINT_FILE)));
            assertEquals(12 - Trainer.WARMUP_EPOCHS, r.timedTrainMs().size());
        }
        MeanStd expected = MeanStd.of(tests);
        assertEquals(expected.mean(), s.test().mean(), 1e-15);
        assertEquals(expected.std(), s.test().std(), 1e-15);
        assertEquals(s.test().mean(), (Double) s.toMap(false).get("test_mean"));

        // Resuming finished runs reproduces them without training further.
        SeedRuns.Summary again = SeedRuns.run(seed -> new TinyMlp(data, 8, 3, 0.3f, 100 + seed), seeds, data.labels,
                data.split, Metric.ACCURACY, config.toBuilder().optResume(dir).build(), seed -> TrainListener.NONE);
        for (int i = 0; i < 3; i++) {
            assertEquals(s.runs().get(i).test(), again.runs().get(i).test());
            assertEquals(s.runs().get(i).bestEpoch(), again.runs().get(i).bestEpoch());
            assertEquals(12, again.runs().get(i).history().size());
        }
    }
}
