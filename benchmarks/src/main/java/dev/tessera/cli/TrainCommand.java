package dev.tessera.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tessera.cli.output.ConsoleProgress;
import dev.tessera.cli.output.Json;
import dev.tessera.cli.output.TextTable;
import dev.tessera.graph.GraphDataset;
import dev.tessera.io.AtomicFiles;
import dev.tessera.nodeclass.ExperimentResult;
import dev.tessera.nodeclass.ModelProvider;
import dev.tessera.nodeclass.Models;
import dev.tessera.nodeclass.NodeClassExperiment;
import dev.tessera.nodeclass.RunRecord;
import dev.tessera.nodeclass.SplitSelection;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tessera train}: trains one model on one dataset, K seeds per split, and reports the test metric of the
 * best-validation weights as mean ± std, with the configuration that produced it.
 */
@Command(name = "train", sortOptions = false,
        description = {"Train a node classifier on a dataset, K seeds per split, and report the test metric of the "
                + "best-validation epoch (mean ± std over runs).",
            "Models: mlp, gcn, sage, gat, geco, gqt. Example: tessera train --model gcn --dataset cora --seeds 10"})
final class TrainCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "M", completionCandidates = ModelNames.class,
            description = "The model (${COMPLETION-CANDIDATES}).")
    String model;

    @Option(names = "--dataset", required = true, paramLabel = "D",
            description = "A registry name (see 'tessera data list') or a dataset folder or file.")
    String dataset;

    @Option(names = "--split", paramLabel = "S", description = "The split to use (default: the dataset's default split).")
    String split;

    @Option(names = "--all-splits", description = "Run every fold of the split's family (e.g. the 10 folds) and "
            + "report mean ± std over all runs.")
    boolean allSplits;

    @Option(names = "--out", paramLabel = "FILE", description = "Also write the result, with every run, as JSON to FILE.")
    Path out;

    @Mixin
    DatasetOptions data;

    @Mixin
    ModelOptions modelOptions;

    @Mixin
    TrainOptions trainOptions;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        ModelProvider provider = Models.byName(model);
        var settings = modelOptions.settings();
        var config = trainOptions.config(provider.trainingDefaults(), settings.fanouts() != null);
        GraphDataset ds = data.loader(err).load(dataset);
        SplitSelection splits = SplitSelection.resolve(ds, split, allSplits);
        provider.config(ds, settings); // checks the model options against the dataset before any training
        ExperimentResult result = new NodeClassExperiment(ds, provider, settings, config, splits, trainOptions.seeds,
                trainOptions.seed, trainOptions.resume).run(ConsoleProgress.forStderr(err));
        if (out != null) {
            String text = Json.MAPPER.valueToTree(result.toJson(true)).toPrettyString() + "\n";
            AtomicFiles.write(out, o -> o.write(text.getBytes(StandardCharsets.UTF_8)));
        }
        PrintWriter stdout = spec.commandLine().getOut();
        if (output.json) {
            Json.print(stdout, result.toJson(false));
        } else {
            print(stdout, result);
        }
        return 0;
    }

    /** The summary line, then one row per run. */
    static void print(PrintWriter out, ExperimentResult r) {
        summaryTable(java.util.List.of(r)).print(out);
        if (r.runs().size() > 1) {
            out.println();
            TextTable runs = new TextTable("split", "seed", "best epoch", "epochs", "val", "test", "epoch ms");
            for (RunRecord run : r.runs()) {
                runs.row(run.split(), run.result().seed(), run.result().bestEpoch(), run.result().epochs(),
                        f4(run.val()), f4(run.test()), f1(run.result().epochMsMean()));
            }
            runs.print(out);
        }
        out.flush();
    }

    /**
     * @param results experiments
     * @return a table with one row per experiment: test and validation mean ± std, epoch time, total time
     */
    static TextTable summaryTable(java.util.List<ExperimentResult> results) {
        TextTable t = new TextTable("dataset", "split", "model", "metric", "runs", "test", "val", "epoch ms", "total s");
        for (ExperimentResult r : results) {
            t.row(r.dataset(), r.split(), r.model(), r.metric(), r.runs().size(), r.test().toString(),
                    r.val().toString(), f1(r.epochMsMean()), f1(r.totalSeconds()));
        }
        return t;
    }

    private static String f4(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    private static String f1(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** The model names, for the help text. */
    static final class ModelNames extends java.util.ArrayList<String> {
        private static final long serialVersionUID = 1L;

        ModelNames() {
            super(Models.names());
        }
    }
}
