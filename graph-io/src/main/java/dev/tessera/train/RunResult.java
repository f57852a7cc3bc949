package dev.tessera.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of one {@link Trainer#fit}: the selected epoch and the metrics of its restored weights.
 *
 * @param seed the run's seed
 * @param bestEpoch the 0-based epoch with the highest validation metric (the first such), -1 when none was
 *     evaluated
 * @param bestVal the validation metric recorded at {@code bestEpoch}
 * @param train the training-node metric of the restored best weights
 * @param val the validation metric of the restored best weights, recomputed after training
 * @param test the test metric of the restored best weights
 * @param epochs the epochs completed, including those before a resume
 * @param stoppedEarly whether early stopping ended the run
 * @param timedTrainMs the training-step times counted in {@link #epochMsMean}: the epochs run by this call
 *     except its first {@value Trainer#WARMUP_EPOCHS} (warm-up), all of them when there are no more
 * @param timedEvalMs the evaluation times of the same epochs, where evaluated
 * @param totalS wall time of this call in seconds
 * @param history every epoch so far, including those before a resume
 * @param config the configuration, as {@link TrainConfig#toMap()}
 */
public record RunResult(long seed, int bestEpoch, double bestVal, double train, double val, double test, int epochs,
        boolean stoppedEarly, List<Double> timedTrainMs, List<Double> timedEvalMs, double totalS,
        List<EpochStats> history, Map<String, Object> config) {
    /** Copies the lists. */
    public RunResult {
        timedTrainMs = List.copyOf(timedTrainMs);
        timedEvalMs = List.copyOf(timedEvalMs);
        history = List.copyOf(history);
        config = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(config));
    }

    /** @return the mean training-step time per epoch in ms (NaN when no epoch ran) */
    public double epochMsMean() {
        return mean(timedTrainMs);
    }

    /** @return the mean evaluation time in ms (NaN when none ran) */
    public double evalMsMean() {
        return mean(timedEvalMs);
    }

    static double mean(List<Double> xs) {
        double s = 0;
        for (double x : xs) {
            s += x;
        }
        return xs.isEmpty() ? Double.NaN : s / xs.size();
    }

    /**
     * @param withHistory whether to include the per-epoch history
     * @return the fields by name (for JSON)
     */
    public Map<String, Object> toMap(boolean withHistory) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seed", seed);
        m.put("best_epoch", bestEpoch);
        m.put("best_val", bestVal);
        m.put("train", Double.isNaN(train) ? null : train);
        m.put("val", val);
        m.put("test", test);
        m.put("epochs", epochs);
        m.put("stopped_early", stoppedEarly);
        m.put("epoch_ms_mean", epochMsMean());
        m.put("eval_ms_mean", evalMsMean());
        m.put("total_s", totalS);
        if (withHistory) {
            List<Map<String, Object>> h = new ArrayList<>();
            for (EpochStats e : history) {
                h.add(e.toMap());
            }
            m.put("history", h);
        }
        m.put("config", config);
        return m;
    }
}
