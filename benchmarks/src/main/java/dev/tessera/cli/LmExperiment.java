package dev.tessera.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tessera.cli.output.Json;
import dev.tessera.cli.output.TextTable;
import dev.tessera.lm.classify.LmNodeClassifier;
import dev.tessera.metrics.MeanStd;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The runs of {@code lm train} or {@code lm evaluate} on one dataset and split, with the configuration.
 *
 * @param dataset the dataset's name
 * @param split the split's name
 * @param model {@code scratch} or the model directory given
 * @param runs one per seed
 * @param totalSeconds wall time of all runs (dataset loading excluded)
 * @param config the configuration that produced them
 */
record LmExperiment(String dataset, String split, String model, List<LmNodeClassifier.Run> runs, double totalSeconds,
        ObjectNode config) {

    MeanStd over(ToDoubleFunction<LmNodeClassifier.Run> f) {
        return MeanStd.of(runs.stream().mapToDouble(f).toArray());
    }

    /**
     * @param withRuns whether to list every run
     * @return {@code {"dataset","split","model","metric","test_mean","test_std","val_mean","val_std",
     *     "gnn_test_mean","gnn_test_std","candidate_recall","seeds","num_runs","total_s","phase_s","config"}}
     *     (+ "runs"); {@code phase_s}: wall seconds per stage, summed over the runs
     */
    ObjectNode toJson(boolean withRuns) {
        ObjectNode o = Json.object();
        o.put("dataset", dataset);
        o.put("split", split);
        o.put("model", model);
        o.put("metric", "accuracy");
        MeanStd t = over(LmNodeClassifier.Run::test);
        MeanStd v = over(LmNodeClassifier.Run::val);
        MeanStd g = over(LmNodeClassifier.Run::gnnTest);
        Json.putNumber(o, "test_mean", round(t.mean()));
        Json.putNumber(o, "test_std", round(t.std()));
        Json.putNumber(o, "val_mean", round(v.mean()));
        Json.putNumber(o, "val_std", round(v.std()));
        Json.putNumber(o, "gnn_test_mean", round(g.mean()));
        Json.putNumber(o, "gnn_test_std", round(g.std()));
        Json.putNumber(o, "gnn_val_mean", round(over(LmNodeClassifier.Run::gnnVal).mean()));
        Json.putNumber(o, "candidate_recall", round(over(LmNodeClassifier.Run::candidateRecall).mean()));
        o.put("seeds", runs.size());
        o.put("num_runs", runs.size());
        Json.putNumber(o, "total_s", Math.round(totalSeconds * 1000) / 1000.0);
        java.util.Map<String, Double> phases = new java.util.LinkedHashMap<>();
        for (LmNodeClassifier.Run r : runs) {
            r.phaseSeconds().forEach((k, s) -> phases.merge(k, s, Double::sum));
        }
        ObjectNode ph = o.putObject("phase_s");
        phases.forEach((k, s) -> Json.putNumber(ph, k, Math.round(s * 10) / 10.0));
        o.set("config", config);
        if (withRuns) {
            ArrayNode a = o.putArray("runs");
            for (LmNodeClassifier.Run r : runs) {
                ObjectNode ro = a.addObject();
                ro.put("seed", r.seed());
                Json.putNumber(ro, "val", round(r.val()));
                Json.putNumber(ro, "test", round(r.test()));
                Json.putNumber(ro, "gnn_val", round(r.gnnVal()));
                Json.putNumber(ro, "gnn_test", round(r.gnnTest()));
                Json.putNumber(ro, "candidate_recall", round(r.candidateRecall()));
                ArrayNode losses = ro.putArray("epoch_losses");
                for (double l : r.epochLosses()) {
                    losses.add(round(l));
                }
                Json.putNumber(ro, "mean_prompt_tokens", Math.round(r.meanPromptTokens() * 10) / 10.0);
                Json.putNumber(ro, "truncated_prompts", round(r.truncatedPrompts()));
                Json.putNumber(ro, "fit_s", Math.round(r.fitSeconds() * 1000) / 1000.0);
                Json.putNumber(ro, "predict_s", Math.round(r.predictSeconds() * 1000) / 1000.0);
                Json.putNumber(ro, "seconds", Math.round(r.seconds() * 1000) / 1000.0);
                ObjectNode rp = ro.putObject("phase_s");
                r.phaseSeconds().forEach((k, s) -> Json.putNumber(rp, k, Math.round(s * 1000) / 1000.0));
            }
        }
        return o;
    }

    /** The summary row, then one row per run. */
    void print(PrintWriter out) {
        TextTable t = new TextTable("dataset", "split", "model", "runs", "test", "val", "gnn test", "cand. recall",
                "total s");
        t.row(dataset, split, model, runs.size(), over(LmNodeClassifier.Run::test).toString(),
                over(LmNodeClassifier.Run::val).toString(), over(LmNodeClassifier.Run::gnnTest).toString(),
                f4(over(LmNodeClassifier.Run::candidateRecall).mean()), f1(totalSeconds));
        t.print(out);
        out.println();
        TextTable r = new TextTable("seed", "val", "test", "gnn val", "gnn test", "recall", "last loss",
                "prompt tokens", "fit s", "predict s");
        for (LmNodeClassifier.Run run : runs) {
            double[] l = run.epochLosses();
            r.row(run.seed(), f4(run.val()), f4(run.test()), f4(run.gnnVal()), f4(run.gnnTest()),
                    f4(run.candidateRecall()), l.length == 0 ? "-" : f4(l[l.length - 1]),
                    f1(run.meanPromptTokens()), f1(run.fitSeconds()), f1(run.predictSeconds()));
        }
        r.print(out);
        out.flush();
    }

    private static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }

    private static String f4(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    private static String f1(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
