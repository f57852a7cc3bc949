package dev.tessera.nodeclass;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tessera.cli.output.Json;
import dev.tessera.metrics.MeanStd;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The outcome of one experiment: one model on one dataset over one or several splits and K seeds per split,
 * with the configuration that produced it.
 *
 * @param dataset the dataset's name
 * @param split the split's name, or a fold family such as {@code geom-gcn-fold*} when several splits ran
 * @param model the model's name
 * @param metric the metric's identifier ({@code accuracy}, {@code rocauc}, {@code macro-f1})
 * @param seeds K, the number of seeds per split
 * @param runs every run, split by split and seed by seed
 * @param totalSeconds wall time of all runs (model building, training, evaluation; dataset loading excluded)
 * @param config the full configuration: model, training and dataset options, splits, seeds, fingerprint
 */
public record ExperimentResult(String dataset, String split, String model, String metric, int seeds,
        List<RunRecord> runs, double totalSeconds, ObjectNode config) {

    /** @return test metric over all runs: mean ± population std */
    public MeanStd test() {
        return over(RunRecord::test);
    }

    /** @return validation metric over all runs: mean ± population std */
    public MeanStd val() {
        return over(RunRecord::val);
    }

    /** @return mean training-epoch time in ms, pooled over the timed epochs of all runs */
    public double epochMsMean() {
        return pooled(true);
    }

    /** @return mean evaluation time in ms, pooled over all runs */
    public double evalMsMean() {
        return pooled(false);
    }

    private MeanStd over(ToDoubleFunction<RunRecord> f) {
        return MeanStd.of(runs.stream().mapToDouble(f).toArray());
    }

    private double pooled(boolean train) {
        List<Double> all = new ArrayList<>();
        for (RunRecord r : runs) {
            all.addAll(train ? r.result().timedTrainMs() : r.result().timedEvalMs());
        }
        return all.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    /**
     * @param withRuns whether to list every run too
     * @return {@code {"dataset","split","model","metric","test_mean","test_std","val_mean","val_std","seeds",
     *     "epoch_ms_mean","total_s","config":{...}}}, plus {@code "runs"} when asked
     */
    public ObjectNode toJson(boolean withRuns) {
        ObjectNode o = Json.object();
        o.put("dataset", dataset);
        o.put("split", split);
        o.put("model", model);
        o.put("metric", metric);
        MeanStd t = test();
        MeanStd v = val();
        Json.putNumber(o, "test_mean", round(t.mean()));
        Json.putNumber(o, "test_std", round(t.std()));
        Json.putNumber(o, "val_mean", round(v.mean()));
        Json.putNumber(o, "val_std", round(v.std()));
        o.put("seeds", seeds);
        o.put("num_runs", runs.size());
        Json.putNumber(o, "epoch_ms_mean", Math.round(epochMsMean() * 1000) / 1000.0);
        Json.putNumber(o, "eval_ms_mean", Math.round(evalMsMean() * 1000) / 1000.0);
        Json.putNumber(o, "total_s", Math.round(totalSeconds * 1000) / 1000.0);
        o.set("config", config);
        if (withRuns) {
            ArrayNode a = o.putArray("runs");
            for (RunRecord r : runs) {
                ObjectNode ro = a.addObject();
                ro.put("split", r.split());
                ro.put("seed", r.result().seed());
                Json.putNumber(ro, "val", round(r.val()));
                Json.putNumber(ro, "test", round(r.test()));
                Json.putNumber(ro, "train", round(r.result().train()));
                ro.put("best_epoch", r.result().bestEpoch());
                ro.put("epochs", r.result().epochs());
                ro.put("stopped_early", r.result().stoppedEarly());
                Json.putNumber(ro, "epoch_ms", Math.round(r.result().epochMsMean() * 1000) / 1000.0);
                Json.putNumber(ro, "seconds", Math.round(r.result().totalS() * 1000) / 1000.0);
            }
        }
        return o;
    }

    private static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }
}
