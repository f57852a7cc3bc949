package dev.tessera.train;

import dev.tessera.graph.Metric;
import dev.tessera.graph.Split;
import dev.tessera.metrics.MeanStd;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Repeats {@link Trainer#fit} over seeds and summarizes, as the benchmark protocol reports: the mean and the
 * <em>population</em> standard deviation (divisor K, numpy's {@code np.std}, as the PyG baselines) of the test and
 * validation metrics over the K seeds, and the training-step time per epoch pooled over all seeds (each seed's first
 * {@value Trainer#WARMUP_EPOCHS} epochs left out).
 */
public final class SeedRuns {
    private SeedRuns() {
    }

    /**
     * The summary of K runs.
     *
     * @param seeds the seeds, in run order
     * @param runs one result per seed
     * @param test mean ± population std of the test metric
     * @param val mean ± population std of the validation metric
     * @param epochMsMean mean training-step time per epoch, pooled over seeds
     * @param evalMsMean mean evaluation time, pooled over seeds
     * @param totalS wall time of all runs (model building included) in seconds
     */
    public record Summary(int[] seeds, List<RunResult> runs, MeanStd test, MeanStd val, double epochMsMean,
            double evalMsMean, double totalS) {
        /**
         * @param withHistory whether each run's per-epoch history is included
         * @return the fields by name (for JSON)
         */
        public Map<String, Object> toMap(boolean withHistory) {
            Map<String, Object> m = new LinkedHashMap<>();
            List<Integer> s = new ArrayList<>();
            for (int x : seeds) {
                s.add(x);
            }
            m.put("seeds", s);
            m.put("test_mean", test.mean());
            m.put("test_std", test.std());
            m.put("val_mean", val.mean());
            m.put("val_std", val.std());
            m.put("epoch_ms_mean", epochMsMean);
            m.put("eval_ms_mean", evalMsMean);
            m.put("total_s", totalS);
            List<Map<String, Object>> r = new ArrayList<>();
            for (RunResult run : runs) {
                Map<String, Object> rm = run.toMap(withHistory);
                rm.remove("config");
                r.add(rm);
            }
            m.put("per_seed", r);
            m.put("config", runs.isEmpty() ? Map.of() : runs.get(0).config());
            return m;
        }
    }

    /**
     * Trains one model per seed. Seed s gets {@code factory.apply(s)} (which should seed the model's
     * initialization with s) and {@code config} with seed s; the model is closed after its run. With a checkpoint
     * folder, seed s checkpoints to {@code DIR/seed-s/}; with {@link TrainConfig#resume()} set to a folder, seed s
     * resumes from {@code RESUME/seed-s/checkpoint.safetensors} when that file exists and starts afresh otherwise.
     *
     * @param factory builds the model of a seed
     * @param seeds the seeds, at least one
     * @param labels [N] node labels
     * @param split the split
     * @param metric the metric
     * @param config the configuration shared by all seeds (its seed is replaced)
     * @param listeners the listener of each seed's run
     * @return the summary
     */
    public static Summary run(IntFunction<NodeModel> factory, int[] seeds, int[] labels, Split split, Metric metric,
            TrainConfig config, IntFunction<TrainListener> listeners) {
        if (seeds.length == 0) {
            throw new IllegalArgumentException("no seeds");
        }
        long t0 = System.nanoTime();
        List<RunResult> runs = new ArrayList<>();
        List<Double> train = new ArrayList<>();
        List<Double> eval = new ArrayList<>();
        for (int seed : seeds) {
            TrainConfig.Builder b = config.toBuilder().optSeed(seed).optResume(null);
            if (config.checkpointDir() != null) {
                b.optCheckpoints(config.checkpointDir().resolve("seed-" + seed), config.checkpointEvery());
            }
            if (config.resume() != null) {
                Path file = config.resume().resolve("seed-" + seed).resolve(Trainer.CHECKPOINT_FILE);
                if (Files.isRegularFile(file)) {
                    b.optResume(file);
                }
            }
            TrainConfig c = b.build();
            try (NodeModel model = factory.apply(seed)) {
                RunResult r = Trainer.fit(model, labels, split, metric, c, listeners.apply(seed));
                runs.add(r);
                train.addAll(r.timedTrainMs());
                eval.addAll(r.timedEvalMs());
            }
        }
        double[] tests = new double[runs.size()];
        double[] vals = new double[runs.size()];
        for (int i = 0; i < tests.length; i++) {
            tests[i] = runs.get(i).test();
            vals[i] = runs.get(i).val();
        }
        return new Summary(seeds.clone(), runs, MeanStd.of(tests), MeanStd.of(vals), RunResult.mean(train),
                RunResult.mean(eval), (System.nanoTime() - t0) / 1e9);
    }
}
