package dev.tessera.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tessera.TesseraException;
import dev.tessera.cli.output.ConsoleProgress;
import dev.tessera.cli.output.Json;
import dev.tessera.datasets.DatasetLoader;
import dev.tessera.graph.GraphDataset;
import dev.tessera.nodeclass.ExperimentResult;
import dev.tessera.nodeclass.ModelProvider;
import dev.tessera.nodeclass.Models;
import dev.tessera.nodeclass.NodeClassExperiment;
import dev.tessera.nodeclass.ResultFiles;
import dev.tessera.nodeclass.SplitSelection;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tessera bench nodeclass}: the node-classification grid, every model on every dataset with the same
 * options, K seeds each; a table of mean ± std on stdout and {@code results.json}, {@code results.csv} and
 * {@code results.png} in the output folder.
 */
@Command(name = "nodeclass", sortOptions = false,
        description = {"Run a grid of node-classification experiments (datasets x models, K seeds each), print mean "
                + "± std, and write results.json, results.csv and results.png.",
            "Example: tessera bench nodeclass --datasets cora,citeseer --models mlp,gcn,sage,gat --seeds 10 --out results/"})
final class BenchNodeclassCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--datasets", required = true, split = ",", paramLabel = "LIST",
            description = "Registry names or dataset paths, comma-separated.")
    List<String> datasets;

    @Option(names = "--models", required = true, split = ",", paramLabel = "LIST",
            completionCandidates = TrainCommand.ModelNames.class,
            description = "Models, comma-separated (${COMPLETION-CANDIDATES}).")
    List<String> models;

    @Option(names = "--split", paramLabel = "S", description = "The split for every dataset (default: each one's default).")
    String split;

    @Option(names = "--all-splits", description = "Run every fold of each dataset's fold family.")
    boolean allSplits;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "results/nodeclass",
            description = "Folder for results.json, results.csv and results.png (default: ${DEFAULT-VALUE}).")
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
        List<ModelProvider> providers = new ArrayList<>();
        for (String m : models) {
            providers.add(Models.byName(m, "--models"));
        }
        var settings = modelOptions.settings();
        trainOptions.config(settings.fanouts() != null); // checks the training options before any run
        if (trainOptions.checkpointDir != null && (datasets.size() > 1 || models.size() > 1)) {
            throw new TesseraException("--checkpoint-dir: checkpoints are per run of 'tessera train'; "
                    + "a grid would mix runs of different models in one folder");
        }
        DatasetLoader loader = data.loader(err);
        var progress = ConsoleProgress.forStderr(err);
        List<ExperimentResult> results = new ArrayList<>();
        for (String name : datasets) {
            GraphDataset ds = loader.load(name);
            SplitSelection splits = SplitSelection.resolve(ds, split, allSplits);
            for (ModelProvider p : providers) {
                p.config(ds, settings);
            }
            for (ModelProvider p : providers) {
                results.add(new NodeClassExperiment(ds, p, settings,
                        trainOptions.config(p.trainingDefaults(), settings.fanouts() != null), splits, trainOptions.seeds,
                        trainOptions.seed, false).run(progress));
            }
        }
        ObjectNode header = Json.object();
        header.put("command", "tessera " + String.join(" ", spec.commandLine().getParseResult().originalArgs()));
        header.put("finished", Instant.now().toString());
        ArrayNode ds = header.putArray("datasets");
        datasets.forEach(ds::add);
        ArrayNode ms = header.putArray("models");
        models.forEach(ms::add);
        List<Path> files = ResultFiles.write(out, results, header);
        PrintWriter stdout = spec.commandLine().getOut();
        if (output.json) {
            ObjectNode root = Json.object();
            root.set("header", header);
            ArrayNode a = root.putArray("results");
            for (ExperimentResult r : results) {
                a.add(r.toJson(false));
            }
            Json.print(stdout, root);
        } else {
            TrainCommand.summaryTable(results).print(stdout);
            stdout.println();
            stdout.println("Wrote " + String.join(", ", files.stream().map(Path::toString).toList()));
            stdout.flush();
        }
        return 0;
    }
}
