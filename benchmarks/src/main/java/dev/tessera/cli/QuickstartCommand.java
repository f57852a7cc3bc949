package dev.tessera.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tessera.cli.output.ConsoleProgress;
import dev.tessera.cli.output.Json;
import dev.tessera.graph.GraphDataset;
import dev.tessera.nodeclass.ExperimentResult;
import dev.tessera.nodeclass.ModelSettings;
import dev.tessera.nodeclass.Models;
import dev.tessera.nodeclass.NodeClassExperiment;
import dev.tessera.nodeclass.SplitSelection;
import dev.tessera.train.TrainConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tessera quickstart}: the first thing to run on a fresh clone. Loads the dataset shipped in the jar
 * ({@value #DATASET}, copied into the data directory, offline), prints its summary, then trains an MLP and a GCN on
 * it with the default options and prints their test accuracy (mean ± std over seeds): with one-hot node ids as
 * features, only the model that reads the graph can generalize.
 */
@Command(name = "quickstart",
        description = {"Load the dataset shipped with Tessera (Zachary's karate club; works offline), print its "
                + "summary, and train an MLP and a GCN on it, to check that everything works."})
final class QuickstartCommand implements Callable<Integer> {
    /** The registry name of the shipped default dataset. */
    static final String DATASET = "karate";
    /** The models trained: one that ignores the graph, one that reads it. */
    static final List<String> MODELS = List.of("mlp", "gcn");

    @Option(names = "--seeds", paramLabel = "K", defaultValue = "10",
            description = "Runs per model (default: ${DEFAULT-VALUE}).")
    int seeds;

    @Spec
    private CommandSpec spec;

    @Mixin
    private DatasetOptions data;

    @Mixin
    private OutputOptions output;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        if (seeds < 1) {
            throw new dev.tessera.TesseraException("--seeds: expected a positive number of runs, got " + seeds);
        }
        DatasetSummary summary = DatasetSummary.load(data.loader(err), DATASET);
        if (!output.json) {
            out.println("Tessera quickstart: the shipped dataset '" + DATASET + "', read from " + summary.path());
            out.println();
            summary.print(out);
            out.println();
            out.println("Training " + String.join(" and ", MODELS) + " on " + DATASET + " (" + seeds
                    + " seeds, default options; progress on stderr) ...");
            out.flush();
        }
        GraphDataset ds = data.loader(err).load(DATASET);
        List<ExperimentResult> results = new ArrayList<>();
        for (String m : MODELS) {
            results.add(new NodeClassExperiment(ds, Models.byName(m), ModelSettings.DEFAULTS,
                    TrainConfig.builder().build(), SplitSelection.resolve(ds, null, false), seeds, 0, false)
                    .run(ConsoleProgress.forStderr(err)));
        }
        if (output.json) {
            ObjectNode o = summary.json();
            ArrayNode a = o.putArray("results");
            for (ExperimentResult r : results) {
                a.add(r.toJson(false));
            }
            Json.print(out, o);
            return 0;
        }
        out.println();
        TrainCommand.summaryTable(results).print(out);
        out.println();
        out.println("Next: 'tessera data list' shows the known datasets, 'tessera data download NAME' fetches one,");
        out.println("'tessera data info NAME' summarizes it, 'tessera train --model gcn --dataset NAME' trains on it,");
        out.println("'tessera bench nodeclass --datasets A,B --models mlp,gcn,sage,gat' runs a benchmark grid.");
        out.flush();
        return 0;
    }
}
