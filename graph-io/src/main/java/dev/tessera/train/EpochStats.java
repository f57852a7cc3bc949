package dev.tessera.train;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one epoch of {@link Trainer#fit} did. Metrics are NaN on epochs without evaluation (see
 * {@link TrainConfig#evalEvery()}), and the train metric also when {@link TrainConfig#evalTrain()} is off.
 *
 * @param epoch 0-based epoch
 * @param lr its learning rate
 * @param loss the mean training loss over its steps (weighted by batch size)
 * @param train the metric on the training nodes (eval mode)
 * @param val the metric on the validation nodes
 * @param test the metric on the test nodes
 * @param trainMs wall time of the training steps (forward, backward, clipping, optimizer)
 * @param evalMs wall time of the evaluation (forward and metrics), 0 when none
 */
public record EpochStats(int epoch, double lr, double loss, double train, double val, double test, double trainMs,
        double evalMs) {
    /** @return whether the epoch was evaluated */
    public boolean evaluated() {
        return !Double.isNaN(val);
    }

    /** @return the fields by name, NaN as {@code null} (for JSON) */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("epoch", epoch);
        m.put("lr", lr);
        m.put("loss", nullIfNaN(loss));
        m.put("train", nullIfNaN(train));
        m.put("val", nullIfNaN(val));
        m.put("test", nullIfNaN(test));
        m.put("train_ms", trainMs);
        m.put("eval_ms", evalMs);
        return m;
    }

    /**
     * @param m a map from {@link #toMap()} (numbers may be any {@link Number}, null for NaN)
     * @return the stats
     */
    public static EpochStats fromMap(Map<String, Object> m) {
        return new EpochStats(((Number) m.get("epoch")).intValue(), num(m.get("lr")), num(m.get("loss")),
                num(m.get("train")), num(m.get("val")), num(m.get("test")), num(m.get("train_ms")),
                num(m.get("eval_ms")));
    }

    private static Object nullIfNaN(double x) {
        return Double.isNaN(x) ? null : x;
    }

    private static double num(Object o) {
        return o == null ? Double.NaN : ((Number) o).doubleValue();
    }
}
